"""Codes for the auditor of published self-evaluation reports (`jixiao audit`).

Tags: every code has "audit"; arithmetic and consistency findings also carry
"inconsistency" plus the claim type they test ("sum", "rate", "repeat", "grade"), which
is what the evaluation harness scores; the others carry "hygiene".
"""

from jixiao.core.codes import Code, register

_SUM = ("audit", "inconsistency", "sum")
_HYGIENE = ("audit", "hygiene")

register(
    Code(
        "audit.unreadable",
        "error",
        "报告无法读取",
        "无法读取报告：{reason}",
        "请确认文件完整；扫描版 PDF 需先做文字识别，Word 请另存为 .docx。",
        ("audit", "load"),
    ),
    Code(
        "audit.too-many-statements",
        "warning",
        "重复陈述过多，前后一致核对未做完",
        "报告中同一数额的陈述组合超过 {limit} 对，前后一致的核对只做了一部分",
        "一份自评报告不会如此大量地重复同一数额；请确认文件内容是否正常。",
        ("audit", "load"),
    ),
    Code(
        "audit.sum-mismatch",
        "error",
        "合计与分项不符",
        "「{total_label}」为 {total}{unit}，所列分项（{parts}）合计 {parts_sum}{unit}，相差 {gap}{unit}",
        "核对合计数与各分项；若分项未列全，请补列其余分项或注明“其他”。",
        _SUM,
    ),
    Code(
        "audit.sum-shortfall",
        "warning",
        "分项合计小于总数（分项可能未列全）",
        "「{total_label}」为 {total}{unit}，“包括”所列分项（{parts}）合计 {parts_sum}{unit}，少 {gap}{unit}",
        "若分项本应完整，请核对数字；否则建议补列其余分项，避免读者误解。",
        _SUM,
    ),
    Code(
        "audit.breakdown-incomplete",
        "info",
        "明细未列全",
        "「{total_label}」为 {total}{unit}，逐项列出的明细（{parts}）合计 {parts_sum}{unit}，{detail}",
        "逐项列示时应列全或注明未列示部分的金额（涉密事项可注明“涉密”并给出合计）。",
        _HYGIENE,
    ),
    Code(
        "audit.repeat-mismatch",
        "error",
        "同一数据前后不一致",
        "「{label}」在文中出现不同数值：{values}",
        "同一口径的数据全文应一致；如口径不同，请在文字中说明区别。",
        ("audit", "inconsistency", "repeat"),
    ),
    Code(
        "audit.rate-mismatch",
        "error",
        "比率与数据不符",
        "「{label}」写作 {stated}%，按 {numerator} ÷ {denominator} 计算应为 {computed}%",
        "比率应由文中给出的分子、分母计算得出，并按所写精度四舍五入。",
        ("audit", "inconsistency", "rate"),
    ),
    Code(
        "audit.rate-unsupported",
        "warning",
        "比率缺少依据",
        "「{label}」{stated}% 无法核对：文中没有给出{missing}",
        "给出比率时应同时列出计算所用的金额（如预算数与执行数）。",
        _HYGIENE,
    ),
    Code(
        "audit.grade-mismatch",
        "error",
        "得分与等级不符",
        "自评得分 {score} 分对应等级为“{band}”，报告写作“{grade}”",
        "等级应按评分办法的得分档次确定（全国通行档次：优≥90，良≥80，中≥60，差<60）。",
        ("audit", "inconsistency", "grade"),
    ),
    Code(
        "audit.score-despite-errors",
        "warning",
        "高分自评与数据矛盾并存",
        "报告自评为“{claimed}”，但文中有 {count} 处数据互相矛盾",
        "请先更正数据矛盾，再据实确定自评得分与等级。",
        _HYGIENE,
    ),
    Code(
        "audit.numbering-style",
        "warning",
        "同级标题编号样式不一致",
        "「{previous}」之后的同级标题写作「{current}」，编号样式不一致",
        "同一级标题应使用同一种编号（一、/（一）/1./（1））。",
        _HYGIENE,
    ),
    Code(
        "audit.numbering-skip",
        "warning",
        "标题编号不连续",
        "标题编号不连续：「{previous}」之后是「{current}」",
        "检查是否漏写或多写了一节。",
        _HYGIENE,
    ),
    Code(
        "audit.numbering-damaged",
        "warning",
        "标题编号残缺",
        "标题编号残缺：「{text}」",
        "补全编号（如“三、”），转载或排版时编号常被吞掉。",
        _HYGIENE,
    ),
    Code(
        "audit.unnumbered-heading",
        "info",
        "标题缺少编号",
        "「{text}」像是标题，但没有编号，而前后的同级标题都有编号",
        "为该标题补上编号，并顺延其后的编号。",
        _HYGIENE,
    ),
    Code(
        "audit.empty-section",
        "warning",
        "标题下没有内容",
        "标题「{heading}」下没有内容",
        "补写该部分内容；确无内容的应写明“无”并说明原因。",
        _HYGIENE,
    ),
    Code(
        "audit.year-mismatch",
        "warning",
        "年份与报告年度不一致",
        "{where}中的年份 {year} 与报告年度 {fiscal_year} 不一致：「{text}」",
        "核对图片说明、标题中的年份是否写错或沿用了其他年度的材料。",
        _HYGIENE,
    ),
    Code(
        "audit.leftover",
        "warning",
        "发布文本残留编辑痕迹",
        "发布文本中残留{what}：「{text}」",
        "发布前删除本地文件路径、书签、文档属性等编辑痕迹。",
        _HYGIENE,
    ),
    Code(
        "audit.garbled-text",
        "warning",
        "文字乱码",
        "文中有乱码：「{text}」",
        "乱码处的内容无法核对，请用原文件重新发布。",
        _HYGIENE,
    ),
    Code(
        "audit.doc-number",
        "info",
        "文号格式有误",
        "文号格式有误：「{text}」",
        "文号应写作“机关代字〔年份〕序号号”，年份为四位数，六角括号成对。",
        _HYGIENE,
    ),
)
