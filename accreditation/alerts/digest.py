"""The daily email digest: each user's alert notices not emailed yet, gathered into one email in their language.

Application notices keep their own email each (`applications.notices`); alerts would be too many for that.
A user gets at most one digest a day (`AlertDigest` is unique per user and day); a notice is in at most one
digest (`DigestLine`). Side effects: sends emails; writes `AlertDigest` and marks the `DigestLine` rows sent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accreditation.alerts.models import AlertDigest, DigestLine

USERS_PER_BATCH = 200


def digest_text(user, notices) -> tuple[str, str]:
    """(subject, body) of the digest of `notices` for `user`, in the user's language. The notices' own texts were
    written in that language when they were created."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
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


def alert_digests_send(*, today: dt.date) -> int:
    """Daily: one email per active user with alert notices not emailed yet, listing them oldest first. A user
    already sent today's digest waits for tomorrow's; a failed email leaves its notices pending (the task's
    retry sends them). Returns the number of emails sent."""
    pending = DigestLine.objects.filter(digest__isnull=True, user__is_active=True)
    user_ids = sorted(set(pending.values_list("user_id", flat=True)))
    sent = 0
    for start in range(0, len(user_ids), USERS_PER_BATCH):
        lines = defaultdict(list)
        batch = pending.filter(user_id__in=user_ids[start : start + USERS_PER_BATCH]).select_related("notice", "user")
        for line in batch.order_by("user_id", "notice__created", "notice_id"):
            lines[line.user].append(line.notice)
        for user, notices in lines.items():
            sent += _send(user, notices, today)
    return sent


def _send(user, notices, today: dt.date) -> int:
    subject, body = digest_text(user, notices)
    try:
        # The email inside the transaction: if it fails, the digest row and the marks are undone.
        with transaction.atomic():
            digest = AlertDigest.objects.create(user=user, day=today, notices=len(notices))
            DigestLine.objects.filter(notice_id__in=[notice.pk for notice in notices], digest__isnull=True).update(
                digest=digest
            )
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return 0  # today's digest went out already
    return 1
