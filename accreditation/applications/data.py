"""The default document checklist and review rubric of each tier (docs/domain.md section 5), loaded by a migration and
by tests that rebuild reference data after flushing the database. Administrators edit both in the admin."""

PARK, INNOVATIVE, SPECIALIZED = "park-pool", "innovative", "specialized"
GIANT, CHAMPION = "little-giant", "single-champion"
EVERY_TIER = (PARK, INNOVATIVE, SPECIALIZED, GIANT, CHAMPION)

# code, English name, Chinese name, tiers where it is required (optional in the others)
DOCUMENTS = [
    ("business-licence", "Business licence", "营业执照", EVERY_TIER),
    (
        "audit-reports",
        "Audit reports of the last 2-3 years",
        "近2-3年审计报告",
        (INNOVATIVE, SPECIALIZED, GIANT, CHAMPION),
    ),
    ("rd-audit", "Special audit of R&D expense", "研发费用专项审计报告", (SPECIALIZED, GIANT, CHAMPION)),
    (
        "social-security",
        "December social-security headcount",
        "12月社保缴纳人数证明",
        (INNOVATIVE, SPECIALIZED, GIANT, CHAMPION),
    ),
    ("ip-certificates", "Intellectual property certificates", "知识产权证书", (INNOVATIVE, SPECIALIZED, GIANT)),
    ("award-financing", "Award or equity-financing proof", "获奖或股权融资证明", ()),
    ("credit-report", "Credit report", "信用报告", (GIANT, CHAMPION)),
    ("market-share", "Market-share statement", "市场占有率说明", (GIANT, CHAMPION)),
    ("application-form", "Signed application form", "签字盖章的申报书", EVERY_TIER),
]

# The four dimensions of "specialised, refined, distinctive, innovative" (专精特新): code, en, zh, weight, max score
RUBRIC = [
    ("specialization", "Specialization", "专业化", 25, 10),
    ("refinement", "Refined management", "精细化", 25, 10),
    ("distinctiveness", "Distinctiveness", "特色化", 20, 10),
    ("innovation", "Innovation", "创新能力", 30, 10),
]


def load_application_reference(tier_model, requirement_model, criterion_model) -> None:
    """Create the default checklist and rubric of the seeded tiers where a line is missing (idempotent; edits
    made in the admin are kept). Takes the models so migrations can pass their historical ones."""
    for tier in tier_model.objects.filter(code__in=EVERY_TIER):
        for order, (code, name_en, name_zh, required_in) in enumerate(DOCUMENTS, start=1):
            requirement_model.objects.get_or_create(
                tier=tier,
                code=code,
                defaults={
                    "name_en": name_en,
                    "name_zh": name_zh,
                    "required": tier.code in required_in,
                    "order": order * 10,
                },
            )
        for order, (code, name_en, name_zh, weight, max_score) in enumerate(RUBRIC, start=1):
            criterion_model.objects.get_or_create(
                tier=tier,
                code=code,
                defaults={
                    "name_en": name_en,
                    "name_zh": name_zh,
                    "weight": weight,
                    "max_score": max_score,
                    "order": order * 10,
                },
            )
