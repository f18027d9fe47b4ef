import time
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = (
        "What `make run` does before serving: migrate, load the city's plan file and every module's demo data, "
        "import ESCO (skipped when the shipped files are those imported last), then print the demo accounts. "
        "One line per step; safe to run again, and quick when there is nothing new."
    )

    def handle(self, *args, verbosity: int, **options) -> None:
        started = time.monotonic()
        executor = MigrationExecutor(connection)
        applied = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        call_command("migrate", interactive=False, stdout=StringIO(), verbosity=0)
        self.stdout.write(f"Database: {applied} migrations applied." if applied else "Database: up to date.")
        plan = StringIO()
        call_command("load_plan", str(settings.CITY_PLAN_FILE), stdout=plan)
        self.stdout.write(plan.getvalue().splitlines()[0] if verbosity < 2 else plan.getvalue().rstrip())
        # Each loader writes its own one-line summary.
        call_command("load_demo", no_accounts=True, stdout=self.stdout, verbosity=verbosity)
        call_command("import_esco", stdout=self.stdout, stderr=self.stderr, verbosity=verbosity)
        for loader in (
            "load_demo_talent", "load_demo_events", "load_demo_calls", "load_demo_review", "load_demo_pitches",
            "load_demo_cohorts", "load_demo_monitoring",
        ):  # fmt: skip
            call_command(loader, stdout=self.stdout, verbosity=verbosity)
        # The match vectors follow the scoring and ESCO's skill weights; the demo's few hundred take a moment.
        call_command("build_match_index", refresh_vectors=True, stdout=self.stdout)
        self.stdout.write(f"Ready in {time.monotonic() - started:.0f} s. Demo accounts:")
        call_command("load_demo", accounts_only=True, stdout=self.stdout)
