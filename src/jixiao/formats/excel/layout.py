"""The workbook layout: one declarative description of every sheet and column.

Template, export and import all read this module, so a column cannot exist in the
template without the importer knowing its model path, and a model field added here is
at once written, read and checked. Headers are the Chinese labels the forms use
(RULES.md §2); paths are relative to the row's item (tables) or the submission (forms).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from jixiao.formats.excel.reader import MAX_COLUMNS
from jixiao.formats.excel.safety import Extent

__all__ = [
    "ACCOUNTS",
    "BOOL_CHOICES",
    "COMPARATOR_CHOICES",
    "FUNDING_SOURCES",
    "GRADE_CHOICES",
    "LEVEL1_CHOICES",
    "LEVEL2_CHOICES",
    "SCOPES",
    "SHEETS",
    "SUBMISSION",
    "TABLE_ROWS",
    "Column",
    "Field",
    "FormSheet",
    "Kind",
    "Layout",
    "Owner",
    "Section",
    "Sheet",
    "TableSheet",
    "clean_header",
    "extent",
    "sheet_by_name",
]


class Kind(Enum):
    """How a cell is read and written; decides parsing, number format and width."""

    TEXT = "text"
    LONGTEXT = "longtext"
    MONEY = "money"
    DISCLOSABLE = "disclosable"
    QUANTITY = "quantity"
    COUNT = "count"
    YEAR = "year"
    BOOL = "bool"
    COMPARATOR = "comparator"
    GRADE = "grade"
    ACTUAL = "actual"
    KEY = "key"
    MONTH = "month"

    @property
    def is_money(self) -> bool:
        """Money columns get the 0.00 format and a （万元） suffix on the header."""
        return self is Kind.MONEY or self is Kind.DISCLOSABLE


ACCOUNTS = ("一般公共预算", "政府性基金预算", "国有资本经营预算", "社会保险基金预算")
BOOL_CHOICES = ("是", "否")
COMPARATOR_CHOICES = ("≥", "≤", "=", ">", "<", "定性")
GRADE_CHOICES = ("优", "良", "中", "差")
LEVEL1_CHOICES = ("产出指标", "效益指标", "满意度指标", "投入指标", "过程指标", "效果指标")
LEVEL2_CHOICES = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
)
FUNDING_SOURCES = ("当年财政拨款", "上年结转资金", "其他资金")
QUALITATIVE_CHOICES = (
    "达成年度指标",
    "部分达成年度指标并具有一定效果",
    "未达成年度指标且效果较差",
)
SCOPES = {
    "全部支出": "finance.expenditure.by_economic_class",
    "基本支出": "finance.expenditure.basic.by_economic_class",
    "项目支出": "finance.expenditure.project.by_economic_class",
}
"""支出经济分类 口径 → list in the model; a blank 口径 means 全部支出."""


@dataclass(frozen=True)
class Column:
    """A table column: header, path within the row's item, kind and dropdown.

    `strict` choices refuse other values in Excel; loose ones only suggest (levels,
    funding sources and qualitative grades have local variants a unit may need).
    `computed` columns hold a locked formula and are never read back.
    """

    header: str
    path: str
    kind: Kind = Kind.TEXT
    choices: tuple[str, ...] | str = ()
    strict: bool = False
    width: int | None = None
    computed: str = ""

    @property
    def display(self) -> str:
        """The header as written in the sheet: money headers carry their unit."""
        return f"{self.header}（万元）" if self.kind.is_money else self.header


@dataclass(frozen=True)
class Owner:
    """The column that says which list a table row belongs to.

    kind "project": a 项目序号 → `projects[n].{field}`; blank → `blank_path` (or the row is
    refused when there is none). kind "key": the column is the row's own 序号, which other
    sheets refer to (项目). kind "scope": a 口径 from `SCOPES`. kind "sub_unit": a
    下属单位名称 → `unit.sub_units[n].{field}`; blank → `blank_path`. `single` rows set a
    mapping (项目文字说明) instead of adding to a list.
    """

    header: str
    kind: str
    field: str = ""
    blank_path: str | None = None
    single: bool = False


@dataclass(frozen=True)
class TableSheet:
    """A sheet with one header row and one item per row (项目, 绩效指标 …)."""

    name: str
    path: str
    columns: tuple[Column, ...]
    owner: Owner | None = None
    key: str = ""
    """Header of a column whose values must be unique (other sheets refer to it)."""
    skip_blank: str = ""
    note: str = ""
    rows: int = 0
    """The last readable sheet row; 0 means TABLE_ROWS (set lower where the model allows
    fewer items, so the safety scan stops a file at the model's own bound)."""

    @property
    def key_header(self) -> str:
        """The header whose values other sheets refer to ("" when none)."""
        if self.key:
            return self.key
        return self.owner.header if self.owner and self.owner.kind == "key" else ""

    @property
    def input_columns(self) -> tuple[Column, ...]:
        """Columns read back on import (computed ones are display only)."""
        return tuple(c for c in self.columns if not c.computed)

    def headers(self) -> tuple[str, ...]:
        """Every header in sheet order, owner first."""
        first = (self.owner.header,) if self.owner else ()
        return first + tuple(c.display for c in self.columns)


@dataclass(frozen=True)
class Field:
    """A labelled row of a form sheet; `{col}` in the path is each value column's key."""

    label: str
    path: str
    kind: Kind = Kind.TEXT
    choices: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Section:
    """A heading row in a form sheet (一、收入 …); read past on import."""

    label: str


@dataclass(frozen=True)
class FormSheet:
    """A sheet of labelled rows (column A) and one or more value columns.

    `value_columns` are (header, key) pairs; a single-column form uses key "".
    """

    name: str
    rows: tuple[Field | Section, ...]
    value_columns: tuple[tuple[str, str], ...] = (("填报内容", ""),)
    label_header: str = "项目"
    note: str = ""

    @property
    def fields(self) -> tuple[Field, ...]:
        """The rows that hold values."""
        return tuple(r for r in self.rows if isinstance(r, Field))

    def row_of(self, label: str) -> int:
        """1-based sheet row of a label as the template writes it (header is row 1)."""
        for i, row in enumerate(self.rows):
            if row.label == label:
                return i + 2
        raise KeyError(label)


Sheet = TableSheet | FormSheet

_M = Kind.MONEY
_D = Kind.DISCLOSABLE
_Q = Kind.QUANTITY

UNIT = FormSheet(
    "单位信息",
    (
        Field("年度", "fiscal_year", Kind.YEAR, note="必填，如 2023"),
        Field("单位名称", "unit.name", note="必填"),
        Field("预算编码", "unit.code"),
        Field("所属地区", "unit.region"),
        Field("主管部门", "unit.supervising_department"),
        Field("单位性质", "unit.kind", note="如 行政单位、参公事业单位"),
        Field("机构级别", "unit.rank"),
        Field("职能职责", "unit.functions", Kind.LONGTEXT),
        Field("编制总数", "unit.quota_total", Kind.COUNT),
        Field("实有在职人数", "unit.headcount", Kind.COUNT),
        Field("联系人", "unit.contact"),
        Field("联系电话", "unit.phone"),
        Field("部门整体支出绩效自评报告标题", "report.title"),
        Field("项目支出绩效自评报告标题", "report.project_title"),
        Field("报告日期", "report.date"),
        Field("自评得分（填报）", "self_evaluation.score", _Q),
        Field("自评等级（填报）", "self_evaluation.grade", Kind.GRADE, GRADE_CHOICES),
        Field("单位负责人", "report.signer", note="报告签章栏"),
    ),
)


FINANCE = FormSheet(
    "收支情况",
    (
        Section("一、收入"),
        Field("本年总收入", "finance.revenue.total", _M, note="各收入来源见『收入来源』表"),
        Section("二、支出"),
        Field("本年总支出", "finance.expenditure.total", _M),
        Field("基本支出合计", "finance.expenditure.basic.total", _D, note="涉密可填“未公开”"),
        Field("人员经费", "finance.expenditure.basic.personnel", _M),
        Field("公用经费", "finance.expenditure.basic.public", _M),
        Field("项目支出合计", "finance.expenditure.project.total", _D, note="涉密可填“未公开”"),
        Section("三、按预算类别的支出"),
        Field("一般公共预算支出", "finance.expenditure.by_account.general_public", _M),
        Field("政府性基金预算支出", "finance.expenditure.by_account.government_fund", _M),
        Field("国有资本经营预算支出", "finance.expenditure.by_account.state_capital", _M),
        Field("社会保险基金预算支出", "finance.expenditure.by_account.social_insurance", _M),
        Section("四、预算执行"),
        Field("年初预算数", "finance.budget.initial", _M),
        Field("全年预算数", "finance.budget.full_year", _M, note="调整后预算数"),
        Field("全年执行数", "finance.budget.executed", _M),
        Field("公用经费预算数", "finance.budget.public_funds_budget", _M),
        Field(
            "预算执行率（填报，%）",
            "finance.budget.stated_execution_rate",
            _Q,
            note="填 96.5，不填 96.5%",
        ),
        Field("预算收入完成率（填报，%）", "finance.budget.stated_revenue_completion_rate", _Q),
        Section("五、结转结余、支付进度与政府采购"),
        Field("上年结转结余（年初）", "finance.carryover.last_year", _M),
        Field("本年结转结余（年末）", "finance.carryover.this_year", _M),
        Field("按既定进度应支付数", "finance.payment.planned", _M),
        Field("实际支付数", "finance.payment.paid", _M),
        Field("政府采购预算", "finance.procurement.budget", _M),
        Field("实际采购金额", "finance.procurement.actual", _M),
    ),
    value_columns=(("填报内容", ""),),
    note="金额单位：万元",
)

THREE_PUBLIC = FormSheet(
    "三公经费",
    (
        Field("因公出国（境）费", "finance.three_public.{col}.overseas", _M),
        Field("公务用车购置费", "finance.three_public.{col}.vehicle_purchase", _M),
        Field("公务用车运行维护费", "finance.three_public.{col}.vehicle_operation", _M),
        Field("公务接待费", "finance.three_public.{col}.reception", _M),
        Field("合计", "finance.three_public.{col}.total", _M),
    ),
    value_columns=(("预算数", "budget"), ("本年实际", "actual"), ("上年实际", "last_year_actual")),
    label_header="“三公”经费",
    note="金额单位：万元",
)

NARRATIVE = FormSheet(
    "文字说明",
    (
        Section("部门整体支出绩效自评报告"),
        Field("部门整体支出概况", "narrative.overview", Kind.LONGTEXT),
        Field("绩效情况及主要成效", "narrative.achievements", Kind.LONGTEXT),
        Field("存在的问题", "narrative.problems", Kind.LONGTEXT),
        Field("改进措施", "narrative.measures", Kind.LONGTEXT),
        Field("结果应用情况", "narrative.result_application", Kind.LONGTEXT),
        Field("公开网址", "narrative.disclosure.url"),
        Field("公开情况说明", "narrative.disclosure.statement", Kind.LONGTEXT),
        Section("项目资金绩效自评报告（多个项目合并）"),
        Field("项目资金：项目概况", "narrative.project_funds_report.overview", Kind.LONGTEXT),
        Field(
            "项目资金：绩效自评工作开展情况",
            "narrative.project_funds_report.work_process",
            Kind.LONGTEXT,
        ),
        Field(
            "项目资金：资金使用及管理情况",
            "narrative.project_funds_report.fund_management",
            Kind.LONGTEXT,
        ),
        Field(
            "项目资金：项目管理情况",
            "narrative.project_funds_report.project_management",
            Kind.LONGTEXT,
        ),
        Field("项目资金：存在的问题", "narrative.project_funds_report.problems", Kind.LONGTEXT),
        Field("项目资金：改进措施", "narrative.project_funds_report.measures", Kind.LONGTEXT),
        Field(
            "项目资金：结果应用和公开情况",
            "narrative.project_funds_report.result_application",
            Kind.LONGTEXT,
        ),
    ),
)

_PROJECT_REF = "项目序号"
PROJECT_NAME = Column("项目名称", "", computed="project_name", width=24)
"""Shown beside a 项目序号 (a formula looking the name up in 项目); never read back."""
LEVEL1 = Column("一级指标", "level1", choices=LEVEL1_CHOICES)
LEVEL2 = Column("二级指标", "level2", choices=LEVEL2_CHOICES, width=18)
LEVEL3 = Column("三级指标", "name", width=24)
MEASURE_UNIT = Column("计量单位", "unit")
COMPARATOR = Column(
    "指标性质", "target.comparator", Kind.COMPARATOR, COMPARATOR_CHOICES, strict=True
)
TARGET_VALUE = Column("指标值", "target.value", _Q)
TARGET_TEXT = Column("指标值（原文）", "target.text", width=16)
WEIGHT = Column("分值", "weight", _Q)

STAFFING = TableSheet(
    "编制",
    "unit.staffing",
    (
        Column("编制类别或机构", "name", width=22),
        Column("编制数", "quota", Kind.COUNT),
        Column("实有人数", "headcount", Kind.COUNT),
    ),
    owner=Owner("所属单位", "sub_unit", field="staffing", blank_path="unit.staffing"),
    note="所属单位留空表示本单位；填写下属单位名称时须与『下属单位』表一致",
)

SUB_UNITS = TableSheet(
    "下属单位",
    "unit.sub_units",
    (Column("下属单位名称", "name", width=24), Column("单位性质", "kind")),
    key="下属单位名称",
)

REVENUE = TableSheet(
    "收入来源",
    "finance.revenue.sources",
    (Column("收入来源", "name", width=24), Column("金额", "amount", _D)),
)

ECONOMIC = TableSheet(
    "支出经济分类",
    "finance.expenditure.by_economic_class",
    (
        Column("科目编码", "code", Kind.TEXT, choices="codes", strict=False),
        Column("科目名称", "name", width=28),
        Column("金额", "amount", _D),
    ),
    owner=Owner("口径", "scope"),
    skip_blank="金额",
    note="金额为空的行不导入；口径留空视为全部支出",
)

PROJECTS = TableSheet(
    "项目",
    "projects",
    (
        Column("项目名称", "name", width=24),
        Column("项目编码", "code"),
        Column("实施单位", "implementing_unit"),
        Column("预算类别", "account", choices=ACCOUNTS, strict=True),
        Column("涉密", "classified", Kind.BOOL, BOOL_CHOICES, strict=True),
        Column("重点项目", "key_project", Kind.BOOL, BOOL_CHOICES, strict=True),
        Column("年初预算数", "budget.initial", _D),
        Column("全年预算数", "budget.full_year", _D),
        Column("全年执行数", "budget.executed", _D),
        Column("执行率（填报，%）", "budget.stated_execution_rate", _Q),
        Column("执行率（计算，%）", "", computed="execution_rate"),
        Column("预算执行原因说明", "budget.explanation", Kind.LONGTEXT),
        Column("资金来源核对", "", computed="identity:project-funding"),
        Column("年度总体目标", "goal", Kind.LONGTEXT),
        Column("实际完成情况", "outcome", Kind.LONGTEXT),
        Column("自评得分（填报）", "stated_score", _Q),
        Column("自评等级（填报）", "stated_grade", Kind.GRADE, GRADE_CHOICES, strict=True),
    ),
    owner=Owner(_PROJECT_REF, "key"),
)

FUNDING = TableSheet(
    "项目资金来源",
    "projects[].funding",
    (
        PROJECT_NAME,
        Column("资金来源", "source", choices=FUNDING_SOURCES, width=16),
        Column("年初预算数", "initial", _D),
        Column("全年预算数", "full_year", _D),
        Column("全年执行数", "executed", _D),
    ),
    owner=Owner(_PROJECT_REF, "project", field="funding"),
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
        Column("实际完成值", "actual", Kind.ACTUAL, QUALITATIVE_CHOICES, width=16),
        WEIGHT,
        Column("得分（填报）", "stated_score", _Q),
        Column("得分核对", "", computed="score_check"),
        Column("偏差原因分析", "deviation_reason", Kind.LONGTEXT),
        Column("改进措施", "measures", Kind.LONGTEXT),
    ),
    owner=Owner(_PROJECT_REF, "project", field="indicators", blank_path="department_indicators"),
    note="项目序号留空表示部门整体绩效指标",
)

PROJECT_TEXT = TableSheet(
    "项目文字说明",
    "projects[].narrative",
    (
        PROJECT_NAME,
        Column("项目概况", "overview", Kind.LONGTEXT),
        Column("绩效自评工作开展情况", "work_process", Kind.LONGTEXT),
        Column("资金使用及管理情况", "fund_management", Kind.LONGTEXT),
        Column("项目管理情况", "project_management", Kind.LONGTEXT),
        Column("存在的问题", "problems", Kind.LONGTEXT),
        Column("改进措施", "measures", Kind.LONGTEXT),
        Column("结果应用和公开情况", "result_application", Kind.LONGTEXT),
    ),
    owner=Owner(_PROJECT_REF, "project", field="narrative", single=True),
)

PHOTOS = TableSheet(
    "照片说明",
    "narrative.photos",
    (
        Column("照片文件", "file", width=30),
        Column("照片标题", "title", width=30),
        Column("图注", "caption", width=36),
    ),
)

RESTATEMENTS = TableSheet(
    "重述数值",
    "restatements",
    (
        Column("对应字段", "field", width=34),
        Column("重述数值", "value", _D),
        Column("出现位置", "where", width=28),
        Column("原文", "quote", Kind.LONGTEXT),
    ),
    note="报告正文中再次出现的数值；对应字段为数据字段路径，如 finance.expenditure.total",
)

SHEETS: tuple[Sheet, ...] = (
    UNIT,
    SUB_UNITS,
    STAFFING,
    FINANCE,
    REVENUE,
    ECONOMIC,
    THREE_PUBLIC,
    PROJECTS,
    FUNDING,
    INDICATORS,
    PROJECT_TEXT,
    NARRATIVE,
    PHOTOS,
    RESTATEMENTS,
)
"""Sheets in workbook order, after the 填表说明 sheet; also the import order, so a sheet
that is referred to (下属单位, 项目) is read before the sheets that refer to it."""

INSTRUCTIONS = "填表说明"
LISTS = "代码表"


_SUBMISSION_GUIDE = (
    "预算绩效自评数据填报模板（jixiao）",
    "",
    "一、填写方法",
    "1. 按工作表顺序填写：单位信息 → 下属单位、编制 → 收支情况、收入来源、支出经济分类、三公经费 → 项目、项目资金来源、绩效指标、项目文字说明 → 文字说明、照片说明、重述数值。",
    "2. 金额一律以“万元”为单位，保留两位小数，直接填写阿拉伯数字（如 1234.56）；涉密金额可填“未公开”。也接受“1,234.56”“１２３万元”“120000元”等写法，导入时会提示按什么数字读取。",
    "3. 比率（执行率、完成率）填百分数的数字部分，如 96.5，不要填 96.5%。",
    "4. 带下拉箭头的单元格请从列表中选择（经济分类科目、预算类别、涉密、指标性质、自评等级等）。",
    "5. 『项目』表每行一个项目，项目序号（1、2、3…）不可重复；『项目资金来源』『绩效指标』『项目文字说明』用项目序号对应到项目。绩效指标的项目序号留空，表示部门整体绩效指标。",
    "6. 指标性质选 ≥、≤、=、>、< 或 定性；指标值填数字，计量单位另列；也可只在“指标值（原文）”中填写如“≥2000件”。定性指标的实际完成值可从下拉列表选择三档之一。",
    "7. 黄色单元格是自动核对公式（如“合计不符”“超过分值”），随填写即时更新，不需要填写，也不能修改。",
    "",
    "二、注意事项",
    "1. 不要改动工作表名称和表头；不要合并单元格；不需要的行请删除而不是隐藏。",
    "2. 工作表已保护（无密码），只锁定自动核对的公式单元格；如需删除整行，可在“审阅 → 撤销工作表保护”后操作。",
    "3. 填好后运行：jixiao import 本文件.xlsx -o 自评数据.yaml，会一次列出全部问题及其单元格位置（如 项目!H7）。",
    "4. 支持 Excel 2007 及以上版本和 WPS 表格保存的 .xlsx；旧版 .xls 请先另存为 .xlsx。含宏的 .xlsm 只读取数据，宏不会运行。",
)


@dataclass(frozen=True)
class Layout:
    """A kind of workbook: its sheets in order, its 填表说明 text and the sheet of projects.

    The self-evaluation (`SUBMISSION`) and the 绩效目标申报表 (`target_layout.TARGETS`)
    are two layouts read and written by the same template, writer and importer code, so
    the safety bounds, dropdowns, cell reading and sheet!cell locations are the same.
    `projects` is the key sheet a 项目序号 column refers to (its name and list path).
    """

    title: str
    sheets: tuple[Sheet, ...]
    guide: tuple[str, ...]
    projects: TableSheet

    def extents(self) -> dict[str, Extent]:
        """How far values may reach in each sheet, for the safety scan before parsing."""
        return {s.name: extent(s) for s in self.sheets}

    @property
    def uses_codes(self) -> bool:
        """Whether a column's dropdown lists the economic-class codes (the 代码表 sheet)."""
        return any(
            isinstance(s, TableSheet) and any(c.choices == "codes" for c in s.columns)
            for s in self.sheets
        )


TABLE_ROWS = 250_000
"""A table sheet's last readable row: 200,000 indicator rows (a whole province's projects
in one workbook) plus a quarter."""
FORM_MARGIN = 1_000
"""Rows below a form sheet's last template row where notes are still tolerated."""
COLUMN_MARGIN = 16
"""Columns right of a table's last template column (the template's own panels use ≤ 6)."""


def extent(sheet: Sheet) -> Extent:
    """How far values may reach in a sheet: the template's extent plus a margin.

    Tables: TABLE_ROWS rows and their columns plus COLUMN_MARGIN; forms: their rows plus
    FORM_MARGIN and MAX_COLUMNS columns (a form is a few dozen rows, so that stays small).
    """
    if isinstance(sheet, TableSheet):
        return Extent(sheet.rows or TABLE_ROWS, len(sheet.columns) + COLUMN_MARGIN)
    return Extent(len(sheet.rows) + 1 + FORM_MARGIN, MAX_COLUMNS)


SUBMISSION = Layout("自评", SHEETS, _SUBMISSION_GUIDE, PROJECTS)
"""The self-evaluation workbook (预算绩效自评数据填报模板)."""


def sheet_by_name(name: str) -> Sheet:
    """The layout of a sheet by its Chinese name."""
    for sheet in SHEETS:
        if sheet.name == name:
            return sheet
    raise KeyError(name)


def clean_header(text: object) -> str:
    """A header as compared on import: no spaces, no “*”, no unit suffix, NFKC-folded.

    Users add “*” to mark required columns, retype brackets half-width or drop the unit;
    none of that should make a column unknown.
    """
    import unicodedata

    folded = unicodedata.normalize("NFKC", str(text or "")).replace(" ", "").replace("*", "")
    folded = folded.replace("\n", "")
    for unit in ("(万元)", "(元)"):
        folded = folded.removesuffix(unit)
    return folded
