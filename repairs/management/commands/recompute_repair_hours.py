"""`manage.py recompute_repair_hours --school CODE`: the stored working hours of a school's repair
requests, recomputed through its calendar as it now is (after the admin edited holidays or the
working hours; the signals of repairs.signals queue the same work for the dates concerned)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from core.models import School
from repairs import durations
from repairs.models import RepairRequest


class Command(BaseCommand):
    help = "Recompute the stored working hours to respond and to finish of a school's requests."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="the school's code or id")

    def handle(self, *args, **options):
        wanted = options["school"]
        school = School.objects.filter(code=wanted).first()
        if school is None and wanted.isdigit():
            school = School.objects.filter(pk=int(wanted)).first()
        if school is None:
            raise CommandError(f"No school with the code or id {wanted!r}.")
        changed = durations.recompute(RepairRequest.objects.filter(school=school))
        self.stdout.write(self.style.SUCCESS(f"{school}: {changed} requests recomputed."))
