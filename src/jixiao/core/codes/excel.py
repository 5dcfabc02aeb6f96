"""Codes for reading an Excel workbook (the template filled in Excel or WPS).

Cell-level messages start with the cell and its Chinese column header so a finance
officer can go straight to it: "项目!H7（全年预算数）：应为数字，实际为『十万』".
"""

from jixiao.core.codes import NUMBER_HINT, Code, register

_TAGS = ("excel", "load")

register(
    Code(
        "excel.not-a-workbook",
        "error",
        "不是 Excel 工作簿",
        "文件不是 Excel 工作簿（.xlsx）：{reason}",
        "请在 Excel 或 WPS 中打开后“另存为”Excel 工作簿（*.xlsx），或下载系统的填报模板重新填写。",
        _TAGS,
    ),
    Code(
        "excel.legacy-xls",
        "error",
        "旧版 .xls 文件",
        "这是 Excel 97-2003 格式（.xls）的文件，无法直接导入",
        "请在 Excel 或 WPS 中打开，选择“另存为 → Excel 工作簿（*.xlsx）”后再导入。",
        _TAGS,
    ),
    Code(
        "excel.encrypted",
        "error",
        "工作簿已加密",
        "工作簿设置了打开密码（已加密），无法读取",
        "请在 Excel 中通过“文件 → 信息 → 保护工作簿 → 用密码进行加密”清除密码后另存，再导入。",
        _TAGS,
    ),
    Code(
        "excel.too-large",
        "error",
        "工作簿过大或疑似压缩炸弹",
        "工作簿中的『{entry}』{reason}，超过上限 {limit}，已停止读取（疑似压缩炸弹或损坏的文件）",
        "一个单位一年的自评工作簿通常只有几 MB；请确认文件来源，或下载系统的填报模板重新填写。",
        _TAGS,
    ),
    Code(
        "excel.over-upload-limit",
        "error",
        "工作簿超过网页导入的上限",
        "工作表『{sheet}』{rows}，读到第 {row} 行时，工作簿中填有内容的单元格已超过网页一次导入的上限"
        "（{limit} 个），已停止读取",
        "一个单位一年的自评通常远小于此（省内最大的单位约 2,000 个项目、20 万个数据）。"
        "如果工作簿里放了多个单位的项目，请按单位分成几个工作簿，由各单位分别上传；"
        "确属一个单位的，请联系财政局用命令行工具导入检查。",
        _TAGS,
    ),
    Code(
        "excel.out-of-range",
        "error",
        "数据超出模板范围",
        "{cell} 超出工作表『{sheet}』的可读范围（{reason}，上限 {limit}），已停止读取",
        "模板各表的数据只在前几十列；请删除远离表格的单元格内容（可按 Ctrl+End 找到最后一个单元格）后再导入。",
        _TAGS,
    ),
    Code(
        "excel.unreadable",
        "error",
        "工作簿无法解析",
        "工作簿已损坏或格式无法识别，无法读取：{reason}",
        "请在 Excel 或 WPS 中打开该文件并重新保存为 .xlsx 后再导入。",
        _TAGS,
    ),
    Code(
        "excel.macros",
        "warning",
        "工作簿含宏",
        "工作簿含有宏（VBA），宏不会被执行，只读取单元格中的数据",
        "模板不需要宏；建议另存为不含宏的 Excel 工作簿（*.xlsx）。",
        _TAGS,
    ),
    Code(
        "excel.missing-sheet",
        "warning",
        "缺少工作表",
        "缺少工作表『{sheet}』，该部分按未填写处理",
        "工作表可能被删除或改名；请使用系统的填报模板，不要改动工作表名称。",
        _TAGS,
    ),
    Code(
        "excel.missing-header",
        "error",
        "缺少表头",
        "工作表『{sheet}』缺少{kind}「{header}」（可能被改名或删除），该{kind}的内容无法读取",
        "请恢复模板原有的{kind}名称；可对照系统的填报模板。",
        _TAGS,
    ),
    Code(
        "excel.unknown-header",
        "warning",
        "无法识别的表头",
        "{cell}：工作表『{sheet}』中的{kind}「{header}」无法识别，其内容已忽略",
        "如果这是被改名的模板{kind}，请改回原名；自行添加的{kind}不会被导入。",
        _TAGS,
    ),
    Code(
        "excel.merged-cells",
        "warning",
        "合并单元格",
        "{cell}：合并单元格（{range}），已将左上角的值『{value}』用于合并区域内的每一格",
        "导入按每行一条记录读取；请取消合并，在每一行填写完整的值。",
        _TAGS,
    ),
    Code(
        "excel.hidden-rows",
        "warning",
        "隐藏行",
        "工作表『{sheet}』第 {rows} 行为隐藏行，其中的内容已照常导入",
        "隐藏行的内容同样会被导入和检查；不需要的行请直接删除。",
        _TAGS,
    ),
    Code(
        "excel.blank-rows",
        "info",
        "大量空白行",
        "工作表『{sheet}』第 {last} 行之后约有 {count} 行空白行（可能只有格式），已跳过不读",
        "可在 Excel 中选中这些空行并删除，以减小文件体积。",
        _TAGS,
    ),
    Code(
        "excel.not-a-number",
        "error",
        "应为数字",
        "{cell}（{header}）：应为{wanted}，实际为『{value}』",
        NUMBER_HINT,
        _TAGS,
    ),
    Code(
        "excel.number-interpreted",
        "info",
        "文字已按数字读取",
        "{cell}（{header}）：『{value}』按 {number}{unit} 读取",
        "单元格中是文字而不是数字；结果无误可不处理，下次可直接填写数字。",
        _TAGS,
    ),
    Code(
        "excel.invalid-choice",
        "error",
        "不在可选范围内",
        "{cell}（{header}）：应为 {choices} 之一，实际为『{value}』",
        "请使用单元格的下拉列表选择。",
        _TAGS,
    ),
    Code(
        "excel.bad-reference",
        "error",
        "引用的对象不存在",
        "{cell}（{header}）：『{value}』在工作表『{target}』中不存在，本行未导入",
        "请填写『{target}』表中已有的序号或名称。",
        _TAGS,
    ),
    Code(
        "excel.duplicate-key",
        "error",
        "序号或名称重复",
        "{cell}（{header}）：『{value}』与第 {first} 行重复，其他表引用它时只对应第 {first} 行",
        "每个序号或名称只能出现一次。",
        _TAGS,
    ),
)
