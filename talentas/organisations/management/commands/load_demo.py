import os

from django.core.management.base import BaseCommand

from talentas.organisations.demo import ACCOUNTS, DEFAULT_DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo: Alytus' municipal departments, business support organisations, schools and a few "
        "fictional firms, and one account per role. Safe to run again: it only adds what is missing. "
        f"Demo accounts log in with the password in the DEMO_PASSWORD environment variable "
        f"(default: {DEFAULT_DEMO_PASSWORD})."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-accounts",
            action="store_true",
            help="Do not print the table of demo accounts (make run prints it last).",
        )
        parser.add_argument("--accounts-only", action="store_true", help="Only print the table of demo accounts.")

    def handle(self, *args, no_accounts: bool, accounts_only: bool, **options) -> None:
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        if not accounts_only:
            _, made = load_demo(password=password)
            self.stdout.write(
                f"Demo loaded: {made['organisations']} organisations added, {len(ACCOUNTS)} accounts ready."
            )
        if not no_accounts:
            self.write_accounts(password)

    def write_accounts(self, password: str) -> None:
        rows = [("E-mail", "Role", "Password"), *((a.email, a.title, password) for a in ACCOUNTS)]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for number, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
