"""What an enterprise hears of its support: a notice in each verified member's inbox and an email, in the member's
language, when the park grants, returns or rejects an application and when it pays a tranche or an award. Called by
Celery tasks after the step committed; sending twice sends once (a key per user and step)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accreditation.notices.models import NoticeKind
from accreditation.notices.services import in_language, notice_deliver
from accreditation.support.models import Disbursement, SupportEvent, SupportState
from enterprises.selectors import members_to_tell

K = NoticeKind

# state entered -> (kind, subject, body). Placeholders: number, enterprise, programme, project, amount.
DECISIONS = {
    SupportState.GRANTED: (
        K.SUPPORT_GRANTED,
        _("Support granted: %(project)s"),
        _(
            "The park granted %(enterprise)s %(amount)s yuan from “%(programme)s” for “%(project)s” (application "
            "%(number)s). The grant's milestones and tranches are on the application's page: each tranche is paid "
            "after the report on its milestone."
        ),
    ),
    SupportState.RETURNED: (
        K.SUPPORT_RETURNED,
        _("Support application %(number)s returned for revision"),
        _(
            "The park returned the application of %(enterprise)s to “%(programme)s” for “%(project)s” for "
            "revision. Revise it and submit it again while the call is open."
        ),
    ),
    SupportState.REJECTED: (
        K.SUPPORT_REJECTED,
        _("Support application %(number)s rejected"),
        _("The park rejected the application of %(enterprise)s to “%(programme)s” for “%(project)s”."),
    ),
}
NOTIFIED_STATES = tuple(DECISIONS)


def notify_support_event(event_id: int) -> int:
    """Tell the enterprise's verified members of a decision on its support application. Returns the number of
    notices created."""
    event = (
        SupportEvent.objects.select_related("application__enterprise", "application__call__programme")
        .filter(pk=event_id, to_state__in=NOTIFIED_STATES)
        .first()
    )
    if event is None:
        return 0
    application = event.application
    kind, subject_text, body_text = DECISIONS[event.to_state]
    grant = getattr(application, "grant", None) if event.to_state == SupportState.GRANTED else None
    url = reverse("support:application", kwargs={"pk": application.pk})
    created = 0
    for user in members_to_tell(application.enterprise_id):
        with in_language(user):
            params = {
                "number": application.number,
                "enterprise": application.enterprise.name,
                "programme": application.call.programme.name,
                "project": application.project,
                "amount": f"{grant.amount:,.2f}" if grant else "",
            }
            subject, body = str(subject_text) % params, str(body_text) % params
            if event.comment:
                body += "\n\n" + str(_("Comment: %(comment)s") % {"comment": event.comment})
        created += notice_deliver(
            user=user, kind=kind, key=f"support-event:{event.pk}", subject=subject, body=body, url=url
        )
    return created


def notify_payment(disbursement_id: int) -> int:
    """Tell the enterprise's verified members of a payment to it. Returns the number of notices created."""
    disbursement = (
        Disbursement.objects.select_related(
            "enterprise", "call__programme", "tranche__grant__application", "award__accreditation__tier"
        )
        .filter(pk=disbursement_id)
        .first()
    )
    if disbursement is None:
        return 0
    tranche, award = disbursement.tranche, disbursement.award
    if tranche is not None:
        url = reverse("support:application", kwargs={"pk": tranche.grant.application_id})
    else:
        url = reverse("support:mine")
    created = 0
    for user in members_to_tell(disbursement.enterprise_id):
        with in_language(user):
            if tranche is not None:
                what = _("tranche %(number)d of the grant for “%(project)s”") % {
                    "number": tranche.number,
                    "project": tranche.grant.application.project,
                }
            else:
                what = _("the award for the title “%(tier)s”") % {"tier": award.accreditation.tier.name}
            params = {
                "amount": f"{disbursement.amount:,.2f}",
                "enterprise": disbursement.enterprise.name,
                "programme": disbursement.call.programme.name,
                "what": what,
                "date": disbursement.paid_on.isoformat(),
            }
            subject = _("Payment of %(amount)s yuan to %(enterprise)s") % params
            body = _("On %(date)s the park paid %(enterprise)s %(amount)s yuan from “%(programme)s”: %(what)s.") % (
                params
            )
        created += notice_deliver(
            user=user,
            kind=K.SUPPORT_PAID,
            key=f"support-paid:{disbursement.pk}",
            subject=str(subject),
            body=str(body),
            url=url,
        )
    return created
