"""evaluate(loaded, profile, frameworks) → Evaluation: check, score, summarise.

The profile and the frameworks come from the caller (the web app's settings, the CLI's
options) and are read through the rules reader; nothing here picks a default behind the
caller's back, so the problem panel and a report refusal use the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from jixiao.core.checks import CheckOptions, run_checks
from jixiao.core.evaluation import Evaluation, summarise
from jixiao.core.framework import FrameworkChoice
from jixiao.core.problems import sort_problems
from jixiao.core.scoring import score_submission
from jixiao.rules.frameworks import choose_frameworks
from jixiao.rules.profiles import DEFAULT_PROFILE, load_options

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jixiao.core.framework import Framework, FrameworkKind
    from jixiao.core.problems import Problem
    from jixiao.core.scoring import Score
    from jixiao.pipeline.loading import Loaded

__all__ = ["DEFAULT_PROFILE", "evaluate"]


def evaluate(
    loaded: Loaded,
    *,
    profile: str | CheckOptions = DEFAULT_PROFILE,
    frameworks: Sequence[str] | Mapping[FrameworkKind, Framework] = (),
    region_frameworks: Sequence[str] = (),
    project: str | None = None,
    check: bool = True,
    score: bool = True,
) -> Evaluation:
    """Run the checks and the scoring; never raises on bad data.

    `profile` is a profile id, a file, or options already loaded (with select/ignore);
    `frameworks` are ids or files, or loaded ones by kind; a kind not given gets the
    framework the bureau set for the region (`region_frameworks`, ids) or else the one
    that applies to the submission's year and region (`choose_frameworks`; none → a
    `scoring.no-framework` problem). `evaluation.frameworks` says which and why.
    `project` scores only the project of that name (and not the department). `check` and
    `score` turn a stage off for the commands that show only one (`jixiao check`/`score`);
    the web app and reports always run both.

    Raises:
        UnreadableError: the profile or a framework file cannot be read or is invalid.
    """
    options = (load_options(profile) if isinstance(profile, str) else profile) if check else None
    sub = loaded.submission
    problems: list[Problem] = list(loaded.problems)
    scores: list[Score] = []
    choices: list[FrameworkChoice] = []
    if sub is not None and options is not None:
        problems += loaded.locate(run_checks(sub, options))
    if sub is not None and score:
        if isinstance(frameworks, Mapping):
            choices = [FrameworkChoice(k, fw, "调用时指定") for k, fw in frameworks.items()]
        else:
            choices, missing = choose_frameworks(
                sub, frameworks, region_frameworks, project=project
            )
            problems += loaded.locate(missing)
        chosen = {c.kind: c.framework for c in choices}
        scores, found = score_submission(sub, chosen, project=project)
        problems += loaded.locate(found)
    problems = sort_problems(problems)
    summary = summarise(sub, problems, scores)
    return Evaluation(sub, problems, scores, summary, loaded.source, tuple(choices))
