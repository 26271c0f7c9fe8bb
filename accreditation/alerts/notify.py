"""What enterprises hear of their alerts: a notice in each verified member's inbox, in the member's language,
queued for that member's daily email digest (`accreditation.notices`). Also the reminders before the
annual-update deadline.

Every notice has a key per user (`alert:<alert id>`; `alert:<alert id>:30` for an expiring title's second notice;
`update-due:<enterprise>:<year>:<days>`), so sending twice sends once; the alert remembers the last notice sent
(`Alert.last_notice`), so a pass only looks at alerts nobody was told of yet.

Side effects: writes `Notice` and `DigestLine` rows, `Alert.last_notice`, and the reminders' `AlertCursor` marks.
No email is sent here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accreditation.alerts.models import Alert, AlertCursor, AlertKind
from accreditation.notices.models import Notice, NoticeKind
from accreditation.notices.services import notices_deliver_quietly
from accreditation.policy import EXPIRY_WARNING_DAYS, UPDATE_REMINDER_DAYS
from enterprises.models import Enterprise, Membership, MembershipStatus
from enterprises.selectors import annual_update_deadline, annual_update_done_q

N = NoticeKind
BATCH = 500  # alerts per transaction
LOSES_ELIGIBILITY = _("An enterprise that misses the annual update loses its eligibility for review.")

# notice kind -> (subject, body). Placeholders: enterprise, tier, date, year.
TEXTS = {
    N.ELIGIBLE_HIGHER: (
        _("%(enterprise)s is eligible for “%(tier)s”"),
        _(
            "The portal's latest assessment finds %(enterprise)s eligible for “%(tier)s”, higher than any title it "
            "holds, and it has not applied for this tier yet. The eligibility page shows how each criterion is met."
        ),
    ),
    N.CRITERIA_UNMET: (
        _("“%(tier)s”: %(enterprise)s no longer meets the criteria"),
        _(
            "%(enterprise)s holds the title “%(tier)s”, but its latest assessment no longer meets the criteria of "
            "that tier. Check the eligibility page and correct the figures if they are out of date: the title "
            "must pass a renewal review."
        ),
    ),
    N.EXPIRING_90: (
        _("“%(tier)s” of %(enterprise)s expires on %(date)s"),
        _(
            "The title “%(tier)s” of %(enterprise)s is valid until %(date)s. Prepare its renewal review with the "
            "park in good time."
        ),
    ),
    N.EXPIRING_30: (
        _("Reminder: “%(tier)s” of %(enterprise)s expires on %(date)s"),
        _(
            "The title “%(tier)s” of %(enterprise)s is valid until %(date)s, less than a month from now. Without a "
            "renewal review it lapses on that day."
        ),
    ),
    N.UPDATE_DUE: (
        _("Annual update: the figures of %(enterprise)s for %(year)s are due by %(date)s"),
        _("%(enterprise)s has not yet entered every figure for %(year)s. Complete them in the portal by %(date)s."),
    ),
    N.UPDATE_MISSED: (
        _("Annual update missed: the figures of %(enterprise)s for %(year)s were due by %(date)s"),
        _(
            "The figures of %(enterprise)s for %(year)s were due by %(date)s and are still incomplete. Complete "
            "them in the portal as soon as possible."
        ),
    ),
}
TAILS = {N.UPDATE_DUE: LOSES_ELIGIBILITY, N.UPDATE_MISSED: LOSES_ELIGIBILITY}
ALERT_NOTICE_KINDS = tuple(TEXTS)
FIRST_NOTICE = {
    AlertKind.ELIGIBLE_HIGHER: N.ELIGIBLE_HIGHER,
    AlertKind.CRITERIA_UNMET: N.CRITERIA_UNMET,
    AlertKind.EXPIRING: N.EXPIRING_90,
    AlertKind.UPDATE_MISSED: N.UPDATE_MISSED,
}


def render(kind: str, *, language: str, enterprise: Enterprise, tier=None, date: dt.date | None, year=None):
    """(subject, body) of a notice of `kind` in `language`."""
    with translation.override(language):
        params = {
            "enterprise": enterprise.name,
            "tier": tier.name if tier is not None else "",
            "date": date.isoformat() if date else "",
            "year": year or "",
        }
        subject, body = (str(text) % params for text in TEXTS[kind])
        if kind in TAILS:
            body += " " + str(TAILS[kind])
        return subject[:200], body


def _members(enterprise_ids) -> dict[int, list[tuple[int, str]]]:
    """(user id, language) of the active verified members of each enterprise, as application notices reach."""
    members = defaultdict(list)
    rows = Membership.objects.filter(
        enterprise_id__in=enterprise_ids, status=MembershipStatus.VERIFIED, user__is_active=True
    ).values_list("enterprise_id", "user_id", "user__language")
    for enterprise_id, user_id, language in rows.order_by("user_id"):
        members[enterprise_id].append((user_id, language or settings.LANGUAGE_CODE))
    return members


def notice_kind_due(alert: Alert, today: dt.date) -> str:
    """The notice an open alert calls for today: an expiring title's second notice inside the shorter window."""
    if alert.kind == AlertKind.EXPIRING and alert.due_on <= today + timedelta(days=EXPIRY_WARNING_DAYS[1]):
        return N.EXPIRING_30
    return FIRST_NOTICE[alert.kind]


def alert_notice_key(alert_id: int, kind: str) -> str:
    return f"alert:{alert_id}:{EXPIRY_WARNING_DAYS[1]}" if kind == N.EXPIRING_30 else f"alert:{alert_id}"


def alerts_notify(*, today: dt.date, enterprise_ids: list[int] | None = None) -> int:
    """Tell the members of each enterprise (of `enterprise_ids`, or every one) of its open alerts they were not
    told of yet (and of expiring titles entering the 30-day window), in batches of one transaction. Returns the
    number of notices created."""
    soon = today + timedelta(days=EXPIRY_WARNING_DAYS[1])
    pending = Alert.objects.filter(resolved__isnull=True).filter(
        Q(last_notice="") | Q(kind=AlertKind.EXPIRING, due_on__lte=soon) & ~Q(last_notice=N.EXPIRING_30)
    )
    if enterprise_ids is not None:
        pending = pending.filter(enterprise_id__in=enterprise_ids)
    created = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(pending.filter(pk__gt=last_pk).select_related("enterprise", "tier").order_by("pk")[:BATCH])
            if not batch:
                return created
            last_pk = batch[-1].pk
            members = _members({alert.enterprise_id for alert in batch})
            notices = []
            sent: dict[str, list[int]] = defaultdict(list)
            for alert in batch:
                kind = notice_kind_due(alert, today)
                sent[kind].append(alert.pk)
                texts = {}
                for user_id, language in members.get(alert.enterprise_id, ()):
                    if language not in texts:
                        texts[language] = render(
                            kind,
                            language=language,
                            enterprise=alert.enterprise,
                            tier=alert.tier,
                            date=alert.due_on,
                            year=alert.due_on.year - 1 if alert.kind == AlertKind.UPDATE_MISSED else None,
                        )
                    subject, body = texts[language]
                    key = alert_notice_key(alert.pk, kind)
                    notices.append(
                        Notice(user_id=user_id, kind=kind, key=key, subject=subject, body=body, url=alert_page(alert))
                    )
            created += notices_deliver_quietly(notices)
            for kind, alert_ids in sent.items():
                Alert.objects.filter(pk__in=alert_ids).update(last_notice=kind)


def annual_update_reminders(*, today: dt.date) -> int:
    """Daily: inside a reminder window before this year's annual-update deadline (30 days, then 7), tell the
    members of every enterprise whose figures for last year are incomplete, once per window and year (a mark
    records a window done, so the other days cost one query). Returns the number of notices created."""
    deadline = annual_update_deadline(today.year)
    days_left = (deadline - today).days
    windows = [days for days in UPDATE_REMINDER_DAYS if 0 <= days_left <= days]
    if not windows:
        return 0
    window = min(windows)
    mark = f"update-due:{today.year}:{window}"
    if AlertCursor.objects.filter(name=mark).exists():
        return 0
    year = today.year - 1
    late = Enterprise.objects.exclude(annual_update_done_q(year))
    memberships = Membership.objects.filter(
        enterprise__in=late, status=MembershipStatus.VERIFIED, user__is_active=True
    ).values_list("pk", "user_id", "user__language", "enterprise_id", "enterprise__name_zh", "enterprise__name_en")
    created = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(memberships.filter(pk__gt=last_pk).order_by("pk")[:BATCH])
            if not batch:
                break
            last_pk = batch[-1][0]
            notices = []
            for _pk, user_id, language, enterprise_id, name_zh, name_en in batch:
                subject, body = render(
                    N.UPDATE_DUE,
                    language=language or settings.LANGUAGE_CODE,
                    enterprise=Enterprise(pk=enterprise_id, name_zh=name_zh, name_en=name_en),
                    date=deadline,
                    year=year,
                )
                key = f"update-due:{enterprise_id}:{year}:{window}"
                url = reverse("enterprises:figures", kwargs={"pk": enterprise_id})
                notices.append(Notice(user_id=user_id, kind=N.UPDATE_DUE, key=key, subject=subject, body=body, url=url))
            created += notices_deliver_quietly(notices)
    AlertCursor.objects.get_or_create(name=mark, defaults={"position": timezone.now()})
    return created


def alert_page(alert: Alert) -> str:
    """The page an alert's notice leads to, where its reader can act on it (the page checks who may see it)."""
    if alert.kind == AlertKind.UPDATE_MISSED:
        return reverse("enterprises:figures", kwargs={"pk": alert.enterprise_id})
    if alert.kind == AlertKind.EXPIRING and alert.accreditation_id:
        return reverse("accreditation:detail", kwargs={"pk": alert.accreditation_id})
    return reverse("accreditation:eligibility", kwargs={"enterprise_pk": alert.enterprise_id})
