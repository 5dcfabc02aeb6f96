"""The 绩效目标申报表 workbook: the department's goal and each project's targets.

Why a layout and not a second importer: a unit clerk fills targets in Excel the way they
fill the self-evaluation, and the indicator columns (levels, unit, comparator, target,
weight) are the very `Column`s of the self-evaluation's 绩效指标 sheet, so a target
means the same cell in both workbooks and is read by the same code, with the same
dropdowns, bounds and sheet!cell problems. Paths are those of `core.goals.TargetSet`.
"""

from __future__ import annotations

from annotated_types import MaxLen

from jixiao.core.goals import TargetSet
from jixiao.formats.excel.layout import (
    COMPARATOR,
    LEVEL1,
    LEVEL2,
    LEVEL3,
    MEASURE_UNIT,
    PROJECT_NAME,
    TARGET_TEXT,
    TARGET_VALUE,
    WEIGHT,
    Column,
    Field,
    FormSheet,
    Kind,
    Layout,
    Owner,
    TableSheet,
)

__all__ = ["GOALS", "INDICATORS", "PROJECTS", "TARGETS"]


def _room(name: str) -> int:
    """Sheet rows for a list of the model: twice its most items (room for blank rows)."""
    found = [m.max_length for m in TargetSet.model_fields[name].metadata if isinstance(m, MaxLen)]
    return 2 * found[0] + 1


GOALS = FormSheet(
    "部门整体目标",
    (
        Field("年度", "fiscal_year", Kind.YEAR, note="已预填，请勿修改"),
        Field("单位名称", "unit_name", note="已预填，请勿修改"),
        Field("单位类型", "unit_kind", note="如 行政单位、事业单位"),
        Field("部门整体年度目标", "department_goal", Kind.LONGTEXT, note="本年度部门整体绩效目标"),
    ),
)

PROJECTS = TableSheet(
    "项目",
    "projects",
    (
        Column("项目名称", "name", width=24),
        Column("项目编码", "code"),
        Column("实施起始年月", "start", Kind.MONTH),
        Column("实施终止年月", "end", Kind.MONTH),
        Column("年度资金总额", "funding", Kind.MONEY),
        Column("总体目标", "total_goal", Kind.LONGTEXT),
        Column("年度目标", "annual_goal", Kind.LONGTEXT),
    ),
    owner=Owner("项目序号", "key"),
    note="每行一个项目；项目序号不可重复",
    rows=_room("projects"),
)

INDICATORS = TableSheet(
    "绩效指标",
    "projects[].indicators",
    (
        PROJECT_NAME,
        LEVEL1,
        LEVEL2,
        LEVEL3,
        MEASURE_UNIT,
        COMPARATOR,
        TARGET_VALUE,
        TARGET_TEXT,
        WEIGHT,
    ),
    owner=Owner("项目序号", "project", field="indicators", blank_path="department_indicators"),
    note="项目序号留空表示部门整体绩效指标",
)

_GUIDE = (
    "绩效目标申报表填报模板（jixiao）",
    "",
    "一、填写方法",
    "1. 按工作表顺序填写：部门整体目标 → 项目 → 绩效指标。年度和单位名称已预填，请勿修改。",
    "2. 『部门整体目标』填写单位类型和本年度部门整体绩效目标。",
    "3. 『项目』表每行一个项目：项目序号（1、2、3…）不可重复；实施起止年月写成 2025-01；年度资金总额以“万元”为单位，直接填写数字（如 120.5）。",
    "4. 『绩效指标』表每行一个三级指标。项目序号填写该指标所属项目的序号；留空表示部门整体绩效指标，“项目名称”列会显示“部门整体”。",
    "5. 一级指标、二级指标、指标性质带下拉列表。一级指标应覆盖产出指标、效益指标、满意度指标三个维度；产出指标下分数量、质量、时效、成本指标。",
    "6. 定量指标：指标性质选 ≥、≤、=、>、<，指标值只填数字，计量单位另列（如 ≥ · 2000 · 件）；也可只在“指标值（原文）”中填写如“≥2000件”。定性指标：指标性质选“定性”，在“指标值（原文）”中写明可检验的状态。",
    "7. 成本指标用“≤”；百分比指标不超过 100；完成时限应在项目实施期内；“资金支付率”“预算执行率”不是产出指标。上传后系统会逐项提示。",
    "",
    "二、注意事项",
    "1. 不要改动工作表名称和表头；不要合并单元格；不需要的行请删除而不是隐藏。",
    "2. 黄色单元格是公式（项目名称按项目序号自动显示），不需要填写；工作表保护没有密码。",
    "3. 填好后在网页“绩效目标”页上传本文件，系统会一次列出需要修改之处及其单元格位置（如 绩效指标!H7）；改好后再次上传即可。",
    "4. 已报送财政或已批复锁定的绩效目标不能再上传修改；批复后如需变更，请在网页上提出调整申请。",
    "5. 支持 Excel 2007 及以上版本和 WPS 表格保存的 .xlsx；旧版 .xls 请先另存为 .xlsx。",
)

TARGETS = Layout("绩效目标", (GOALS, PROJECTS, INDICATORS), _GUIDE, PROJECTS)
"""The 绩效目标申报表 workbook (`core.goals.TargetSet`)."""
