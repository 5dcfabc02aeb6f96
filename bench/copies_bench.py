"""Copied-text detection over 5,000 narratives on one core (target ≤ 30 s).

Run: uv run python bench/copies_bench.py [N]
The narratives are generated before the clock starts: each is 5–7 sentences drawn from a
few hundred sentence patterns with the unit's name, figures and years filled in (so all
share vocabulary and sentence shapes, as county reports do), and every 50th narrative
copies two sentences of another unit's text with the name and figures changed. The timed
part is `find_copies` + `find_stale_years` + `find_foreign_names` over all of them. CPU
seconds of this process are printed beside wall seconds: on a shared machine the wall
figure grows with the load, the CPU figure much less.
"""

from __future__ import annotations

import random
import sys
import time

from jixiao.review.copies import Narrative, find_copies, find_foreign_names, find_stale_years

TARGET_SECONDS = 30.0
_SUBJECTS = [
    "农田",
    "渠道",
    "校舍",
    "公路",
    "敬老院",
    "卫生室",
    "文化中心",
    "水库",
    "市场",
    "林地",
    "桥梁",
    "供水站",
    "实验室",
    "养老床位",
    "图书室",
    "污水管网",
    "垃圾站",
    "公厕",
]
_VERBS = ["新建", "改造", "维修", "验收", "巡查", "补贴", "培训", "检测", "清运", "配备"]
_ASPECTS = ["资金管理", "项目管理", "质量控制", "进度管理", "档案管理", "安全生产", "绩效监控"]
_PLACES = [f"{a}{b}镇" for a in "东西南北中上下新" for b in "山河湖林桥溪"]
_PATTERNS = [
    "{year}年，{unit}在{place}{verb}{subject}{n}处，{aspect}工作按计划推进，完成率达到{p}%。",
    "在{aspect}方面，{unit}对{place}{subject}实行台账管理，逐项登记{verb}情况，共核查{n}项，发现问题{m}个并全部整改。",
    "针对{place}{subject}{verb}中暴露的{aspect}短板，我们组织专题培训{m}次，参训人员{n}人次。",
    "全年向{place}拨付{subject}{verb}资金{n}万元，资金执行率{p}%，未发现截留挪用，{aspect}符合规定。",
    "{place}群众对{subject}{verb}的满意度为{p}%，较上年提高{m}个百分点，{aspect}仍有提升空间。",
    "存在的问题是{place}{subject}{verb}进度前慢后快，{aspect}不够精细，下一步将细化月度计划，每月通报{m}次。",
    "{unit}联合{place}开展{subject}{verb}督查{m}轮，督查点位{n}个，{aspect}问题当场交办。",
]


def make_corpus(count: int, seed: int = 7) -> list[Narrative]:
    rng = random.Random(seed)
    units = [f"青禾县第{i}{rng.choice(['局', '中心', '站', '所'])}" for i in range(count)]
    texts: list[Narrative] = []
    for i, unit in enumerate(units):
        year = 2023 + i % 2
        sentences = []
        for _ in range(rng.randint(5, 7)):
            sentences.append(
                rng.choice(_PATTERNS).format(
                    year=year,
                    unit=unit,
                    verb=rng.choice(_VERBS),
                    subject=rng.choice(_SUBJECTS),
                    aspect=rng.choice(_ASPECTS),
                    place=rng.choice(_PLACES),
                    n=rng.randint(3, 900),
                    m=rng.randint(1, 9),
                    p=rng.randint(80, 100),
                )
            )
        if i % 50 == 49:
            source = texts[rng.randrange(len(texts))]
            copied = [s + "。" for s in source.text.split("。")[:2] if s]
            sentences[1:1] = [c.replace(source.unit, unit) for c in copied]
        texts.append(Narrative(f"n{i}", unit, year, "\n".join(sentences), f"{unit}项目"))
    return texts


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    corpus = make_corpus(count)
    chars = sum(len(n.text) for n in corpus)
    wall, cpu = time.perf_counter(), time.process_time()
    copies = find_copies(corpus)
    names = [f for n in corpus for f in find_stale_years(n)] + find_foreign_names(corpus)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"copied text: {count} narratives, {chars} characters")
    print(f"  pairs found {len(copies)}, stale years / foreign names {len(names)}")
    print(f"  wall {wall:.1f} s, CPU {cpu:.1f} s   (target ≤ {TARGET_SECONDS:.0f} s on one core)")
    print("  PASS" if cpu <= TARGET_SECONDS else "  FAIL")
    copiers = {f"n{i}" for i in range(49, count, 50)}
    found = sum(1 for c in copies if c.a.key in copiers or c.b.key in copiers)
    print(f"  planted copies {len(copiers)}, pairs involving them found {found}")


if __name__ == "__main__":
    main()
