"""Narrative completeness: which sections the reports would print as empty.

Why: an empty section is printed as "（单位未填写本部分内容。）" in a report that goes to
the finance bureau and the public; the unit should know before it submits, section by
section, not discover it in the printed report. The list of sections is the one the
report outlines print (render/templates/department.j2 and project.j2); a project section
left empty falls back to the shared 项目资金 narrative, as the report does.

Not a registered check: an empty section is not wrong data, and a draft is mostly empty;
the list is asked for before 提交 (the web overview lists it beside the submit button).
"""

from __future__ import annotations

from jixiao.core.model import ProjectNarrative, Submission
from jixiao.core.problems import Problem, make

DEPARTMENT_SECTIONS = (
    ("unit.functions", "职能职责"),
    ("narrative.achievements", "绩效情况及主要成效"),
    ("narrative.problems", "存在的问题"),
    ("narrative.measures", "改进措施"),
    ("narrative.result_application", "结果应用情况"),
)
"""(path, heading) of the department report's free-text sections."""
PROJECT_SECTIONS = (
    "overview",
    "work_process",
    "fund_management",
    "project_management",
    "problems",
    "result_application",
)
"""Fields of a project's narrative that the project report prints."""


def _text(sub: Submission, path: str) -> str:
    node: object = sub
    for part in path.split("."):
        node = getattr(node, part, "")
    return str(node or "").strip()


def empty_sections(sub: Submission) -> list[Problem]:
    """A `narrative.empty-section` warning per report section without text, in report order."""
    problems: list[Problem] = []
    for path, heading in DEPARTMENT_SECTIONS:
        if not _text(sub, path):
            problems.append(
                make("narrative.empty-section", path, subject="部门整体报告的", section=heading)
            )
    shared = sub.narrative.project_funds_report
    titles = ProjectNarrative.model_fields
    for index, project in enumerate(sub.projects):
        for name in PROJECT_SECTIONS:
            if str(getattr(project.narrative, name) or "").strip():
                continue
            if str(getattr(shared, name) or "").strip():
                continue
            problems.append(
                make(
                    "narrative.empty-section",
                    f"projects[{index}].narrative.{name}",
                    subject=f"项目「{project.name}」报告的",
                    section=titles[name].title or name,
                )
            )
    return problems
