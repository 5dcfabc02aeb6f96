"""Who may use the job pages: a job is its owner's (and the administrator's); anyone else
gets 404, as if it did not exist. Batch forms are for finance reviewers (and the
administrator); unit users get 403, the anonymous public the login page.
"""

from __future__ import annotations

from tests.web.access import Rule, same
from tests.web.conftest import World

from jixiao.web.jobs import services
from jixiao.web.jobs.models import Job, Kind

OWN = same(200, reviewer=404, other_editor=404, other_reviewer=404, approver=404, anon=302)
"""A job's pages: its owner (the editor here) and the administrator."""
BATCH = same(403, reviewer=302, other_reviewer=302, admin=302, anon=302)
"""Batch forms: reviewers and the administrator (redirected to the job or back with a message)."""


def _job(w: World) -> dict[str, int]:
    job = Job.objects.filter(title="测试任务").first()
    if job is None:
        job = Job.objects.create(kind=Kind.RENDER, title="测试任务", owner=w.users["editor"])
        stored = services.save_file(job, "result.txt", "结果".encode())
        services.finish(job, "完成", file=stored, file_name="结果.txt")
    return {"pk": job.pk}


RULES = {
    "jobs:list": Rule(get=same(200, anon=302)),
    "jobs:detail": Rule(kwargs=_job, get=OWN),
    "jobs:progress": Rule(kwargs=_job, get=OWN),
    "jobs:status": Rule(kwargs=_job, get=OWN),
    "jobs:download": Rule(kwargs=_job, get=OWN),
    "jobs:audit_batch": Rule(post=BATCH),
    "jobs:region_reports": Rule(post=BATCH, data=lambda w: {"year": 2023, "format": "docx"}),
    "jobs:reminders": Rule(post=BATCH, data=lambda w: {"year": 2023, "deadline": "2024-04-30"}),
}
