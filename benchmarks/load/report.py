"""Check locust's stats CSV against the load goals (benchmarks/README.md) and print them as a table.

    .venv/bin/python benchmarks/load/report.py var/loadtest/portal_stats.csv

Requests are named by page kind in the locustfile: "detail: ..." and "form: ..." must answer within 150 ms at the
95th percentile, "list: ..." and "dashboard" within 300 ms; no request may fail. Exits 1 when a goal is missed.
"""

import csv
import sys

GOALS = {"detail": 150, "form": 150, "list": 300, "dashboard": 300}


def goal_of(name: str) -> int | None:
    return GOALS.get(name.split(":", 1)[0])


def main(path: str) -> int:
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    missed = 0
    print(f"{'request':44} {'count':>7} {'failed':>7} {'median ms':>10} {'p95 ms':>8} {'goal ms':>8}")
    for row in rows:
        name = row["Name"]
        label = f"{row['Type']} {name}".strip()
        count, failed = int(row["Request Count"]), int(row["Failure Count"])
        p95 = float(row["95%"] or 0)
        goal = goal_of(name) if name != "Aggregated" else None
        verdict = ""
        if failed or (goal is not None and p95 > goal):
            missed += 1
            verdict = "  MISSED"
        print(
            f"{label:44} {count:>7} {failed:>7} {float(row['Median Response Time'] or 0):>10.0f} {p95:>8.0f}"
            f" {goal if goal is not None else '':>8}{verdict}"
        )
    print("\nall goals met" if not missed else f"\n{missed} line(s) missed a goal")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
