"""Reports from an evaluation: 部门整体/项目支出绩效自评报告 with their 自评表.

`reports.render_reports` takes an `Evaluation` (never a file), `build` turns the
submission and its scores into `document.Document`s through Jinja2 outlines
(`templates/`), and the writers lay them out as Word (`docx_writer`), HTML
(`html_writer`) and PDF (`pdf`). The pipeline's `render` is the one way in.
"""

from jixiao.render.reports import FORMATS, Rendered, RenderedFile, ReportOptions, render_reports

__all__ = ["FORMATS", "Rendered", "RenderedFile", "ReportOptions", "render_reports"]
