"""Demo enterprises for `manage.py seed_demo --enterprises N --seed S`: realistic, deterministic, fast.

Every value comes from one `random.Random(seed)`, so the same seed gives the same data. Rows are written with
bulk_create in batches (simple_history is skipped: demo data has no editing history). A latent "strength" drawn
from a skewed distribution drives every figure and qualification of an enterprise, so a few are strong
little-giant candidates and many sit at the bottom of the pool. Re-running adds nothing: a batch skips the
enterprises whose USCC is already on record (before generating their rows, after drawing them from the stream).
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from .demo_words import DISTRICT_NAMES_ZH, DISTRICTS, GIVEN_NAMES, INDUSTRIES, NAME_FIRST, NAME_SECOND, SURNAMES
from .demo_writer import insert_children, insert_parents, refresh_statistics
from .models import (
    AnnualFigures,
    Award,
    Brand,
    Certificate,
    Enterprise,
    IPItem,
    IPType,
    RDInstitution,
    Sector,
    StandardDrafted,
    Title,
    figures_summary,
)
from .validators import uscc_check_character

Row = tuple[type, dict]  # (model, its field values by attribute name)

BATCH = 2000
YEARS = (2023, 2024, 2025)
CHILD_MODELS = (AnnualFigures, IPItem, Certificate, Award, RDInstitution, Brand, Title, StandardDrafted)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997 organisation-code check digit


def _organisation_code(serial: int) -> str:
    """A 9-character organisation code (USCC characters 9-17): 8 digits and the GB 11714 check character."""
    body = f"{serial:08d}"
    check = 11 - sum(int(d) * w for d, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def _patent_number(year: int, kind: int, serial: int) -> str:
    """A CNIPA application number: ZL + year + kind (1 invention, 2 utility model, 3 design) + serial . check."""
    digits = f"{year}{kind}{serial:07d}"
    check = sum(int(d) * w for d, w in zip(digits, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5), strict=True)) % 11
    return f"ZL{digits}.{'X' if check == 10 else check}"


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _yuan(value: float) -> Decimal:
    return Decimal(int(value))


class _Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        rng = self.rng
        # Serials a*i+b mod 10^8 with a coprime to 10^8 are distinct for every index: unique codes, no lookups.
        self.multiplier = rng.randrange(1, 10**7) * 10 + rng.choice((1, 3, 7, 9))
        self.offset = rng.randrange(10**8)
        self.industry_weights = [row[1] for row in INDUSTRIES]
        self.district_weights = [row[1] for row in DISTRICTS]

    def uscc(self, index: int, district: str) -> str:
        serial = (self.multiplier * index + self.offset) % 10**8
        first17 = f"91{district}{_organisation_code(serial)}"
        return first17 + uscc_check_character(first17)

    def enterprise(self, index: int, sectors: dict[str, int]) -> tuple[dict, list[Row]]:
        """One enterprise and its unsaved child rows (their enterprise is set once it has a primary key)."""
        rng = self.rng
        strength = rng.random() ** 2.5  # skewed: mean 0.29, 2% above 0.95
        division, _w, word_zh, word_en, code, niches = rng.choices(INDUSTRIES, self.industry_weights)[0]
        district, _w, streets = rng.choices(DISTRICTS, self.district_weights)[0]
        (first_zh, first_en), (second_zh, second_en) = rng.choice(NAME_FIRST), rng.choice(NAME_SECOND)
        brand_zh, brand_en = first_zh + second_zh, first_en + second_en
        street_zh, _street_en = rng.choice(streets)
        niche_zh, niche_en = rng.choice(niches)
        number = rng.randint(1, 999)
        registered = datetime.date(2022 - int(strength * 18 + rng.random() * 5), rng.randint(1, 12), rng.randint(1, 28))
        person = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        complete = rng.random() < 0.6 + 0.4 * strength  # the weaker ones have left answers blank
        share = round(_clamp(rng.gauss(2 + 18 * strength, 3), 0.1, 60), 2)
        enterprise = {
            "uscc": self.uscc(index, district),
            "name_zh": f"苏州{brand_zh}{word_zh}科技有限公司",
            "name_en": f"Suzhou {brand_en} {word_en} Technology Co., Ltd.",
            "registration_date": registered,
            "registered_capital": _yuan(10 ** rng.uniform(6, 8.3)),
            "address": f"{DISTRICT_NAMES_ZH[district]}{street_zh}{number}号",
            "district": district,
            "sector_id": sectors[division],
            "industry_code": code,
            "ownership_type": rng.choices(("private", "foreign", "hmt", "mixed"), (70, 15, 8, 7))[0],
            "listed": strength > 0.9 and rng.random() < 0.3,
            "legal_representative": person,
            "contact_name": rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES),
            "contact_phone": f"0512-6{rng.randrange(10**6, 10**7)}",
            "contact_email": f"office@{brand_en.lower()}{index}.example.com",
            "niche_market": niche_zh,
            "niche_since": min(2024, registered.year + rng.randint(0, 4)),
            "main_products": f"{niche_zh} ({niche_en})",
            "strategic_field": rng.choice(("six-foundations", "ten-key-sectors", "cyber-power"))
            if strength > 0.5 and rng.random() < 0.7
            else "",
            "strategic_emerging": rng.random() < 0.3 + 0.6 * strength,
            "main_product_field": rng.choices(("gap-filling", "foundation", "other"), (strength, 0.4, 1 - strength))[0],
            "key_chain_link": rng.random() < strength * 0.8,
            "digital_level": (1 + (strength > 0.3) + (strength > 0.65) + (strength > 0.9)) if complete else None,
            "core_business_on_it": rng.randint(0, 1 + int(4 * strength)) if complete else None,
            "national_market_share": Decimal(str(share)) if complete else None,
            "market_share_source": "行业协会2025年统计 (industry association, 2025)" if complete else "",
            "compliance_ok": rng.random() < 0.97 if complete else None,
        }
        children = self._figures(strength)
        # The list's stored columns, by the same rule as Enterprise.save (bulk inserts skip save and signals).
        enterprise |= figures_summary(code, [fields for _model, fields in children])
        children += self._ip(index, strength, division, niche_zh)
        children += self._qualifications(strength, brand_zh, niche_zh)
        return enterprise, children

    def _figures(self, strength: float) -> list[Row]:
        rng = self.rng
        revenue = 10 ** _clamp(6.4 + 2.3 * strength + rng.gauss(0, 0.3), 6, 9.3)
        staff_cost = rng.uniform(0.6e6, 1.6e6)  # revenue per employee
        rows = []
        for year in reversed(YEARS):  # from the latest year backwards, deflating by each year's growth
            share = _clamp(0.55 + 0.4 * strength + rng.gauss(0, 0.08), 0.3, 1.0)
            employees = max(3, int(revenue / staff_cost))
            assets = revenue * rng.uniform(0.7, 1.6)
            net = revenue * rng.gauss(0.02 + 0.1 * strength, 0.04)
            equity = rng.uniform(1e6, 2e6 + 6e7 * strength) if rng.random() < 0.03 + 0.2 * strength else 0
            figures = {
                "year": year,
                "revenue": _yuan(revenue),
                "main_business_revenue": _yuan(revenue * share),
                "main_business_cost": _yuan(revenue * share * rng.uniform(0.55, 0.85)),
                "total_profit": _yuan(net / 0.85 if net > 0 else net),
                "net_profit": _yuan(net),
                "total_assets": _yuan(assets),
                "total_liabilities": _yuan(assets * _clamp(rng.gauss(0.62 - 0.25 * strength, 0.12), 0.05, 1.1)),
                "taxes": _yuan(revenue * rng.uniform(0.02, 0.06)),
                "exports": _yuan(revenue * rng.uniform(0, 0.5)) if rng.random() < 0.4 else Decimal(0),
                "employees": employees,
                "rd_employees": int(employees * _clamp(0.05 + 0.3 * strength + rng.gauss(0, 0.05), 0, 0.9)),
                "rd_expense": _yuan(revenue * _clamp(rng.gauss(0.012 + 0.08 * strength, 0.015), 0, 0.3)),
                "equity_financing": _yuan(equity),
            }
            rows.append((AnnualFigures, figures))
            revenue /= 1 + _clamp(rng.gauss(0.03 + 0.15 * strength, 0.08), -0.3, 0.8)
        return rows

    def _ip(self, index: int, strength: float, division: str, niche: str) -> list[Row]:
        rng = self.rng
        class_one = int(rng.expovariate(1) * (0.2 + 6 * strength))
        class_two = int(rng.expovariate(1) * (0.8 + 4 * strength))
        items = []
        for k in range(min(class_one + class_two, 40)):
            year = rng.randint(2012, 2024)
            serial = (index * 40 + k) % 10**7  # distinct within an enterprise: (enterprise, type, number) is unique
            if k < class_one:
                is_chip = division == "39" and rng.random() < 0.2
                ip_type = IPType.IC_LAYOUT if is_chip else IPType.INVENTION_PATENT
                number = f"BS.{year % 100}5{serial:07d}" if is_chip else _patent_number(year, 1, serial)
            else:
                ip_type = rng.choice((IPType.UTILITY_MODEL, IPType.DESIGN_PATENT, IPType.SOFTWARE_COPYRIGHT))
                if ip_type == IPType.SOFTWARE_COPYRIGHT:
                    number = f"{year}SR{serial:07d}"
                else:
                    number = _patent_number(year, 2 if ip_type == IPType.UTILITY_MODEL else 3, serial)
            item = {
                "type": ip_type.value,
                "number": number,
                "title": f"{niche}相关技术 {k + 1}",
                "grant_date": datetime.date(min(year + 2, 2025), rng.randint(1, 12), rng.randint(1, 28)),
                "high_value": k < class_one and rng.random() < 0.15 + 0.3 * strength,
                "self_developed": rng.random() < 0.85,
                "tied_to_main_product": rng.random() < 0.8,
                "in_use": rng.random() < 0.85,
            }
            items.append((IPItem, item))
        return items

    def _qualifications(self, strength: float, brand: str, niche: str) -> list[Row]:
        rng = self.rng
        rows: list[Row] = []

        def chance(threshold: float, probability: float) -> bool:
            return strength > threshold and rng.random() < probability

        def add(model, **fields) -> None:
            rows.append((model, fields))

        if chance(0.3, 0.85):
            year = rng.randint(2022, 2025)
            add(Title, kind="high-tech-enterprise", year=year, valid_until=datetime.date(year + 3, 12, 31))
        if chance(0.85, 0.3):
            add(Title, kind="ip-advantage", year=rng.randint(2021, 2025))
        if chance(0.8, 0.25):
            add(Title, kind="maker-top50" if strength > 0.95 else "maker-top500", year=rng.randint(2022, 2025))
        if chance(0.0, 0.3 + 0.6 * strength):
            issued = datetime.date(rng.randint(2019, 2024), rng.randint(1, 12), 1)
            add(
                Certificate,
                kind="management-system",
                name="ISO 9001",
                issued=issued,
                expires=issued.replace(year=issued.year + 3),
            )
        if chance(0.6, 0.5):
            add(Certificate, kind="developed-market", name=rng.choice(("CE", "UL", "TÜV")))
        if chance(0.85, 0.3):
            add(Certificate, kind="quality-award", name="苏州市质量奖")
        if chance(0.8, 0.35):
            level = "national" if strength > 0.95 and rng.random() < 0.4 else "provincial"
            add(Award, level=level, rank=rng.randint(1, 6), year=rng.randint(2022, 2025), name="科学技术奖")
        if chance(0.4, 0.6):
            level = "national" if strength > 0.95 else "provincial" if strength > 0.7 else "municipal"
            add(RDInstitution, level=level, kind=rng.choice(("own", "own", "joint")), name=f"{niche}工程技术研究中心")
        if rng.random() < 0.2 + 0.7 * strength:
            add(Brand, name=brand, own=True)
        if chance(0.7, 0.4):
            add(StandardDrafted, level=rng.choice(("group", "industry", "national")), name=f"{niche}通用技术要求")
        return rows


def seed_enterprises(*, count: int, seed: int, stdout=None) -> int:
    """Create `count` demo enterprises from `seed` with three years of figures, IP and qualifications.

    Returns how many enterprises were created (0 on a re-run with the same seed). Writes progress to `stdout`.
    """
    generator = _Generator(seed)
    sectors = dict(Sector.objects.filter(level="division").values_list("code", "pk"))
    created = 0
    for start in range(0, count, BATCH):
        drawn = [generator.enterprise(index, sectors) for index in range(start, min(count, start + BATCH))]
        codes = [enterprise["uscc"] for enterprise, _children in drawn]
        existing = set(Enterprise.objects.filter(uscc__in=codes).values_list("uscc", flat=True))
        fresh = [(enterprise, children) for enterprise, children in drawn if enterprise["uscc"] not in existing]
        with transaction.atomic():
            ids = insert_parents(Enterprise, [enterprise for enterprise, _children in fresh])
            rows: dict[type, list[dict]] = {model: [] for model in CHILD_MODELS}
            for pk, (_enterprise, children) in zip(ids, fresh, strict=True):
                for model, fields in children:
                    fields["enterprise_id"] = pk
                    rows[model].append(fields)
            for model, objects in rows.items():
                insert_children(model, objects)
        created += len(fresh)
        if stdout is not None:
            stdout.write(f"  enterprises: {start + len(drawn)}/{count} drawn, {created} created\n")
    if created:
        refresh_statistics(Enterprise, *CHILD_MODELS)
    return created
