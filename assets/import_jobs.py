"""The ledger import as a background job (core.jobs): view → job → report.

The upload is stored on the job, then checked and saved by one function (imports.import_ledger)
whether it runs in the request (a small file) or in a worker with a progress page (a large one).
The job is marked done in the transaction that saves the assets, so a worker killed mid-import
leaves nothing half-saved, and a retry cannot import the rows twice.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from assets import imports
from core import jobs
from core.models import ExportJob, School, User

KIND = "assets.import"


@transaction.atomic
def import_job_start(*, school: School, actor: User, upload) -> ExportJob:
    """Store the upload on a new queued job of the actor's (not yet run or queued)."""
    job = ExportJob.objects.create(
        school=school,
        requested_by=actor,
        kind=KIND,
        view_name="assets:asset_import",
        title=f"{_('Asset ledger import')} {upload.name}"[:200],
    )
    job.file.save(f"import-{uuid.uuid4().hex}.xlsx", upload, save=True)
    return job


def problems_of(job: ExportJob) -> list[imports.Problem]:
    return [imports.Problem(**p) for p in job.result.get("problems", [])]


def _run(job: ExportJob, progress: jobs.Progress) -> None:
    def saved(created: list) -> None:
        count = len(created)
        result = {
            "imported": count,
            "message": _("%(n)s assets imported.") % {"n": count},
            "next_url": reverse("assets:asset_list"),
            "next_label": _("Asset ledger"),
        }
        jobs.finish(job, result=result, done_rows=count, total_rows=count)

    if job.school is None:
        raise ValueError("an import job belongs to a school")
    with job.file.open("rb") as upload:
        try:
            imports.import_ledger(
                school=job.school,
                actor=job.requested_by,
                upload=upload,
                on_progress=progress,
                on_saved=saved,
            )
        except imports.ImportRefused as exc:
            result = {
                "refused": True,
                "message": exc.message,
                "problems": [asdict(p) for p in exc.problems],
                "next_url": reverse("assets:asset_import"),
                "next_label": _("Upload a corrected file"),
            }
            jobs.finish(job, result=result)


jobs.register(KIND, _run)
