"""Codes for reading an input file into the model (the loader's findings)."""

from jixiao.core.codes import Code, register

register(
    Code(
        "load.unreadable",
        "error",
        "文件无法读取",
        "无法读取文件：{reason}",
        "请确认文件存在、未被占用，且为 UTF-8 编码的 YAML 或 JSON 文件。",
        ("load",),
    ),
    Code(
        "load.syntax",
        "error",
        "文件格式错误",
        "{format}语法错误：{reason}",
        "请检查该行附近的缩进、冒号、引号和括号是否成对。",
        ("load",),
    ),
    Code(
        "load.not-a-mapping",
        "error",
        "文件顶层不是键值结构",
        "文件顶层应为键值结构（如 fiscal_year: 2022），实际为{kind}",
        "参照 examples/ 中的示例文件组织数据。",
        ("load",),
    ),
    Code(
        "load.missing-field",
        "error",
        "缺少必填项",
        "缺少必填项「{label}」",
        "请补充该项后再检查。",
        ("load",),
    ),
    Code(
        "load.unknown-field",
        "error",
        "无法识别的字段",
        "无法识别的字段「{name}」",
        "可能是拼写错误；可用字段见 `jixiao schema` 输出。",
        ("load",),
    ),
    Code(
        "load.invalid-value",
        "error",
        "填写内容不符合要求",
        "「{label}」{reason}，实际为『{value}』",
        "请按字段说明填写；金额以万元为单位，可写“120000元”等并注明单位。",
        ("load",),
    ),
    Code(
        "load.negative-money",
        "error",
        "金额为负数",
        "「{label}」金额不能为负数，实际为『{value}』",
        "请核对是否误填负号；冲减、退回等请在文字说明中说明。",
        ("load",),
    ),
    Code(
        "load.duplicate-key",
        "error",
        "字段重复",
        "字段「{name}」在同一位置出现了两次，后一个值会覆盖前一个",
        "删除重复的一项，保留正确的值。",
        ("load",),
    ),
    Code(
        "load.too-large",
        "error",
        "文件超出处理上限",
        "{reason}",
        "省内最大的单位（2,000个项目、每个10项指标）的数据约 9 MB、30万个数据项，远在上限之内；请确认选择了正确的文件。",
        ("load",),
    ),
)
