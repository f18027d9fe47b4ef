import time

from django.core.management.base import BaseCommand

from talentas.talent import match_index, services


class Command(BaseCommand):
    help = (
        "Write the talent match index file that every web worker memory-maps (settings.MATCH_INDEX_DIR). "
        "--refresh-vectors first recomputes every profile's and opportunity's match vector (after an ESCO "
        "update or a change of the scoring)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--refresh-vectors", action="store_true", help="Recompute every match vector first.")

    def handle(self, *args, refresh_vectors: bool = False, **options):
        if refresh_vectors:
            people = services.rebuild_talent_vectors()
            opportunities = services.rebuild_opportunity_vectors()
            self.stdout.write(f"Recomputed {people} profile and {opportunities} opportunity vectors.")
        started = time.perf_counter()
        path = match_index.build_index_file()
        self.stdout.write(
            f"Wrote {path} ({path.stat().st_size / 2**20:.1f} MiB) in {time.perf_counter() - started:.1f} s."
        )
