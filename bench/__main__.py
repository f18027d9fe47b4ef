"""`make bench`: every benchmark under bench/, each printing ratios against a baseline from the same run and
checking them against their goals; exits 1, naming them, when any goal is missed."""

import sys

from bench import harness


def main() -> None:
    harness.setup_django()
    from bench import calls, events, load, monitoring, plans, talent

    benchmarks = {
        "plans": plans.run,
        "monitoring": monitoring.run,
        "talent": talent.run,
        "events": events.run,
        "calls": calls.run,
        "load": load.run,
    }
    chosen = sys.argv[1:] or list(benchmarks)
    for name in chosen:
        print(f"== {name}")
        benchmarks[name]()
    sys.exit(harness.finish())


if __name__ == "__main__":
    main()
