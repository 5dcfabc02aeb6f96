"""Reports from checked data: 部门整体/项目支出绩效自评报告 with their 自评表.

Pipeline: `service.render_file` checks and scores a file, `build` turns the submission
and its scores into a `document.Document` through Jinja2 outlines (`templates/`), and
the writers lay it out as Word (`docx_writer`), HTML (`html_writer`) and PDF (`pdf`).
"""

from jixiao.render.service import ReportRequest, ReportResult, load_report_rules, render_file

__all__ = ["ReportRequest", "ReportResult", "load_report_rules", "render_file"]
