"""The five tiers of docs/domain.md section 1 and the park's first pool criteria, loaded by a migration (and by tests
that rebuild reference data after flushing the database). Administrators may add more tiers in the admin."""

from decimal import Decimal

MIIT = "Ministry of Industry and Information Technology (MIIT)"
PROVINCE = "Provincial department of industry and information technology"

# code, English name, Chinese name, order, authority level, authority, validity (years), requires, criteria version
TIERS = [
    ("park-pool", "Park little-giant candidate pool", "园区“小巨人”培育库", 0, "park", "The park", None, None, "park"),
    ("innovative", "Innovative SME", "创新型中小企业", 1, "provincial", PROVINCE, 3, None, ""),
    ("specialized", "Specialized and sophisticated SME", "专精特新中小企业", 2, "provincial", PROVINCE, 3, None, ""),
    ("little-giant", "National little giant", "专精特新“小巨人”企业", 3, "national", MIIT, 3, "specialized", ""),
    ("single-champion", "Manufacturing single champion", "制造业单项冠军", 4, "national", MIIT, 3, None, ""),
]

# Days of public notice by authority level (docs/domain.md section 5: 5 days in Guangdong's provincial notices, 7 days
# in MIIT's, e.g. the 5th little-giant batch, 14-20 July 2023); the park follows the provincial practice.
# Administrators change a tier's notice in the admin.
NOTICE_DAYS = {"park": 5, "municipal": 5, "provincial": 5, "national": 7}

# The park's first thresholds for its pool (version 1); administrators save new versions in the admin.
FIRST_PARK_CRITERIA = {
    "version": 1,
    "min_years_in_niche": 2,
    "min_rd_intensity": Decimal("3.00"),
    "min_revenue": Decimal("10000000"),
    "sme_required": True,
    "allowed_district_codes": "320571",
}


def load_tiers(tier_model, park_criteria_model) -> None:
    """Create or refresh the tiers and the first park criteria (idempotent). Takes the models so migrations can
    pass their historical ones."""
    for code, name_en, name_zh, order, level, authority, validity, requires, version in TIERS:
        tier_model.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_zh": name_zh,
                "order": order,
                "authority_level": level,
                "authority": authority,
                "validity_years": validity,
                "requires": tier_model.objects.get(code=requires) if requires else None,
                "criteria_version": version,
                "public_notice_days": NOTICE_DAYS[level],
            },
        )
    if not park_criteria_model.objects.exists():
        park_criteria_model.objects.create(**FIRST_PARK_CRITERIA)
