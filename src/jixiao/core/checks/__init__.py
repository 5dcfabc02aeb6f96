"""Checks: small rule functions in a registry, each returning plain Problems.

A check is `fn(submission, options) -> Iterable[Problem]` registered with the codes it
may emit and tags (beancount's validation list, frictionless' error classes). `run_checks`
runs the default set; `select`/`ignore` pick codes or tags (Django's silenced checks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jixiao.core.codes import lookup
from jixiao.core.model import Submission
from jixiao.core.problems import Problem

if TYPE_CHECKING:
    from decimal import Decimal

    from jixiao.core.grading import GradeBands
    from jixiao.core.hygiene import Leftover
    from jixiao.core.identities import Identity

__all__ = ["REGISTRY", "Check", "CheckOptions", "ExplanationRules", "check", "run_checks"]


@dataclass(frozen=True)
class ExplanationRules:
    """What a region requires the unit to explain in a project's 原因 column (RULES.md §1.4).

    Data from the profile (Sichuan: an execution rate below 90% and any mid-year 追加/调减,
    in at most 100 characters), each with its reference; None in a profile means the
    region does not require it.
    """

    execution_below: Decimal | None = None
    adjustment: bool = False
    max_chars: int | None = None
    reference: str = ""


@dataclass(frozen=True)
class CheckOptions:
    """Everything a check may need besides the submission; built from a rules profile.

    No default here carries a rule value: the profile file (rules/profiles/*.yaml) is the
    only source, with its legal reference; tests build options through the same loader.
    """

    tolerance: Decimal
    grade_bands: GradeBands
    project_indicator_threshold: Decimal
    economic_classes: Mapping[str, str]
    max_score: Decimal
    leftovers: tuple[Leftover, ...] = ()
    identities: tuple[Identity, ...] = ()
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    extra: Mapping[str, Decimal] = field(default_factory=dict)
    explanations: ExplanationRules = field(default_factory=ExplanationRules)

    def wants(self, code: str) -> bool:
        """Whether a code passes the select/ignore filters (by code or by tag)."""
        keys = {code, *lookup(code).tags}
        if self.select and not keys & self.select:
            return False
        return not keys & self.ignore


CheckFn = Callable[[Submission, CheckOptions], Iterable[Problem]]


@dataclass(frozen=True)
class Check:
    """A registered check: its function, the codes it emits, tags, and whether slow."""

    name: str
    fn: CheckFn
    codes: tuple[str, ...]
    tags: tuple[str, ...] = ()
    slow: bool = False

    @property
    def doc(self) -> str:
        """First line of the check's docstring (shown in the docs)."""
        return (self.fn.__doc__ or "").strip().splitlines()[0] if self.fn.__doc__ else ""


REGISTRY: list[Check] = []


def check(
    *codes: str, tags: tuple[str, ...] = (), slow: bool = False
) -> Callable[[CheckFn], CheckFn]:
    """Register a check function with the codes it emits."""

    def decorate(fn: CheckFn) -> CheckFn:
        for code in codes:
            lookup(code)  # an undeclared code is a programming error, caught at import
        REGISTRY.append(Check(fn.__name__, fn, codes, tags, slow))
        return fn

    return decorate


def _load_checks() -> None:
    # Importing the theme modules registers their checks.
    from jixiao.core.checks import (  # noqa: F401
        classification,
        consistency,
        disclosure,
        explanations,
        grades,
        indicators,
        rates,
        staffing,
        three_public,
        totals,
    )


def run_checks(
    submission: Submission, options: CheckOptions, *, include_slow: bool = False
) -> list[Problem]:
    """Run every registered check and keep the problems the options select."""
    _load_checks()
    problems: list[Problem] = []
    for registered in REGISTRY:
        if registered.slow and not include_slow:
            continue
        problems.extend(p for p in registered.fn(submission, options) if options.wants(p.code))
    return problems
