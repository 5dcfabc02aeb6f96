"""A unit's check profile follows its region code when the site names none (issue 15, item 8).

rules/profiles/sichuan.yaml states `regions.codes: ["51"]`, so a unit of 青神县 (511425)
is checked under Sichuan's rules (a project's 原因 must explain an execution rate below
90%), while the Yiyang units (4309) keep the national ones; a site-wide JIXIAO_PROFILE
still wins. The choice is data: a profile on JIXIAO_RULES_PATH claiming a code is used.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from tests.web.conftest import CLEAN

from jixiao.rules.profiles import find_profile, load_options, profile_for_region
from jixiao.web.accounts.models import Region, Unit
from jixiao.web.submissions import services
from jixiao.web.submissions.selectors import evaluation_of, profile_id

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from pytest_django.fixtures import Settings
    from tests.web.conftest import World

UNEXPLAINED = {"name": "培训", "budget": {"initial": 100, "full_year": 100, "executed": 85}}


def _data(region: str) -> dict[str, Any]:
    data = copy.deepcopy(CLEAN)
    data["unit"]["region"] = region
    data["projects"] = [*data.get("projects", []), copy.deepcopy(UNEXPLAINED)]
    return data


def _codes(world: World, region: Region, code: str) -> set[str]:
    unit = Unit.objects.create(region=region, code=code, name=f"单位{code}")
    sub = services.create(world.users["admin"], unit, 2023, _data(region.name)).submission
    return {p.code for p in evaluation_of(sub).problems}


def test_a_sichuan_unit_is_checked_under_sichuan_rules(world: World, settings: Settings) -> None:
    settings.JIXIAO_PROFILE = ""
    qingshen = Region.objects.create(code="511425", name="青神县")
    assert profile_id(_data("青神县")) == "sichuan"
    assert profile_id(_data("益阳市")) == "national-2020"
    assert "explain.low-execution" in _codes(world, qingshen, "511425001")
    assert "explain.low-execution" not in _codes(world, world.regions["home"], "430901")


def test_an_explicit_profile_wins_over_the_region(world: World, settings: Settings) -> None:
    settings.JIXIAO_PROFILE = "national-2020"
    qingshen = Region.objects.create(code="511425", name="青神县")
    assert profile_id(_data("青神县")) == "national-2020"
    assert "explain.low-execution" not in _codes(world, qingshen, "511425001")


def test_region_choice_is_data_on_the_rules_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert profile_for_region("511425") == "sichuan"
    assert profile_for_region("430902") == "national-2020"
    assert profile_for_region("") == "national-2020"
    folder = tmp_path / "profiles"
    folder.mkdir()
    sichuan = find_profile("sichuan")
    classes = (sichuan.parent / "../classification/economic-classes.yaml").resolve()
    text = (
        sichuan.read_text(encoding="utf-8")
        .replace("id: sichuan", "id: qingshen")
        .replace('codes: ["51"]', 'codes: ["511425"]')
        .replace("../classification/economic-classes.yaml", classes.as_posix())
    )
    (folder / "qingshen.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("JIXIAO_RULES_PATH", str(tmp_path))
    assert profile_for_region("511425") == "qingshen"  # the county's own: longest prefix
    assert profile_for_region("511402") == "sichuan"
    assert load_options("qingshen").explanations == load_options("sichuan").explanations
