"""Demo data for `jixiao serve` on an empty database: one region, its units, every role.

Everything goes through the services, exactly as a user's clicks would: the Yiyang report
stays a draft because its own numbers contradict each other (the checks refuse to send it
on), while clean units walk the workflow to 已报送财政, 退回修改, 审核通过 and 已公开. A second
region exists so that a reviewer visibly sees only their own region.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from jixiao.web.accounts.models import Membership, Region, Role, Unit
from jixiao.web.accounts.passwords import require_change
from jixiao.web.accounts.permissions import Action
from jixiao.web.submissions import services

DEMO_PASSWORD = "jixiao-demo-2026"
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
YEAR = 2022


@dataclass(frozen=True)
class DemoUser:
    """A demo login as printed by `jixiao serve`."""

    username: str
    role: str
    scope: str


def _example(name: str) -> dict[str, Any]:
    from jixiao.formats.submission_file import load_submission

    loaded = load_submission(EXAMPLES / name)
    assert loaded.submission is not None, f"示例文件无法读取：{name}"
    data: dict[str, Any] = loaded.submission.model_dump(mode="json", exclude_defaults=True)
    return data


def _variant(base: dict[str, Any], unit: str, code: str, shortfall: Decimal) -> dict[str, Any]:
    """A clean variant of the Xiangjiang example for another unit, year `YEAR`.

    `shortfall` lowers each quantitative indicator's actual by that share, so the demo units
    get different computed scores and grades without any figure disagreeing with another.
    """
    data = copy.deepcopy(base)
    data["fiscal_year"] = YEAR
    data["unit"] = {**data["unit"], "name": unit, "code": code, "region": "益阳市"}
    data["unit"]["supervising_department"] = unit.replace("司法局", "人民政府")
    for item in data.get("projects", []):
        for indicator in item.get("indicators", []):
            actual = indicator.get("actual")
            try:
                value = Decimal(str(actual))
            except ArithmeticError:
                continue
            indicator["actual"] = f"{(value * (1 - shortfall)).quantize(Decimal('0.01')):f}"
            indicator.pop("stated_score", None)
        item.pop("stated_score", None)
        item.pop("stated_grade", None)
    data.pop("self_evaluation", None)
    data.pop("report", None)
    data["narrative"] = _retitled(data.get("narrative"), base["unit"]["name"], unit)
    return data


def _retitled(narrative: Any, old: str, new: str) -> Any:
    """The example's report text under the demo unit's own name (the text is shared).

    Every demo unit starts from the same example, so their reports read alike: what the
    bureau's 文字比对 is there to find.
    """
    if isinstance(narrative, dict):
        return {k: _retitled(v, old, new) for k, v in narrative.items()}
    if isinstance(narrative, list):
        return [_retitled(v, old, new) for v in narrative]
    return narrative.replace(old, new) if isinstance(narrative, str) else narrative


UNITS = (
    ("901002", "赫山区司法局", Decimal("0"), "publish"),
    ("901003", "资阳区司法局", Decimal("0.05"), "approve"),
    ("901004", "桃江县司法局", Decimal("0.15"), "submit"),
    ("901005", "安化县司法局", Decimal("0.30"), "return"),
    ("901006", "沅江市司法局", Decimal("0.10"), "unit_review"),
)
"""Justice bureaus of the region's districts and counties: the variants keep the example's
legal-aid, 普法, 人民调解 and 社区矫正 projects, which a 教育局 or 民政局 would never file."""


DEMO_USERNAMES = (
    "caizheng",
    "admin",
    "xiangjiang-caizheng",
    "sifa-tianbao",
    "sifa-fuzeren",
    *(f"unit{n}-{kind}" for n in range(1, len(UNITS) + 1) for kind in ("tianbao", "fuzeren")),
    "xiangjiang-tianbao",
)
"""Every account `load_demo` creates (`jixiao check-deploy` looks for them)."""


def _user(hashed: str, username: str, name: str, role: Role, **scope: Any) -> Any:
    """A demo account whose password is `hashed` (DEMO_PASSWORD, hashed once by `load_demo`)."""
    model = get_user_model()
    user = model.objects.create_user(username=username, password=None, first_name=name)
    user.password = hashed
    user.save(update_fields=["password"])
    Membership.objects.create(user=user, role=role, **scope)
    require_change(user, "演示账号")  # the demo password is printed in the README
    return user


def _walk(sub: Any, goal: str, people: dict[str, Any]) -> None:
    steps = {
        "unit_review": [("editor", Action.SEND_TO_APPROVER, "")],
        "submit": [("editor", Action.SEND_TO_APPROVER, ""), ("approver", Action.FORWARD, "")],
    }
    steps["return"] = [*steps["submit"], ("reviewer", Action.RETURN, "请补充项目偏差原因分析。")]
    steps["approve"] = [*steps["submit"], ("reviewer", Action.APPROVE, "")]
    steps["publish"] = [*steps["approve"], ("reviewer", Action.PUBLISH, "")]
    for who, action, comment in steps[goal]:
        services.move(people[who], sub, action, comment=comment)


@transaction.atomic
def load_demo() -> list[DemoUser]:
    """Create the demo world; returns the logins to print. Expects an empty database.

    Every demo account has the one password printed in the README, so it is hashed once and
    the accounts share that hash: Argon2 costs about 0.16 s of CPU per hash, 2.5 s for the
    16 accounts, and a salt per account protects nothing when the password is published.
    Each account must still choose its own password at its first sign-in (`require_change`).
    """
    hashed = make_password(DEMO_PASSWORD)
    region = Region.objects.create(code="4309", name="益阳市")
    other = Region.objects.create(code="4399", name="湘江县")
    people: dict[str, Any] = {
        "reviewer": _user(hashed, "caizheng", "王审核", Role.FINANCE_REVIEWER, region=region),
        "admin": _user(hashed, "admin", "系统管理员", Role.ADMIN),
    }
    _user(hashed, "xiangjiang-caizheng", "赵审核", Role.FINANCE_REVIEWER, region=other)
    logins = [
        DemoUser("caizheng", Role.FINANCE_REVIEWER.label, region.name),
        DemoUser("xiangjiang-caizheng", Role.FINANCE_REVIEWER.label, other.name),
        DemoUser("admin", Role.ADMIN.label, "全部"),
    ]
    justice = Unit.objects.create(region=region, code="901001", name="益阳市司法局")
    editor = _user(hashed, "sifa-tianbao", "李填报", Role.UNIT_EDITOR, unit=justice)
    _user(hashed, "sifa-fuzeren", "张负责", Role.UNIT_APPROVER, unit=justice)
    logins[:0] = [
        DemoUser("sifa-tianbao", Role.UNIT_EDITOR.label, justice.name),
        DemoUser("sifa-fuzeren", Role.UNIT_APPROVER.label, justice.name),
    ]
    services.create(editor, justice, YEAR, _example("yiyang-justice-2022.yaml"), source="示例")
    base = _example("xiangjiang-justice-2023.yaml")
    for index, (code, name, shortfall, goal) in enumerate(UNITS, start=1):
        unit = Unit.objects.create(region=region, code=code, name=name)
        people["editor"] = _user(
            hashed, f"unit{index}-tianbao", "填报人", Role.UNIT_EDITOR, unit=unit
        )
        people["approver"] = _user(
            hashed, f"unit{index}-fuzeren", "负责人", Role.UNIT_APPROVER, unit=unit
        )
        saved = services.create(people["editor"], unit, YEAR, _variant(base, name, code, shortfall))
        _walk(saved.submission, goal, people)
    logins.insert(
        2,
        DemoUser(
            f"unit1-tianbao…unit{len(UNITS)}-fuzeren",
            "填报人/负责人",
            f"{UNITS[0][1]}等{len(UNITS)}个单位",
        ),
    )
    county = Unit.objects.create(region=other, code="401001", name="湘江县司法局")
    county_editor = _user(hashed, "xiangjiang-tianbao", "周填报", Role.UNIT_EDITOR, unit=county)
    services.create(county_editor, county, 2023, base, source="示例")
    logins.append(DemoUser("xiangjiang-tianbao", Role.UNIT_EDITOR.label, county.name))
    return logins
