"""Notifications, one way for every producer: an inbox notice and an email in the recipient's language, delivered
once per user and key, and marked read by one service.

Producers (application steps and reviews in applications/notices.py, claims in claim_notices.py, score decisions
in score_notices.py) render their texts inside `in_language(user)` and call `notice_deliver`; alerts write many
notices at once (alerts/notify.py, bulk, emailed later as the daily digest in alerts/digest.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from accreditation.applications.models import Notice


def in_language(user) -> AbstractContextManager:
    """Render texts for `user`: in their chosen language, else the portal's default."""
    return translation.override(user.language or settings.LANGUAGE_CODE)


def notice_deliver(
    *, user, kind: str, key: str, subject: str, body: str, email_body: str | None = None, application=None
) -> int:
    """One inbox notice and one email for `user`; nothing when this key reached them before. Returns 1 when
    delivered now, else 0. A failed email undoes its notice, so a retry of the task sends both again; a
    delivered notice is never sent twice (the key is unique per user)."""
    try:
        with transaction.atomic():
            Notice.objects.create(
                user=user, application=application, kind=kind, key=key[:60], subject=subject[:200], body=body
            )
            send_mail(subject, body if email_body is None else email_body, None, [user.email])
    except IntegrityError:
        return 0
    return 1


def notices_mark_read(*, user, notice_ids: Iterable[int] | None = None) -> int:
    """Mark read the user's own unread notices (those of `notice_ids`, or all). Returns how many changed."""
    unread = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=list(notice_ids))
    return unread.update(read_at=timezone.now())
