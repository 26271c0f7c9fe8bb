"""Reads of alerts, written once and reused by the officials' page, the navigation and the dashboard."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from django.db.models import Count, QuerySet

from accreditation.alerts.models import Alert, AlertKind
from accreditation.policy import EXPIRY_WARNING_DAYS


def alerts_visible_to(user) -> QuerySet[Alert]:
    """Park staff see every alert; anyone else none (enterprises read theirs as inbox notices)."""
    if user and user.is_authenticated and user.has_perm("accreditation.view_pool"):
        return Alert.objects.all()
    return Alert.objects.none()


def alert_rows(alerts: QuerySet[Alert]) -> QuerySet[Alert]:
    """What a row of the officials' table shows, joined: one query for a page of any size."""
    return alerts.select_related("enterprise", "tier").order_by("-created", "-pk")


def alert_counts() -> dict[str, int]:
    """Open alerts per kind (every kind present, zero when none). One query, served by a partial index."""
    counts = dict.fromkeys(AlertKind.values, 0)
    rows = Alert.objects.filter(resolved__isnull=True).values_list("kind").annotate(n=Count("pk")).order_by()
    counts.update(dict(rows))
    return counts


def expiring_soon_count(*, today: dt.date) -> int:
    """Open expiry alerts inside the shorter warning window (the ones the page marks)."""
    soon = today + timedelta(days=EXPIRY_WARNING_DAYS[1])
    return Alert.objects.filter(resolved__isnull=True, kind=AlertKind.EXPIRING, due_on__lte=soon).count()


def open_alert_count() -> int:
    return Alert.objects.filter(resolved__isnull=True).count()
