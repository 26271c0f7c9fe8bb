"""The official's desk: what waits on the park, pile by pile, oldest first, each with its count and the filtered
list behind it. Two queries a pile (its count and its oldest few), whatever the number of applications."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accreditation.alerts.selectors import alerts_visible_to
from accreditation.applications.models import ApplicationState
from accreditation.applications.selectors import REVIEW_DAYS, applications_visible_to, with_reviews_overdue
from enterprises.selectors import pending_memberships
from portal.core import dates

# How many of the oldest entries each pile shows; the rest are one click away in its list.
SHOWN = 5


@dataclass(frozen=True)
class Entry:
    label: str
    detail: str
    url: str
    since: str


@dataclass(frozen=True)
class Pile:
    key: str
    title: str
    count: int
    url: str
    entries: tuple[Entry, ...]
    empty: str


def _day(moment) -> str:
    if isinstance(moment, datetime.datetime):
        moment = timezone.localdate(moment)
    return date_format(moment, "Y-m-d") if moment else ""


def _pile(key: str, title: str, rows: QuerySet, url: str, entry, empty: str) -> Pile:
    return Pile(key, title, rows.count(), url, tuple(entry(row) for row in rows[:SHOWN]), empty)


def _queue(**params) -> str:
    return f"{reverse('applications:queue')}?{urlencode(params)}"


def _application_entry(queue_url: str, since):
    def entry(application) -> Entry:
        url = reverse("applications:detail", kwargs={"pk": application.pk}) + "?" + queue_url.split("?", 1)[1]
        detail = f"{application.enterprise.name_zh} · {application.tier.name}"
        return Entry(application.number, detail, url, since(application))

    return entry


def build_desk(user, *, today: datetime.date | None = None) -> tuple[Pile, ...]:
    today = today or dates.today()
    applications = applications_visible_to(user).select_related("enterprise", "tier")
    S = ApplicationState
    overdue_url = _queue(state=S.UNDER_REVIEW, overdue="true")

    def state_pile(key, title, state, order, since, empty):
        url = _queue(state=state, sort=order) if order != "state_changed" else _queue(state=state)
        rows = applications.filter(state=state).order_by(order, "pk")
        return _pile(key, title, rows, url, _application_entry(url, since), empty)

    def claim_entry(membership) -> Entry:
        detail = f"{membership.enterprise.name_zh} · {membership.user}"
        return Entry(str(membership.user), detail, reverse("enterprises:claims"), _day(membership.requested_at))

    def alert_entry(alert) -> Entry:
        url = reverse("enterprises:detail", kwargs={"pk": alert.enterprise_id})
        return Entry(alert.get_kind_display(), alert.enterprise.name_zh, url, _day(alert.created))

    open_alerts = alerts_visible_to(user).filter(resolved__isnull=True).select_related("enterprise")
    return (
        _pile(
            "claims",
            _("Claims to verify"),
            pending_memberships(),
            reverse("enterprises:claims"),
            claim_entry,
            _("No claim waits for verification."),
        ),
        state_pile(
            "screen",
            _("Applications to screen"),
            S.SUBMITTED,
            "state_changed",
            lambda application: _day(application.state_changed),
            _("No submitted application waits for screening."),
        ),
        _pile(
            "overdue",
            _("Reviews overdue (more than %(days)d days)") % {"days": REVIEW_DAYS},
            with_reviews_overdue(applications, today=today).order_by("state_changed", "pk"),
            overdue_url,
            _application_entry(overdue_url, lambda application: _day(application.state_changed)),
            _("No review is overdue."),
        ),
        state_pile(
            "notices",
            _("Public notices ending"),
            S.PUBLIC_NOTICE,
            "notice_ends_on",
            lambda application: _day(application.notice_ends_on),
            _("No application is in public notice."),
        ),
        state_pile(
            "outcomes",
            _("Outcomes to record"),
            S.RECOMMENDED,
            "state_changed",
            lambda application: _day(application.state_changed),
            _("No recommended application waits for the authority's outcome."),
        ),
        _pile(
            "alerts",
            _("Open alerts"),
            open_alerts.order_by("created", "pk"),
            reverse("accreditation:alerts"),
            alert_entry,
            _("No open alert."),
        ),
    )
