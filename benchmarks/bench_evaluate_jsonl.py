"""`manage.py evaluate_profile --jsonl` throughput: documents judged per second in one process, and the check that
its output equals the single calls' output.

    DJANGO_SETTINGS_MODULE=portal.settings.test .venv/bin/python benchmarks/bench_evaluate_jsonl.py [--n 5000]
        [--seed 15] [--lang en]

Generates N varied EVALUATE_PROFILE.md documents (seeded: both criteria versions, unknown fields now and then, a
few invalid lines), writes them one per line to a temporary file, and times one run of the real command
(`manage.py evaluate_profile --jsonl FILE` in a subprocess, Django's start-up included). Then it calls the single-
document form of the command once per document (in this process, through `call_command`, as the same code runs
for `manage.py evaluate_profile FILE`) and checks that each output line equals the single call's output (for an
invalid line: an error object naming the same field as the single call's message). Exit 1 when they differ.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402 - after the settings module is chosen

django.setup()

from django.core.management import CommandError, call_command  # noqa: E402

GOAL = 2000  # documents a second


def maybe(rng: random.Random, value, unknown: float = 0.08):
    return None if rng.random() < unknown else value


def document(rng: random.Random) -> dict:
    """One what-if document; some fields absent (unknown), some null ("none" where the contract allows it)."""
    as_of = rng.choice(["2026-03-01", "2026-06-01", "2027-02-15"])
    year = int(as_of[:4]) - 1
    revenue = rng.randint(3_000_000, 500_000_000)
    years = []
    for back in range(rng.choice([3, 3, 3, 2, 1])):
        grown = int(revenue * (1 - 0.08 * back) * rng.uniform(0.9, 1.1))
        figures = {
            "year": year - back,
            "revenue": grown,
            "main_business_revenue": int(grown * rng.uniform(0.5, 1.0)),
            "net_profit": int(grown * rng.uniform(-0.05, 0.2)),
            "total_assets": int(grown * rng.uniform(0.6, 2.0)),
            "total_liabilities": int(grown * rng.uniform(0.2, 1.2)),
            "rd_expense": int(grown * rng.uniform(0.0, 0.12)),
            "equity_financing": rng.choice([0, 0, 0, 5_000_000, 30_000_000, 90_000_000]),
        }
        years.append({k: v for k, v in figures.items() if k == "year" or maybe(rng, v) is not None})
    employees = rng.randint(10, 900)
    profile = {
        "niche_since": rng.randint(2005, 2025),
        "employees": employees,
        "rd_employees": rng.randint(0, employees),
        "sector": rng.choice(["C3973", "C35", "I65", "C"]),
        "strategic_emerging": rng.random() < 0.6,
        "main_product_field": rng.choice(["gap-filling", "foundation", "other"]),
        "strategic_field": rng.choice(["six-foundations", "ten-key-sectors", "cyber-power", None]),
        "key_chain_link": rng.random() < 0.5,
        "digital_level": rng.randint(1, 4),
        "core_business_on_it": rng.randint(0, 3),
        "quality_award": rng.random() < 0.3,
        "management_certificate": rng.random() < 0.7,
        "developed_market_certificate": rng.random() < 0.2,
        "own_brand": rng.random() < 0.8,
        "standards_drafted": rng.random() < 0.5,
        "rd_institution": rng.choice(
            [None, {"level": "national", "kind": "own"}, {"level": "provincial", "kind": "joint"}, {"level": "lower"}]
        ),
        "ip": {
            "class1_high_value": rng.randint(0, 2),
            "class1_self_developed": rng.randint(0, 4),
            "class1_other": rng.randint(0, 3),
            "class2": rng.randint(0, 10),
            "class1_in_use": rng.randint(0, 6),
        },
        "awards": [
            {
                "level": rng.choice(["national", "provincial"]),
                "rank": rng.randint(1, 8),
                "year": rng.randint(2019, 2027),
            }
            for _ in range(rng.randint(0, 2))
        ],
        "maker_contest": rng.choice([None, {"group": "top50", "year": rng.randint(2020, 2026)}, {"group": "top500"}]),
        "titles": rng.sample(
            ["high-tech-enterprise", "innovation-demonstration", "ip-advantage", "ip-demonstration"], 1
        ),
        "national_market_share": round(rng.uniform(0, 30), 1),
        "international_market_share": round(rng.uniform(0, 15), 1),
        "national_market_rank": rng.randint(1, 20),
        "compliance_ok": rng.random() < 0.95,
        "local_points": rng.randint(0, 15),
        "development_score": rng.randint(30, 95),
        "development_score_previous": rng.randint(30, 95),
        "renewal": rng.random() < 0.2,
        "holds": rng.sample(["innovative", "specialized", "little-giant"], rng.randint(0, 2)),
    }
    profile = {k: v for k, v in profile.items() if rng.random() > 0.05}
    doc = {"as_of": as_of, "profile": profile, "years": years}
    if rng.random() < 0.5:
        doc["criteria_version"] = rng.choice(["miit-2022", "miit-2026"])
    return doc


def lines(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if i % 500 == 499:  # an invalid line now and then: the run goes on
            out.append(json.dumps({"profile": {"local_points": 16}}) if i % 1000 == 999 else "{broken")
        else:
            out.append(json.dumps(document(rng)))
    return out


def single(line: str, lang: str) -> dict:
    """The output of the single-document command for one line (an error object when it exits 2)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        handle.write(line)
    out = io.StringIO()
    try:
        call_command("evaluate_profile", handle.name, "--lang", lang, stdout=out)
        return json.loads(out.getvalue())
    except CommandError as exc:
        return {"single_error": str(exc)}
    finally:
        os.unlink(handle.name)


def timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall-clock seconds, CPU seconds, the completed process) of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603 - our command
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), run


def agrees(batch: dict, alone: dict) -> bool:
    if "single_error" in alone:
        return "error" in batch and (batch["field"] in alone["single_error"] or batch["field"] == "(input)")
    return batch == alone


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--lang", default="en", choices=["en", "zh-hans"])
    args = parser.parse_args()

    docs = lines(args.n, args.seed)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        handle.write("\n".join(docs) + "\n")
    command = [sys.executable, "manage.py", "evaluate_profile", "--jsonl", handle.name, "--lang", args.lang]
    empty = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)  # noqa: SIM115 - removed below
    empty.close()
    startup_elapsed, startup_cpu, _ = timed([*command[:4], empty.name, *command[5:]])
    os.unlink(empty.name)
    elapsed, cpu, run = timed(command)
    os.unlink(handle.name)
    outputs = [json.loads(line) for line in run.stdout.splitlines()]
    rate = len(docs) / elapsed
    print(f"{len(docs)} documents in {elapsed:.2f} s (one process, start-up included): {rate:,.0f} documents/s")
    print(f"CPU time of that process: {cpu:.2f} s: {len(docs) / cpu:,.0f} documents per CPU-second")
    judging, judging_cpu = elapsed - startup_elapsed, cpu - startup_cpu
    print(
        f"less the start-up of an empty run ({startup_elapsed:.2f} s, {startup_cpu:.2f} s CPU): "
        f"{len(docs) / judging:,.0f} documents/s, {len(docs) / judging_cpu:,.0f} per CPU-second"
    )
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"exit status {run.returncode} ({sum('error' in o for o in outputs)} invalid lines); goal >= {GOAL}/s")

    started = time.perf_counter()
    differing = [
        i for i, (line, out) in enumerate(zip(docs, outputs, strict=True)) if not agrees(out, single(line, args.lang))
    ]
    print(f"checked against {len(docs)} single calls in {time.perf_counter() - started:.1f} s: ", end="")
    print("identical" if not differing else f"{len(differing)} differ, first at line {differing[0] + 1}")
    return 0 if not differing and len(outputs) == len(docs) and run.returncode == 2 else 1


if __name__ == "__main__":
    sys.exit(main())
