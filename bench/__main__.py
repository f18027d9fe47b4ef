"""`make bench`: every benchmark under bench/, each printing ratios against a baseline from the same run."""

import sys

from bench import harness


def main() -> None:
    harness.setup_django()
    from bench import events, load, monitoring, plans, talent

    benchmarks = {
        "plans": plans.run,
        "monitoring": monitoring.run,
        "talent": talent.run,
        "events": events.run,
        "load": load.run,
    }
    chosen = sys.argv[1:] or list(benchmarks)
    for name in chosen:
        print(f"== {name}")
        benchmarks[name]()


if __name__ == "__main__":
    main()
