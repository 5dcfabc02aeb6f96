"""The submission: one unit's self-evaluation for one fiscal year.

Every surface reads this model and nothing else. It is frozen (a checked submission
cannot change under a report) and keeps what the unit *stated*, including totals that
could be derived: the point of the checks is to compare stated totals with their parts.
Amounts are `Money` (Decimal 万元); `Disclosable` amounts may be "未公开" (涉密).
Field titles are the Chinese labels used in messages and in the JSON Schema.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from jixiao.core.grading import GRADE_WORDS, Grade
from jixiao.core.targets import Comparator, parse_actual, parse_comparator, split_number_unit
from jixiao.core.types import Count, Disclosable, Line, Money, Quantity

__all__ = [
    "GRADE_WORDS",
    "BudgetAccounts",
    "BudgetColumns",
    "BudgetExecution",
    "Carryover",
    "Disclosure",
    "EconomicLine",
    "Expenditure",
    "Finance",
    "FundingRow",
    "Grade",
    "Indicator",
    "Narrative",
    "Photo",
    "Procurement",
    "Project",
    "ProjectBudget",
    "ProjectNarrative",
    "ReportMeta",
    "Restatement",
    "Revenue",
    "RevenueSource",
    "SelfEvaluation",
    "SplitExpenditure",
    "StaffingLine",
    "SubUnit",
    "Submission",
    "Target",
    "ThreePublic",
    "ThreePublicExpenses",
    "Unit",
]


class Frozen(BaseModel):
    """Base: immutable, unknown fields refused (a typo must not vanish silently)."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True
    )


_GRADE_ALIASES = [w for words in GRADE_WORDS.values() for w in words[1:]]


def _grade(value: object) -> Grade | None:
    return None if value is None else Grade.parse(value)


StatedGrade = Annotated[
    Grade | None,
    BeforeValidator(_grade),
    WithJsonSchema(
        {"anyOf": [{"enum": [g.value for g in Grade] + _GRADE_ALIASES}, {"type": "null"}]}
    ),
]
"""A grade as a unit writes it: 优/良/中/差 or 优秀/良好/中等/一般/合格/较差."""


# --- unit --------------------------------------------------------------------------


class StaffingLine(Frozen):
    """编制 of one kind (行政, 事业, 工勤 …) or one internal body, with its headcount."""

    name: Line = Field(title="编制类别或机构")
    quota: Count = Field(title="编制数")
    headcount: Count | None = Field(default=None, title="实有人数")


class SubUnit(Frozen):
    """A 下属单位 counted in the department's figures."""

    name: Line = Field(title="下属单位名称")
    kind: Line = Field(default="", title="单位性质")
    staffing: tuple[StaffingLine, ...] = Field(default=(), title="编制")


class Unit(Frozen):
    """部门（单位）基本情况."""

    name: Line = Field(title="单位名称", min_length=1)
    code: Line = Field(default="", title="预算编码")
    region: Line = Field(default="", title="所属地区")
    supervising_department: Line = Field(default="", title="主管部门")
    kind: Line = Field(default="", title="单位性质")
    rank: Line = Field(default="", title="机构级别")
    functions: str = Field(default="", title="职能职责")
    staffing: tuple[StaffingLine, ...] = Field(default=(), title="编制")
    sub_units: tuple[SubUnit, ...] = Field(default=(), title="下属单位")
    quota_total: Count | None = Field(default=None, title="编制总数")
    headcount: Count | None = Field(default=None, title="实有在职人数")
    contact: Line = Field(default="", title="联系人")
    phone: Line = Field(default="", title="联系电话")

    def effective_quota(self) -> tuple[int | None, str]:
        """编制数 and the field it comes from: the stated total, else the sum of the lines.

        Checks and scoring both use this, so a unit that lists its quotas by type without
        a total is treated the same way everywhere.
        """
        if self.quota_total is not None:
            return self.quota_total, "unit.quota_total"
        lines = [*self.staffing, *(line for s in self.sub_units for line in s.staffing)]
        if not lines:
            return None, "unit.quota_total"
        return sum(line.quota for line in lines), "unit.staffing"


# --- finance -------------------------------------------------------------------------


class RevenueSource(Frozen):
    """One source of revenue (财政拨款, 非税收入, 其他收入 …)."""

    name: Line = Field(title="收入来源")
    amount: Disclosable | None = Field(default=None, title="金额")


class Revenue(Frozen):
    """本年收入."""

    total: Money | None = Field(default=None, title="本年总收入")
    sources: tuple[RevenueSource, ...] = Field(default=(), title="收入来源")


class EconomicLine(Frozen):
    """An amount under a 支出经济分类 code (class 301 or item 30101)."""

    code: str = Field(title="经济分类科目编码", pattern=r"^\s*\d{3}(\d{2})?\s*$")
    name: Line = Field(default="", title="科目名称")
    amount: Disclosable = Field(title="金额")

    @field_validator("code", mode="before")
    @classmethod
    def _code_as_text(cls, value: object) -> object:
        # YAML reads 301 as an int; the code is an identifier, not a number.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class SplitExpenditure(Frozen):
    """A part of expenditure (基本 or 项目) with its own economic breakdown."""

    total: Disclosable | None = Field(default=None, title="合计")
    by_economic_class: tuple[EconomicLine, ...] = Field(default=(), title="按经济分类")


class BasicExpenditure(SplitExpenditure):
    """基本支出 = 人员经费 + 公用经费."""

    personnel: Money | None = Field(default=None, title="人员经费")
    public: Money | None = Field(default=None, title="公用经费")


class BudgetAccounts(Frozen):
    """Expenditure by the four budget accounts (预算法 第五条)."""

    general_public: Money | None = Field(default=None, title="一般公共预算")
    government_fund: Money | None = Field(default=None, title="政府性基金预算")
    state_capital: Money | None = Field(default=None, title="国有资本经营预算")
    social_insurance: Money | None = Field(default=None, title="社会保险基金预算")


class Expenditure(Frozen):
    """本年支出 by nature, by economic class and by budget account."""

    total: Money | None = Field(default=None, title="本年总支出")
    basic: BasicExpenditure = Field(default_factory=BasicExpenditure, title="基本支出")
    project: SplitExpenditure = Field(default_factory=SplitExpenditure, title="项目支出")
    by_economic_class: tuple[EconomicLine, ...] = Field(default=(), title="支出经济分类")
    by_account: BudgetAccounts = Field(default_factory=BudgetAccounts, title="按预算类别")


class BudgetExecution(Frozen):
    """Department budget: 年初预算数 / 全年预算数 / 全年执行数 and stated rates (%)."""

    initial: Money | None = Field(default=None, title="年初预算数")
    full_year: Money | None = Field(default=None, title="全年预算数")
    executed: Money | None = Field(default=None, title="全年执行数")
    public_funds_budget: Money | None = Field(default=None, title="公用经费预算数")
    stated_execution_rate: Quantity | None = Field(default=None, title="预算执行率（填报，%）")
    stated_revenue_completion_rate: Quantity | None = Field(
        default=None, title="预算收入完成率（填报，%）"
    )


class ThreePublic(Frozen):
    """Three public expenses ("三公"经费) for one column (budget, actual, or last year's actual)."""

    overseas: Money | None = Field(default=None, title="因公出国（境）费")
    vehicle_purchase: Money | None = Field(default=None, title="公务用车购置费")
    vehicle_operation: Money | None = Field(default=None, title="公务用车运行维护费")
    reception: Money | None = Field(default=None, title="公务接待费")
    total: Money | None = Field(default=None, title="合计")

    def effective_total(self) -> Decimal | None:
        """The stated total, else the sum of the four items when all four are filled.

        Partly filled items are not a total: comparing them with another column's total
        would report an overrun that is only a missing figure.
        """
        if self.total is not None:
            return self.total
        values = list(self.items().values())
        if any(v is None for v in values):
            return None
        return sum((v for v in values if v is not None), Decimal(0))

    def items(self) -> dict[str, Decimal | None]:
        """The four items by field name (the parts of `total`)."""
        return {
            "overseas": self.overseas,
            "vehicle_purchase": self.vehicle_purchase,
            "vehicle_operation": self.vehicle_operation,
            "reception": self.reception,
        }


class ThreePublicExpenses(Frozen):
    """Three public expenses ("三公"经费): this year's budget and actual, and last year's actual."""

    budget: ThreePublic = Field(default_factory=ThreePublic, title="预算数")
    actual: ThreePublic = Field(default_factory=ThreePublic, title="本年实际")
    last_year_actual: ThreePublic = Field(default_factory=ThreePublic, title="上年实际")


class Carryover(Frozen):
    """结转结余, for 结转结余率 and 结转结余变动率 (RULES.md §3.1).

    `last_year` is what the year started with (年初结转结余, i.e. last year's closing
    balance) and `this_year` what it closed with (年末结转结余).
    """

    last_year: Money | None = Field(default=None, title="上年结转结余（年初）")
    this_year: Money | None = Field(default=None, title="本年结转结余（年末）")


class Payment(Frozen):
    """支付进度 at year end, for 支付进度率 = 实际支付 ÷ 既定支付进度 (RULES.md §3.1).

    Year-end cumulative figures: what the set schedule required to be paid by the end of
    the year (or of the period the bureau checks) and what was actually paid by then.
    """

    planned: Money | None = Field(default=None, title="按既定进度应支付数")
    paid: Money | None = Field(default=None, title="实际支付数")


class Procurement(Frozen):
    """政府采购, for 政府采购执行率."""

    budget: Money | None = Field(default=None, title="政府采购预算")
    actual: Money | None = Field(default=None, title="实际采购金额")


class Finance(Frozen):
    """All department-level figures."""

    revenue: Revenue = Field(default_factory=Revenue, title="收入")
    expenditure: Expenditure = Field(default_factory=Expenditure, title="支出")
    budget: BudgetExecution = Field(default_factory=BudgetExecution, title="预算执行")
    three_public: ThreePublicExpenses = Field(
        default_factory=ThreePublicExpenses, title="“三公”经费"
    )
    carryover: Carryover = Field(default_factory=Carryover, title="结转结余")
    payment: Payment = Field(default_factory=Payment, title="支付进度")
    procurement: Procurement = Field(default_factory=Procurement, title="政府采购")


# --- indicators ----------------------------------------------------------------------


class Target(Frozen):
    """年度指标值: a comparator and a number, or a qualitative statement."""

    comparator: Comparator = Field(title="指标性质")
    value: Quantity | None = Field(default=None, title="指标值")
    text: str = Field(default="", title="指标值（原文）")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        # Units type targets as "≥2000件"; parse that form, keep the text as written.
        if isinstance(data, int | Decimal) and not isinstance(data, bool):
            return {"comparator": ">=", "value": data, "text": str(data)}
        if isinstance(data, str):
            parsed = split_number_unit(data)
            if parsed is not None:
                op, number, _unit = parsed
                return {"comparator": op or "=", "value": number, "text": data}
            if data.strip().startswith("定性") or not any(ch.isdigit() for ch in data):
                return {"comparator": "定性", "text": data}
            raise ValueError(f"无法识别的指标值『{data}』，应写成“≥2000件”“≤90万元”或“定性”")
        if isinstance(data, dict) and isinstance(data.get("comparator"), str):
            return {**data, "comparator": parse_comparator(data["comparator"])}
        return data

    @model_validator(mode="after")
    def _value_needed(self) -> Target:
        if self.comparator is not Comparator.QUALITATIVE and self.value is None:
            raise ValueError("定量指标须有指标值")
        return self

    def display(self, unit: str = "") -> str:
        """The form's text: "≥2000件" or the qualitative statement."""
        if self.comparator is Comparator.QUALITATIVE:
            return self.text or "定性"
        assert self.value is not None
        return f"{self.comparator.symbol}{self.value:f}{unit}"


_TARGET_SCHEMA = {
    "anyOf": [
        {"type": "string", "description": "如“≥2000件”“≤90万元”“=100%”或“定性：……”"},
        {"type": "number", "description": "只写数字时按“≥”理解"},
        {
            "type": "object",
            "properties": {
                "comparator": {"enum": [">=", "<=", "=", ">", "<", "定性", "≥", "≤"]},
                "value": {"type": ["number", "string"]},
                "text": {"type": "string"},
            },
            "required": ["comparator"],
            "additionalProperties": False,
        },
        {"type": "null"},
    ],
    "title": "年度指标值",
}


class Indicator(Frozen):
    """A row of the 绩效指标 table (levels 一级/二级/三级)."""

    level1: Line = Field(title="一级指标", min_length=1)
    level2: Line = Field(default="", title="二级指标")
    name: Line = Field(title="三级指标", min_length=1)
    unit: Line = Field(default="", title="计量单位")
    target: Annotated[Target | None, WithJsonSchema(_TARGET_SCHEMA)] = Field(
        default=None, title="年度指标值"
    )
    actual: Decimal | str | None = Field(default=None, title="实际完成值")
    weight: Quantity | None = Field(default=None, title="分值")
    stated_score: Quantity | None = Field(default=None, title="得分（填报）")
    deviation_reason: str = Field(default="", title="偏差原因分析")
    measures: str = Field(default="", title="改进措施")

    @field_validator("actual", mode="before")
    @classmethod
    def _actual(cls, value: object) -> object:
        return None if value is None else parse_actual(value)

    @property
    def is_qualitative(self) -> bool:
        """Whether the target is qualitative (scored in grade bands)."""
        return self.target is not None and self.target.comparator is Comparator.QUALITATIVE


# --- projects ------------------------------------------------------------------------


class BudgetColumns(Frozen):
    """The three amount columns of every 项目资金 row (RULES.md §2)."""

    initial: Disclosable | None = Field(default=None, title="年初预算数")
    full_year: Disclosable | None = Field(default=None, title="全年预算数")
    executed: Disclosable | None = Field(default=None, title="全年执行数")


class FundingRow(BudgetColumns):
    """A source row of 项目资金 (当年财政拨款 / 上年结转资金 / 其他资金)."""

    source: Line = Field(title="资金来源")


class ProjectBudget(BudgetColumns):
    """年度资金总额 row of 项目资金, with the stated 执行率 (%)."""

    stated_execution_rate: Quantity | None = Field(default=None, title="执行率（填报，%）")
    explanation: str = Field(default="", title="预算执行原因说明")


class ProjectNarrative(Frozen):
    """Free-text parts of a 项目支出绩效自评报告."""

    overview: str = Field(default="", title="项目概况")
    work_process: str = Field(default="", title="绩效自评工作开展情况")
    fund_management: str = Field(default="", title="资金使用及管理情况")
    project_management: str = Field(default="", title="项目管理情况")
    problems: str = Field(default="", title="存在的问题")
    measures: str = Field(default="", title="改进措施")
    result_application: str = Field(default="", title="结果应用和公开情况")


class Project(Frozen):
    """一个项目 with its funds, goal, indicators and stated self-score."""

    name: Line = Field(title="项目名称", min_length=1)
    code: Line = Field(default="", title="项目编码")
    implementing_unit: Line = Field(default="", title="实施单位")
    account: Line = Field(default="一般公共预算", title="预算类别")
    classified: bool = Field(default=False, title="涉密")
    key_project: bool = Field(default=False, title="重点项目")
    budget: ProjectBudget = Field(default_factory=ProjectBudget, title="项目资金")
    funding: tuple[FundingRow, ...] = Field(default=(), title="资金来源明细")
    goal: str = Field(default="", title="年度总体目标")
    outcome: str = Field(default="", title="实际完成情况")
    indicators: tuple[Indicator, ...] = Field(default=(), title="绩效指标")
    stated_score: Quantity | None = Field(default=None, title="自评得分（填报）")
    stated_grade: StatedGrade = Field(default=None, title="自评等级（填报）")
    narrative: ProjectNarrative = Field(default_factory=ProjectNarrative, title="文字说明")


# --- narrative, disclosure, self-evaluation ------------------------------------------


class Photo(Frozen):
    """A photo in the report: the file as referenced and its caption (图为：…)."""

    file: Line = Field(default="", title="照片文件")
    title: Line = Field(default="", title="照片标题")
    caption: str = Field(default="", title="图注")


class Disclosure(Frozen):
    """信息公开: where the report is published."""

    url: Line = Field(default="", title="公开网址")
    statement: str = Field(default="", title="公开情况说明")


class Narrative(Frozen):
    """Free-text sections of the 部门整体支出绩效自评报告."""

    overview: str = Field(default="", title="部门整体支出概况")
    achievements: str = Field(default="", title="绩效情况及主要成效")
    problems: str = Field(default="", title="存在的问题")
    measures: str = Field(default="", title="改进措施")
    result_application: str = Field(default="", title="结果应用情况")
    disclosure: Disclosure = Field(default_factory=Disclosure, title="信息公开")
    photos: tuple[Photo, ...] = Field(default=(), title="照片")
    project_funds_report: ProjectNarrative = Field(
        default_factory=ProjectNarrative, title="项目资金绩效自评报告（多个项目合并）"
    )


class ReportMeta(Frozen):
    """Titles and date of the reports as the unit named them."""

    title: Line = Field(default="", title="部门整体支出绩效自评报告标题")
    project_title: Line = Field(default="", title="项目支出绩效自评报告标题")
    date: Line = Field(default="", title="报告日期")
    signer: Line = Field(default="", title="单位负责人")


class SelfEvaluation(Frozen):
    """The department's stated self-score and grade."""

    score: Quantity | None = Field(default=None, title="自评得分（填报）")
    grade: StatedGrade = Field(default=None, title="自评等级（填报）")


class Restatement(Frozen):
    """A figure stated again elsewhere in the reports, kept to check that it agrees.

    `field` is a path in this model ("finance.expenditure.project.total"); `where` says
    where the restatement appears ("部门整体报告 二（二）").
    """

    field: Line = Field(title="对应字段", min_length=1)
    value: Disclosable = Field(title="重述数值")
    where: Line = Field(default="", title="出现位置")
    quote: str = Field(default="", title="原文")


class Submission(Frozen):
    """One unit's self-evaluation for one fiscal year: the root of the model."""

    schema_version: int = Field(default=1, title="数据格式版本")
    fiscal_year: int = Field(title="年度", ge=2000, le=2100)
    unit: Unit = Field(title="单位信息")
    finance: Finance = Field(default_factory=Finance, title="收支情况")
    projects: tuple[Project, ...] = Field(default=(), title="项目")
    department_indicators: tuple[Indicator, ...] = Field(default=(), title="部门整体绩效指标")
    narrative: Narrative = Field(default_factory=Narrative, title="文字说明")
    report: ReportMeta = Field(default_factory=ReportMeta, title="报告信息")
    self_evaluation: SelfEvaluation = Field(default_factory=SelfEvaluation, title="自评结果")
    restatements: tuple[Restatement, ...] = Field(default=(), title="重述数值")
