import os

from django.core.management.base import BaseCommand

from talentas.organisations.demo import DEFAULT_DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo: Alytus' municipal departments, business support organisations, schools and a few "
        "fictional firms, and one account per role. Safe to run again: it only adds what is missing. "
        f"Demo accounts log in with the password in the DEMO_PASSWORD environment variable "
        f"(default: {DEFAULT_DEMO_PASSWORD})."
    )

    def handle(self, *args, **options) -> None:
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        accounts, made = load_demo(password=password)
        self.stdout.write(f"Demo loaded: {made['organisations']} organisations added.")
        rows = [("E-mail", "Role", "Password"), *((a.email, a.title, password) for a in accounts)]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for number, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
