"""The 项目支出 tab's inputs for a unit of many projects: building and writing the form.

Run: .venv/bin/python -m bench.edit_form_bench [PROJECTS ...]   (default 200 2000)
Target: the markup of 200 projects (≈ 19,000 inputs) in ≤ 0.5 s CPU. Before `formhtml`
every input was a template `{% include %}`: 2.10 s CPU for 200 projects (30 Nov 2026),
and a 2,000-project unit's tab took 56–90 s to open. The projects are copies of the
Xiangjiang example's, so every input kind (money, targets, choices, text) is there.
"""

from __future__ import annotations

import copy
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "xiangjiang-justice-2023.yaml"


def unit_with(projects: int) -> dict[str, Any]:
    """The example's data with `projects` projects (its own, repeated)."""
    import yaml

    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    own = data["projects"]
    data["projects"] = [copy.deepcopy(own[i % len(own)]) for i in range(projects)]
    return data


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings.test")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from jixiao.web.submissions.formhtml import FormMarkup
    from jixiao.web.submissions.formspec import section_tree

    sizes = [int(a) for a in sys.argv[1:]] or [200, 2000]
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for size in sizes:
        data = unit_with(size)
        start = time.process_time()
        nodes = section_tree("projects", data)
        built = time.process_time()
        html = FormMarkup(editable=True, row_url="/submissions/1/row/").nodes(nodes)
        done = time.process_time()
        inputs = html.count("<input") + html.count("<textarea") + html.count("<select")
        target = " (target ≤ 0.5 s)" if size == 200 else ""
        print(
            f"{size:>5} projects, {inputs:,} inputs: tree {built - start:.2f} s, "
            f"markup {done - built:.2f} s CPU{target}, {len(html) / 1e6:.1f} MB"
        )


if __name__ == "__main__":
    main()
