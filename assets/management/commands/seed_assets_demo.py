from django.core.management.base import BaseCommand

from assets.demo import seed_assets_demo
from assets.services import categories_seed_defaults
from core.models import School


class Command(BaseCommand):
    help = "Seed the GB/T 14885 asset categories of every school and the demo school's ledger."

    def handle(self, *args, **options):
        created = sum(categories_seed_defaults(school) for school in School.objects.all())
        seed_assets_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Asset categories created: {created}; demo ledger ready.")
        )
