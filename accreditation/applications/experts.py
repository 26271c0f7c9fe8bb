"""The expert pool: officials and administrators keep each expert's profile; experts keep their own availability
and declared relations. Every change is kept in the profile's history (who and when)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accreditation.applications.models import ExpertProfile
from enterprises.models import Enterprise
from enterprises.validators import normalize_uscc
from portal.core.roles import Role
from portal.models import User

# What an expert may change of their own profile; officials change everything.
OWN_FIELDS = ("available", "unavailable_until", "relations")
ALL_FIELDS = ("sections", "available", "unavailable_until", "employer", "employer_uscc", "relations")


def experts_in_pool() -> QuerySet[User]:
    """Every active expert reviewer, with their profile (or None), its sections and relations; by name."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.REVIEWER.value)
        .select_related("expert_profile")
        .prefetch_related("expert_profile__sections", "expert_profile__relations")
        .annotate(
            open_reviews=Count(
                "assignments",
                filter=Q(assignments__submitted_at__isnull=True, assignments__declined_at__isnull=True),
            )
        )
        .order_by("full_name", "email")
    )


def expert_profile_of(expert: User) -> ExpertProfile:
    """The expert's profile, or an unsaved blank one (available, no field) to fill in."""
    return getattr(expert, "expert_profile", None) or ExpertProfile(user=expert)


def enterprises_by_uscc(text: str) -> list[Enterprise]:
    """The enterprises named by USCC in `text` (one per line, or separated by commas or spaces), in order;
    a ValidationError naming each code that is malformed or unknown."""
    codes = [normalize_uscc(code) for code in (text or "").replace(",", " ").split()]
    codes = list(dict.fromkeys(code for code in codes if code))
    found = {enterprise.uscc: enterprise for enterprise in Enterprise.objects.filter(uscc__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            _("No enterprise has this USCC: %(codes)s.") % {"codes": ", ".join(unknown)}, code="unknown_uscc"
        )
    return [found[code] for code in codes]


def expert_profile_update(*, actor, expert: User, data: dict, today: datetime.date | None = None) -> ExpertProfile:
    """Save `expert`'s profile from `data` (keys of ALL_FIELDS; `sections` Sector rows, `relations` Enterprise
    rows). An official or administrator may change every field of any expert; an expert only OWN_FIELDS of
    their own profile. The change is recorded in the profile's history with `actor`."""
    if actor.has_perm("accreditation.manage_experts"):
        allowed = ALL_FIELDS
    elif actor.pk == expert.pk and actor.has_perm("accreditation.edit_own_expert_profile"):
        allowed = OWN_FIELDS
    else:
        raise PermissionDenied(_("You are not allowed to do this."))
    if not expert.has_role(Role.REVIEWER):
        raise ValidationError(_("Only an expert reviewer has an expert profile."), code="not_reviewer")
    unknown = set(data) - set(allowed)
    if unknown:
        raise PermissionDenied(_("You are not allowed to do this."))
    with transaction.atomic():
        profile = ExpertProfile.objects.select_for_update().filter(user=expert).first() or ExpertProfile(user=expert)
        for name in ("available", "unavailable_until", "employer", "employer_uscc"):
            if name in data:
                setattr(profile, name, data[name])
        if profile.available:
            profile.unavailable_until = None
        profile.employer_uscc = normalize_uscc(profile.employer_uscc or "")
        profile.full_clean(exclude=["user"])
        profile._history_user = actor
        profile.save()
        if "sections" in data:
            profile.sections.set(data["sections"])
        if "relations" in data:
            profile.relations.set(data["relations"])
    return profile
