"""Delivering notices, one way for every producer: an inbox notice with the page it is about, and an email, in
the recipient's language, delivered once per user and key; marked read by one service.

A producer renders its texts inside `in_language(user)` and calls `notice_deliver` (one notice, its own email) or
`notices_deliver_quietly` (many at once, emailed later in the user's daily digest: `digests_send`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from contextlib import AbstractContextManager

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accreditation.notices.models import Digest, DigestLine, Notice

DIGEST_USERS_PER_BATCH = 200


def in_language(user) -> AbstractContextManager:
    """Render texts for `user`: in their chosen language, else the portal's default."""
    return translation.override(user.language or settings.LANGUAGE_CODE)


def notice_deliver(
    *, user, kind: str, key: str, subject: str, body: str, url: str = "", email_body: str | None = None
) -> int:
    """One inbox notice and one email for `user`; nothing when this key reached them before. Returns 1 when
    delivered now, else 0. A failed email undoes its notice, so a retry of the task sends both again; a
    delivered notice is never sent twice (the key is unique per user)."""
    try:
        with transaction.atomic():
            Notice.objects.create(user=user, kind=kind, key=key[:60], subject=subject[:200], body=body, url=url)
            send_mail(subject, body if email_body is None else email_body, None, [user.email])
    except IntegrityError:
        return 0
    return 1


def notices_deliver_quietly(notices: list[Notice]) -> int:
    """Insert the notices not delivered before (by user and key) and queue each for its user's daily digest
    instead of an email of its own. Inside the caller's transaction. Returns how many were new."""
    if not notices:
        return 0
    keys = {notice.key for notice in notices}
    users = {notice.user_id for notice in notices}
    before = Notice.objects.filter(key__in=keys, user_id__in=users).count()
    Notice.objects.bulk_create(notices, ignore_conflicts=True)
    delivered = Notice.objects.filter(key__in=keys, user_id__in=users).values_list("pk", "user_id")
    DigestLine.objects.bulk_create(
        [DigestLine(notice_id=pk, user_id=user_id) for pk, user_id in delivered], ignore_conflicts=True
    )
    return len(delivered) - before


def notices_mark_read(*, user, notice_ids: Iterable[int] | None = None) -> int:
    """Mark read the user's own unread notices (those of `notice_ids`, or all). Returns how many changed."""
    unread = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=list(notice_ids))
    return unread.update(read_at=timezone.now())


# --- the daily digest -------------------------------------------------------------------------------------


def digest_text(user, notices) -> tuple[str, str]:
    """(subject, body) of the digest of `notices` for `user`, in the user's language. The notices' own texts were
    written in that language when they were created."""
    with in_language(user):
        count = len(notices)
        subject = ngettext(
            "Little Giants portal: %(count)d new alert", "Little Giants portal: %(count)d new alerts", count
        ) % {"count": count}
        parts = [
            _("Hello %(name)s,") % {"name": user.full_name or user.email},
            _("These alerts about your enterprises are new in your portal inbox:"),
        ]
        for notice in notices:
            body = "\n   ".join(notice.body.splitlines())
            parts.append(f"• {notice.subject}\n   {body}")
        parts.append(_("Sign in to the portal to read them in your inbox."))
        return subject, "\n\n".join(parts)


def digests_send(*, today: dt.date) -> int:
    """Daily: one email per active user with quietly delivered notices not emailed yet, listing them oldest
    first. A user already sent today's digest waits for tomorrow's; a failed email leaves its notices pending
    (the task's retry sends them). Returns the number of emails sent."""
    pending = DigestLine.objects.filter(digest__isnull=True, user__is_active=True)
    user_ids = sorted(set(pending.values_list("user_id", flat=True)))
    sent = 0
    for start in range(0, len(user_ids), DIGEST_USERS_PER_BATCH):
        lines = defaultdict(list)
        batch = pending.filter(user_id__in=user_ids[start : start + DIGEST_USERS_PER_BATCH])
        for line in batch.select_related("notice", "user").order_by("user_id", "notice__created", "notice_id"):
            lines[line.user].append(line.notice)
        for user, notices in lines.items():
            sent += _digest_send(user, notices, today)
    return sent


def _digest_send(user, notices, today: dt.date) -> int:
    subject, body = digest_text(user, notices)
    try:
        # The email inside the transaction: if it fails, the digest row and the marks are undone.
        with transaction.atomic():
            digest = Digest.objects.create(user=user, day=today, notices=len(notices))
            DigestLine.objects.filter(notice_id__in=[notice.pk for notice in notices], digest__isnull=True).update(
                digest=digest
            )
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return 0  # today's digest went out already
    return 1
