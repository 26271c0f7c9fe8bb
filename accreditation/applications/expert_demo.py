"""Demo experts for `seed_demo`: the demo reviewer and a few more expert reviewers, each with a profile (fields of
expertise, employer), so that a newcomer can draw experts at random for an application and see who is left out
and why. They sign in with the demo reviewer's published password; `seed_demo` never runs in production.
Idempotent: an expert who exists already is left as they are."""

import datetime
import random

from django.db import transaction

from accreditation.applications.models import ExpertProfile
from enterprises.models import Enterprise, Sector
from portal.core import dates
from portal.core.demo_accounts import DEMO_ACCOUNTS
from portal.core.roles import Role
from portal.models import User

# (email, name, sections, employer). One is employed by a demo enterprise (see `seed_experts`), one is away.
EXPERTS = (
    ("reviewer@example.com", "Zhang Wei", ("C", "I"), "Soochow University, School of Electronic Engineering"),
    ("expert.liu@example.com", "Liu Yang", ("C",), "Suzhou Institute of Nano-Tech and Nano-Bionics, CAS"),
    ("expert.chen@example.com", "Chen Hui", ("C", "M"), "Jiangsu Industrial Technology Research Institute"),
    ("expert.zhao@example.com", "Zhao Lei", ("C",), "Xi'an Jiaotong-Liverpool University"),
    ("expert.sun@example.com", "Sun Li", ("I", "M"), "Suzhou Productivity Promotion Center"),
    ("expert.zhou@example.com", "Zhou Jie", ("C", "D"), "State Grid Suzhou Power Supply Company"),
    ("expert.wu@example.com", "Wu Fang", ("C", "L"), "Suzhou Certified Public Accountants Association"),
    ("expert.huang@example.com", "Huang Min", ("C", "E"), ""),  # employed by a demo enterprise: set below
)
AWAY = "expert.wu@example.com"  # unavailable for a while: never drawn until then


def _password() -> str:
    return next(account.password for account in DEMO_ACCOUNTS if account.role == Role.REVIEWER)


@transaction.atomic
def seed_experts(*, seed: int, today: datetime.date | None = None) -> int:
    """Create the demo experts' accounts and profiles that do not exist yet; returns how many profiles were made."""
    today = today or dates.today()
    rng = random.Random(seed)  # noqa: S311 -- demo data, reproducible by seed; nothing secret
    sections = {sector.code: sector for sector in Sector.objects.filter(level="section")}
    employer = Enterprise.objects.order_by("uscc").first()
    created = 0
    for email, name, codes, employer_name in EXPERTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, _password(), full_name=name)
        user.add_role(Role.REVIEWER)
        if ExpertProfile.objects.filter(user=user).exists():
            continue
        profile = ExpertProfile(user=user, employer=employer_name)
        if not employer_name and employer is not None:
            profile.employer, profile.employer_uscc = employer.name_zh, employer.uscc
        if email == AWAY:
            profile.available = False
            profile.unavailable_until = today + datetime.timedelta(days=rng.randint(20, 60))
        profile.save()
        profile.sections.set([sections[code] for code in codes if code in sections])
        created += 1
    return created
