"""Copied text: planted copies across units and years are found with their passages;
unrelated narratives on the same topics are not flagged."""

from __future__ import annotations

from itertools import combinations

from tests.loop.conftest import DATA

from jixiao.formats.source import read_data
from jixiao.review.copies import Narrative, find_copies, find_foreign_names, find_stale_years

PLANTED = {("agri-2024", "water-2024"), ("edu-2023", "edu-2024"), ("culture-2023", "health-2024")}


def corpus() -> list[Narrative]:
    rows = read_data(DATA / "copies-corpus.yaml").data["narratives"]
    return [Narrative(r["key"], r["unit"], int(r["year"]), r["text"], r["project"]) for r in rows]


def test_planted_copies_are_found_and_nothing_else() -> None:
    found = find_copies(corpus())
    assert {tuple(sorted((f.a.key, f.b.key))) for f in found} == PLANTED


def test_passages_point_into_both_original_texts() -> None:
    for finding in find_copies(corpus()):
        for p in finding.passages:
            assert finding.a.text[p.a_start : p.a_end].strip() == p.a_text
            assert finding.b.text[p.b_start : p.b_end].strip() == p.b_text
            assert p.similarity >= 0.5


def test_copy_with_name_and_figures_changed() -> None:
    water = next(f for f in find_copies(corpus()) if f.b.key == "water-2024")
    texts = [p.b_text for p in water.passages]
    assert any("青禾县水利局聘请第三方机构" in t and "五处" in t for t in texts)
    assert any("全过程台账" in t for t in texts)
    assert not water.across_years


def test_copy_across_years_with_year_changed() -> None:
    edu = next(f for f in find_copies(corpus()) if f.a.key == "edu-2023")
    assert edu.across_years
    assert edu.passages[0].a_text.startswith("2023年度") and edu.passages[0].b_text.startswith(
        "2024年度"
    )
    assert edu.share > 90


def test_unrelated_pairs_stay_below_the_line_even_with_a_low_threshold() -> None:
    narratives = corpus()
    flagged = {tuple(sorted((f.a.key, f.b.key))) for f in find_copies(narratives, threshold=0.3)}
    unrelated = {tuple(sorted((a.key, b.key))) for a, b in combinations(narratives, 2)} - PLANTED
    assert not flagged & unrelated


def test_stale_year_and_foreign_name_in_the_copied_text() -> None:
    narratives = corpus()
    stale = [f for n in narratives for f in find_stale_years(n)]
    assert [(f.narrative.key, f.found) for f in stale] == [("health-2024", "2022年")]
    names = find_foreign_names(narratives)
    assert [(f.narrative.key, f.found, f.kind) for f in names] == [
        ("health-2024", "青禾县文化旅游局", "other_unit")
    ]
    hit = names[0]
    assert hit.narrative.text[hit.start : hit.end] == "青禾县文化旅游局"


def test_last_year_unchanged_is_stale_but_a_comparison_is_not() -> None:
    copied = Narrative("x", "某局", 2024, "2023年度，我局完成培训任务。")
    compared = Narrative("y", "某局", 2024, "2024年培训人次较2023年度增长12%。")
    assert [f.found for f in find_stale_years(copied)] == ["2023年度"]
    assert find_stale_years(compared) == []


def test_same_unit_same_year_is_not_a_copy() -> None:
    text = corpus()[0].text
    twice = [Narrative("a", "某局", 2024, text), Narrative("b", "某局", 2024, text, section="项目")]
    assert find_copies(twice) == []
