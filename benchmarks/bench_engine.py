"""Criteria engine throughput: enterprises assessed per second, on one process, against every tier.

    .venv/bin/python benchmarks/bench_engine.py [--n 20000] [--seed 7] [--rounds 5] [--version miit-2022] [--park]
    .venv/bin/python benchmarks/bench_engine.py --baseline DIR     # interleaved against another copy of the engine

Builds N varied enterprises (seeded, so runs compare: some figures unknown, every sector row, every R&D-institution
level), then for each criteria version (both unless --version is given) warms up and times R rounds over the
whole population, each enterprise assessed against every tier of the version (plus the park pool with --park).
It prints the best round (the least disturbed by other work on the machine) and the median, as wall-clock
enterprises per second, with the CPU time of the process alongside and the load average, so a figure taken on a
busy machine can be recognised as such. Messages are rendered lazily, so `--render` also renders every message
once, as a page showing the whole assessment would.

`--baseline DIR` compares with another copy of the engine package, e.g. the last commit's, exported with
`git archive HEAD accreditation/criteria | tar -x -C /tmp/base` (DIR is then /tmp/base/accreditation/criteria).
Both run in this process on the same enterprises, round after round in alternating order, so that a busy machine
slows both alike; it prints the CPU-time rate of each and the ratio of their medians.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib.util
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django
from django.conf import settings

if not settings.configured:
    settings.configure(USE_I18N=True, LANGUAGE_CODE="en")
    django.setup()

from accreditation import criteria as engine
from accreditation.criteria import NONE, VERSIONS, Award, Facts, ParkThresholds, Profile, YearFigures, assess

AS_OF = dt.date(2026, 6, 1)


def maybe(rng: random.Random, value, unknown: float = 0.05):
    """The value, or None (unknown) now and then, so the unknown paths are timed too."""
    return None if rng.random() < unknown else value


def enterprise(rng: random.Random) -> Facts:
    revenue = rng.randint(2_000_000, 600_000_000)
    years = []
    for year in (2025, 2024, 2023):
        mbr = int(revenue * rng.uniform(0.4, 1.0))
        assets = int(revenue * rng.uniform(0.5, 2.0))
        years.append(
            YearFigures(
                year=year,
                revenue=revenue,
                main_business_revenue=maybe(rng, mbr),
                net_profit=int(revenue * rng.uniform(-0.05, 0.2)),
                total_assets=assets,
                total_liabilities=maybe(rng, int(assets * rng.uniform(0.1, 0.95))),
                rd_expense=maybe(rng, int(revenue * rng.uniform(0.0, 0.12))),
                equity_financing=rng.choice((0, 0, 0, 5_000_000, 30_000_000, 90_000_000)),
            )
        )
        revenue = max(int(revenue / rng.uniform(0.85, 1.3)), 1)
    employees = rng.randint(5, 1500)
    profile = Profile(
        niche_since=maybe(rng, rng.randint(2000, 2024)),
        employees=employees,
        rd_employees=rng.randint(0, employees),
        sector=rng.choice(("C3973", "C3411", "I6513", "F5123", "D4411")),
        strategic_emerging=maybe(rng, rng.random() < 0.5),
        main_product_field=rng.choice(("gap-filling", "foundation", "other", None)),
        strategic_field=rng.choice(("six-foundations", "ten-key-sectors", "cyber-power", NONE, None)),
        key_chain_link=maybe(rng, rng.random() < 0.5),
        digital_level=rng.randint(1, 4),
        core_business_on_it=rng.randint(0, 3),
        quality_award=rng.random() < 0.2,
        management_certificate=maybe(rng, rng.random() < 0.6),
        developed_market_certificate=rng.random() < 0.2,
        own_brand=maybe(rng, rng.random() < 0.7),
        standards_drafted=rng.random() < 0.3,
        rd_institution_level=rng.choice(("national", "provincial", "municipal", "lower", NONE, None)),
        rd_institution_kind=rng.choice(("own", "joint")),
        ip_class1_high_value=rng.choice((0, 0, 1, None)),
        ip_class1_self_developed=rng.randint(0, 4),
        ip_class1_other=rng.randint(0, 3),
        ip_class2=rng.randint(0, 20),
        ip_class1_in_use=rng.randint(0, 4),
        awards=rng.choice(((), (Award("provincial", rng.randint(1, 9), rng.randint(2020, 2025)),), None)),
        maker_contest_group=rng.choice(("top50", "top500", NONE, None)),
        titles=rng.choice((frozenset(), frozenset({"high-tech-enterprise"}), None)),
        national_market_share=maybe(rng, round(rng.uniform(0, 30), 1)),
        national_market_rank=rng.choice((None, 1, 2, 5, 12)),
        global_market_rank=rng.choice((None, 1, 3, 8)),
        compliance_ok=maybe(rng, rng.random() < 0.95),
        local_points=rng.randint(0, 15),
        development_score=maybe(rng, rng.randint(30, 95)),
        holds=rng.choice((frozenset(), frozenset({"innovative"}), frozenset({"specialized"}), None)),
        district_code=rng.choice(("320571", "320506", "310115")),
    )
    return Facts(profile, tuple(years))


PARK = ParkThresholds(2, Decimal("3"), 10_000_000, True, frozenset({"3205"}), "sip-bench")


def run_round(population: list[Facts], version: str, park: ParkThresholds | None, render: bool):
    """(wall seconds, CPU seconds, eligible tier verdicts) of one pass over the population."""
    eligible = 0
    start, start_cpu = time.perf_counter(), time.process_time()
    for facts in population:
        result = assess(facts, version=version, as_of=AS_OF, park=park)
        eligible += sum(1 for tier in result.tiers.values() if tier.eligible)
        if render:
            for tier in result.tiers.values():
                for criterion in tier.criteria:
                    criterion.message  # noqa: B018 - rendering is what is timed
    return time.perf_counter() - start, time.process_time() - start_cpu, eligible


def bench(population: list[Facts], version: str, park: ParkThresholds | None, render: bool, rounds: int) -> None:
    run_round(population[: max(len(population) // 10, 1)], version, park, render)  # warm-up
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu, eligible = run_round(population, version, park, render)
        walls.append(wall)
        cpus.append(cpu)
    n = len(population)
    tiers = len(assess(population[0], version=version, as_of=AS_OF, park=park).tiers)
    print(
        f"{version}{' + park' if park else ''}{', messages rendered' if render else ''}: {n} enterprises x {tiers} "
        f"tiers, best of {rounds}: {n / min(walls):,.0f} enterprises/s (median {n / statistics.median(walls):,.0f}; "
        f"CPU time best {n / min(cpus):,.0f}/s; {eligible} tier verdicts eligible)"
    )


def load_engine(path: str):
    """The engine package in `path`, imported under a name of its own so that it runs beside this one."""
    init = Path(path) / "__init__.py"
    spec = importlib.util.spec_from_file_location("baseline_criteria", init, submodule_search_locations=[str(path)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def converted(facts: Facts, other) -> Facts:
    """The same facts built from another engine's classes (the fields that engine knows)."""

    def rebuild(value, cls):
        return cls(**{f.name: getattr(value, f.name) for f in dataclasses.fields(cls) if hasattr(value, f.name)})

    profile = facts.profile
    if profile.awards:
        profile = dataclasses.replace(profile, awards=tuple(rebuild(a, other.Award) for a in profile.awards))
    return other.Facts(rebuild(profile, other.Profile), tuple(rebuild(y, other.YearFigures) for y in facts.years))


def cpu_seconds(module, population: list, version: str, park) -> float:
    """CPU seconds of one pass of `module.assess` over the population."""
    start = time.process_time()
    for facts in population:
        module.assess(facts, version=version, as_of=AS_OF, park=park)
    return time.process_time() - start


def compare(population: list[Facts], baseline, version: str, park: ParkThresholds | None, rounds: int) -> None:
    """Interleaved rounds of the baseline engine and this one; CPU-time rates and the ratio of the medians."""
    base_population = [converted(facts, baseline) for facts in population]
    base_park = None if park is None else baseline.ParkThresholds(*dataclasses.astuple(park))
    warm = max(len(population) // 10, 1)
    cpu_seconds(baseline, base_population[:warm], version, base_park)
    cpu_seconds(engine, population[:warm], version, park)
    base, new = [], []
    for round_ in range(rounds):
        # Alternate which engine goes first, so neither always follows the other's garbage.
        if round_ % 2:
            new.append(cpu_seconds(engine, population, version, park))
            base.append(cpu_seconds(baseline, base_population, version, base_park))
        else:
            base.append(cpu_seconds(baseline, base_population, version, base_park))
            new.append(cpu_seconds(engine, population, version, park))
    n = len(population)
    print(
        f"{version}{' + park' if park else ''}: {n} enterprises, {rounds} interleaved rounds, CPU time: "
        f"baseline best {n / min(base):,.0f}/s median {n / statistics.median(base):,.0f}/s; "
        f"this engine best {n / min(new):,.0f}/s median {n / statistics.median(new):,.0f}/s; "
        f"{statistics.median(base) / statistics.median(new):.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--version", choices=tuple(VERSIONS), help="one criteria version (default: each in turn)")
    parser.add_argument("--park", action="store_true", help="also assess the park pool")
    parser.add_argument("--render", action="store_true", help="also render every message (English)")
    parser.add_argument("--baseline", metavar="DIR", help="compare, interleaved, with the engine package in DIR")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    population = [enterprise(rng) for _ in range(args.n)]
    park = PARK if args.park else None
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, one process; "
        f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    baseline = load_engine(args.baseline) if args.baseline else None
    for version in (args.version,) if args.version else tuple(VERSIONS):
        if baseline is not None:
            compare(population, baseline, version, park, args.rounds)
        else:
            bench(population, version, park, args.render, args.rounds)
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
