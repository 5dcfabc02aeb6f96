"""Codes for "三公"经费."""

from jixiao.core.codes import Code, register

register(
    Code(
        "three-public.over-budget",
        "warning",
        "“三公”经费超预算",
        "“三公”经费{item}实际支出{spent}万元超过预算{budget}万元{diff}万元",
        "“三公”经费控制率 = 实际支出 ÷ 预算数，超过100%会被扣分；请说明原因。",
        ("three-public",),
    ),
    Code(
        "three-public.increase",
        "warning",
        "“三公”经费比上年增加",
        "“三公”经费{item}本年实际{spent}万元比上年{last}万元增加{diff}万元",
        "“三公”经费原则上只减不增；增加须说明原因。",
        ("three-public",),
    ),
)
