from django.core.management.base import BaseCommand

from core.demo import DEMO_PASSWORD, USERS, seed_demo_school


class Command(BaseCommand):
    help = "Build the demo school and one user per role (running it twice changes nothing)."

    def handle(self, *args, **options):
        school = seed_demo_school()
        self.stdout.write(self.style.SUCCESS(f"Demo school ready: {school.name}"))
        names = ", ".join(username for username, *_ in USERS)
        self.stdout.write(f"Logins: {names} (password: {DEMO_PASSWORD})")
