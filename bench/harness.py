"""What every benchmark shares: an isolated database, timing, ratio reporting and goals.

Machines here are shared and noisy, so a benchmark never reports a bare time: it
prints the subject's time as a ratio to a baseline measured in the same run.
Every figure has a goal written next to its measurement (a constant: "ratio <= X", "recall >= Y");
a missed goal is printed and remembered, and `python -m bench` exits 1 when any was missed.
"""

import os
import signal
import statistics
import subprocess
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
    return _timing(samples)


def measure_against(
    fn: Callable[[], object], baseline: Callable[[], object], *, runs: int = 30, warmup: int = 3
) -> tuple[Timing, Timing]:
    """Time `fn` and `baseline` in turns, one run of each after the other, so that a burst of load from others on
    a shared machine falls on both instead of on whichever happened to be measured then. (subject, baseline)"""
    for _ in range(warmup):
        fn()
        baseline()
    subject_samples: list[float] = []
    baseline_samples: list[float] = []
    for _ in range(runs):
        for call, samples in ((fn, subject_samples), (baseline, baseline_samples)):
            start = time.perf_counter()
            call()
            samples.append((time.perf_counter() - start) * 1000)
    return _timing(subject_samples), _timing(baseline_samples)


def _timing(samples: list[float]) -> Timing:
    samples = sorted(samples)
    return Timing(statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))], len(samples))


# The goals missed in this run, each as a line saying which figure and by how much.
MISSED: list[str] = []


def check(name: str, value: float, *, at_most: float | None = None, at_least: float | None = None) -> bool:
    """Compare a figure with its goal; print the verdict and remember a miss. Returns whether the goal is met."""
    if at_most is None and at_least is None:
        raise ValueError(f"{name}: a goal needs at_most or at_least")
    bounds = []
    if at_most is not None:
        bounds.append(f"<= {at_most:g}")
    if at_least is not None:
        bounds.append(f">= {at_least:g}")
    goal = " and ".join(bounds)
    met = (at_most is None or value <= at_most) and (at_least is None or value >= at_least)
    print(f"  goal {goal}: {'met' if met else 'MISSED'} ({value:.2f})")
    if not met:
        MISSED.append(f"{name}: {value:.2f}, goal {goal}")
    return met


def report(name: str, subject: Timing, baseline: Timing, baseline_name: str, *, goal: float) -> float:
    """Print the subject's time as a ratio to the baseline's and check it against its goal (ratio <= goal)."""
    ratio = subject.median_ms / baseline.median_ms
    print(
        f"{name}: {ratio:.2f}x {baseline_name} "
        f"(median {subject.median_ms:.2f} ms vs {baseline.median_ms:.2f} ms; p95 {subject.p95_ms:.2f} ms; "
        f"{subject.runs} runs)"
    )
    check(name, ratio, at_most=goal)
    return ratio


def finish() -> int:
    """Print the missed goals, if any; the process exit status: 1 when any goal was missed."""
    if not MISSED:
        print("every goal met")
        return 0
    print(f"{len(MISSED)} goal(s) missed:")
    for line in MISSED:
        print(f"  {line}")
    return 1


def stop_server(server: subprocess.Popen) -> None:
    """Stop a server a benchmark started in its own process group (gunicorn and its workers), by force if it
    does not stop within 20 seconds."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
