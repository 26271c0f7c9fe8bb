"""The eligibility page of an enterprise: every tier's verdict with its reasons, and a what-if form.

The verdicts are the enterprise's stored ones, the same the exports, alerts and applications read: when they were
judged on other facts than today's, the page re-evaluates the enterprise first (its only write). The what-if form
assesses an in-memory copy of the facts and never saves anything. The enterprise is fetched from the queryset of
enterprises the user may see, so anyone else gets a 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from accreditation import selectors
from accreditation.criteria import MIIT_2022, MIIT_2026, VERSIONS, assess, version_in_force
from accreditation.eligibility.facts import enterprise_facts, park_thresholds
from accreditation.eligibility.reevaluation import current_verdicts
from accreditation.eligibility.verdicts import next_tier, tier_views, version_label
from accreditation.eligibility.what_if import WhatIfForm
from accreditation.models import Tier
from enterprises.selectors import enterprises_visible_to
from portal.core import dates
from portal.core.permissions import require_page_perm

COMPARED_VERSIONS = (MIIT_2022, MIIT_2026)


@login_required
@require_GET
def eligibility(request, enterprise_pk: int):
    return _page(request, enterprise_pk, data=None)


@login_required
@require_http_methods(["GET", "POST"])
def what_if(request, enterprise_pk: int):
    """The same page, assessed with the figures typed in the what-if form (GET or POST); nothing is saved."""
    data = request.POST if request.method == "POST" else request.GET
    if not any(name in data for name in WhatIfForm.base_fields):
        data = None
    return _page(request, enterprise_pk, data=data)


def _options(request) -> tuple[bool, str | None]:
    """(compare both versions?, one requested version or None) from the query string or the posted form."""
    source = request.POST if request.method == "POST" else request.GET
    compare = source.get("compare") == "1"
    version = source.get("version")
    return compare, (version if version in VERSIONS else None)


def _page(request, enterprise_pk: int, *, data):
    enterprise = get_object_or_404(enterprises_visible_to(request.user), pk=enterprise_pk)
    require_page_perm(request, "accreditation.view_eligibility", enterprise)
    as_of = dates.today()
    compare, requested = _options(request)
    versions = COMPARED_VERSIONS if compare else (requested or version_in_force(as_of),)

    declared_facts = enterprise_facts(enterprise, as_of=as_of)
    park = park_thresholds()
    declared = {version: assess(declared_facts, version=version, as_of=as_of, park=park) for version in versions}
    last_year = declared[versions[0]].last_year

    form = WhatIfForm(data, declared=declared_facts, year=last_year)
    what_if_active = data is not None and form.is_valid()
    if what_if_active:
        facts = form.changed_facts()
        shown = {version: assess(facts, version=version, as_of=as_of, park=park) for version in versions}
    else:
        shown = declared

    # The verdicts of the declared facts are the stored ones that the exports, alerts and applications read
    # (refreshed first when they were judged on other facts); a what-if shows its own.
    stored = {} if what_if_active else current_verdicts(enterprise_id=enterprise.pk, as_of=as_of, facts=declared_facts)
    tiers = {tier.code: tier for tier in Tier.objects.all()}
    current = selectors.current_tier(enterprise, day=as_of)
    columns = []
    for version in versions:
        views = tier_views(
            shown[version],
            tiers,
            declared[version] if what_if_active else None,
            enterprise_pk=enterprise.pk,
            stored=stored,
        )
        columns.append(
            {"version": version, "label": version_label(version), "tiers": views, "next": next_tier(views, current)}
        )
    context = {
        "enterprise": enterprise,
        "as_of": as_of,
        "last_year": last_year,
        "compare": compare,
        "version": requested,
        "in_force": version_in_force(as_of),
        "in_force_label": version_label(version_in_force(as_of)),
        "columns": columns,
        "current_tier": current,
        "park_version": park.version if park else "",
        "form": form,
        "what_if": what_if_active,
        # The apply buttons only where starting an application opens (a verified member), never to a 404.
        "can_apply": request.user.has_perm("enterprises.apply_for_enterprise", enterprise),
    }
    status = 400 if data is not None and not form.is_valid() else 200
    return render(request, "accreditation/eligibility.html", context, status=status)
