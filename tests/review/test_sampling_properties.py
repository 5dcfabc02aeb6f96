"""Properties of the spot-check draw (hypothesis): size, must-check rows, determinism."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.evaluation import Summary
from jixiao.review import ReviewRules, risk, sample_size, select_sample

_scores = st.none() | st.decimals(0, 100, places=2)


@st.composite
def _rows(draw: st.DrawFn) -> list[Summary]:
    ids = draw(st.lists(st.integers(1, 10_000), max_size=30, unique=True))
    return [
        Summary(
            id=i,
            unit_name=f"单位{i}",
            status="报送财政",
            score=draw(_scores),
            stated_score=draw(_scores),
            stated_grade=draw(st.sampled_from(["", "优", "良", "差"])),
            execution_rate=draw(st.none() | st.decimals(0, 150, places=2)),
            total_expenditure=draw(st.none() | st.decimals(0, 9999, places=2)),
            errors=draw(st.integers(0, 12)),
            warnings=draw(st.integers(0, 12)),
            classified_projects=draw(st.none() | st.integers(0, 5)),
        )
        for i in ids
    ]


_shares = st.decimals(0, 1, places=2)
_seeds = st.none() | st.integers(0, 10**6) | st.text(max_size=8)


@settings(max_examples=200, deadline=None)
@given(rows=_rows(), share=_shares, minimum=st.integers(0, 5), seed=_seeds)
def test_size_and_must_check(
    rules: ReviewRules, rows: list[Summary], share: Decimal, minimum: int, seed: int | str | None
) -> None:
    picked = select_sample(rows, rules, share=share, minimum=minimum, seed=seed)
    must = {r.id for r in rows if risk(r, rules).score >= rules.sampling.must_check}
    assert len(picked) <= len(rows)
    assert len(picked) == max(sample_size(len(rows), share, minimum), len(must))
    assert must <= {s.row.id for s in picked}
    assert [s.rank for s in picked] == list(range(1, len(picked) + 1))
    scores = [s.risk.score for s in picked]
    assert scores == sorted(scores, reverse=True)
    # nothing left out scores higher than something picked
    left = [risk(r, rules).score for r in rows if r.id not in {s.row.id for s in picked}]
    assert not left or not scores or max(left) <= min(scores)


@settings(max_examples=100, deadline=None)
@given(rows=_rows(), seed=_seeds, data=st.data())
def test_same_seed_same_sample_whatever_the_row_order(
    rules: ReviewRules, rows: list[Summary], seed: int | str | None, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(rows))
    assert select_sample(rows, rules, seed=seed) == select_sample(shuffled, rules, seed=seed)
