"""`make bench`: every benchmark under bench/, each printing ratios against a baseline from the same run."""

import sys

from bench import harness


def main() -> None:
    harness.setup_django()
    from bench import events, monitoring, plans, talent

    benchmarks = {"plans": plans.run, "monitoring": monitoring.run, "talent": talent.run, "events": events.run}
    chosen = sys.argv[1:] or list(benchmarks)
    missed = []
    for name in chosen:
        print(f"== {name}")
        if benchmarks[name]() is False:  # a benchmark with a goal returns whether it met it
            missed.append(name)
    if missed:
        sys.exit(f"goals missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
