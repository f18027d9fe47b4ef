"""What every benchmark shares: an isolated database, timing, and ratio reporting.

Machines here are shared and noisy, so a benchmark never reports a bare time: it
prints the subject's time as a ratio to a baseline measured in the same run.
"""

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass


def setup_django() -> None:
    """Point Django at a fresh SQLite file (or BENCH_DATABASE_URL) and migrate it."""
    if "DATABASE_URL" not in os.environ:
        path = os.path.join(tempfile.mkdtemp(prefix="talentas-bench-"), "bench.sqlite3")
        os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{path}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentas.settings")
    os.environ["TASKS_IMMEDIATE"] = "1"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    runs: int


def measure(fn: Callable[[], object], *, runs: int = 30, warmup: int = 3) -> Timing:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return Timing(statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))], runs)


def report(name: str, subject: Timing, baseline: Timing, baseline_name: str) -> float:
    ratio = subject.median_ms / baseline.median_ms
    print(
        f"{name}: {ratio:.2f}x {baseline_name} "
        f"(median {subject.median_ms:.2f} ms vs {baseline.median_ms:.2f} ms; p95 {subject.p95_ms:.2f} ms; "
        f"{subject.runs} runs)"
    )
    return ratio
