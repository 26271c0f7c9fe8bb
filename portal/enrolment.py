"""The first set-up of an official's or administrator's authenticator app needs a one-time link.

Whoever has the password alone must not own the second factor: so the set-up page opens only in a session that
came through a link sent to the person's email address (they ask for it on the page) or issued by an administrator
(the admin's "Send a second-factor set-up link" action, also after deleting a lost phone's device). A link works
once, for its own user, signed in with their password, within ENROLMENT_LINK_VALID; only its hash is stored.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import EnrolmentLink, User
from .twofactor import authenticator_of

ENROLMENT_LINK_VALID = timedelta(days=3)
# Opening a link spends it; the session that opened it may finish the set-up within this time.
SET_UP_WITHIN = timedelta(minutes=30)
SESSION_KEY = "twofactor_enrolment_link"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def enrolment_link_issue(*, user: User, issued_by: User | None = None) -> str:
    """A new set-up link's path for `user` (earlier unused links of theirs stop working)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        EnrolmentLink.objects.filter(user=user, used__isnull=True).update(used=timezone.now())
        EnrolmentLink.objects.create(user=user, token_hash=_hash(token), issued_by=issued_by)
    return reverse("two_factor_enrol", kwargs={"token": token})


def enrolment_link_send(*, user: User, base_url: str, issued_by: User | None = None) -> str:
    """Issue a set-up link for `user` and email it to them, in their language, after commit; returns its URL."""
    url = base_url.rstrip("/") + enrolment_link_issue(user=user, issued_by=issued_by)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Set up two-step sign-in for the Little Giants portal")
        body = _(
            "Open this link, after signing in with your password, to set up the authenticator app that confirms "
            "your sign-ins. It works once, for %(days)d days:\n\n%(url)s\n\nIf you did not ask for it, tell the "
            "portal's administrator: someone may know your password."
        ) % {"days": ENROLMENT_LINK_VALID.days, "url": url}
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))
    return url


def enrolment_link_find(*, user: User, token: str) -> EnrolmentLink | None:
    """The unused, unexpired link of `user` with `token`, while they have no authenticator; else None."""
    if authenticator_of(user) is not None:
        return None
    return EnrolmentLink.objects.filter(
        user=user,
        token_hash=_hash(token),
        used__isnull=True,
        created__gte=timezone.now() - ENROLMENT_LINK_VALID,
    ).first()


def enrolment_link_open(request, link: EnrolmentLink) -> None:
    """Spend `link` and let this session, and no other, set up the authenticator for a while."""
    EnrolmentLink.objects.filter(pk=link.pk).update(used=timezone.now())
    request.session[SESSION_KEY] = link.pk


def session_link(request) -> EnrolmentLink | None:
    """The link this session opened, if the set-up it opened is still to be finished."""
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    return EnrolmentLink.objects.filter(pk=pk, user=request.user, used__gte=timezone.now() - SET_UP_WITHIN).first()


def set_up_finished(request) -> None:
    request.session.pop(SESSION_KEY, None)
