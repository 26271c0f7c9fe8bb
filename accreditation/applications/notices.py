"""Who hears of each step of an application, and what they read: a notice in the portal inbox and an email, in
the recipient's own language. Called by Celery tasks after the step committed; sending twice sends once (each
notice has a key per user)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accreditation.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationState,
    ReviewAssignment,
)
from accreditation.notices.models import NoticeKind
from accreditation.notices.services import in_language, notice_deliver
from enterprises.selectors import members_to_tell

S = ApplicationState
K = NoticeKind

# kind -> (subject, body). Placeholders: enterprise, tier, number, date (notice end), comment-free.
TEXTS = {
    K.SUBMITTED: (
        _("Application %(number)s submitted"),
        _("The application of %(enterprise)s for “%(tier)s” was submitted. The park will check it for completeness."),
    ),
    K.RESUBMITTED: (
        _("Application %(number)s resubmitted"),
        _(
            "%(enterprise)s submitted a revised application for “%(tier)s”. The portal shows what changed since "
            "the previous revision."
        ),
    ),
    K.UNDER_REVIEW: (
        _("Application %(number)s is under review"),
        _("The application of %(enterprise)s for “%(tier)s” is complete and under expert review."),
    ),
    K.RETURNED: (
        _("Application %(number)s returned for revision"),
        _("The park returned the application of %(enterprise)s for “%(tier)s” for revision."),
    ),
    K.PUBLIC_NOTICE: (
        _("Application %(number)s approved: public notice"),
        _(
            "The park approved the application of %(enterprise)s for “%(tier)s”. It is under public notice until "
            "%(date)s; without objection the title is granted after that day."
        ),
    ),
    K.OBJECTION: (
        _("Application %(number)s: objection received"),
        _("An objection to the application of %(enterprise)s for “%(tier)s” was recorded; it is under review again."),
    ),
    K.RECOMMENDED: (
        _("Application %(number)s recommended"),
        _("The park recommended the application of %(enterprise)s for “%(tier)s” to the granting authority."),
    ),
    K.ACCREDITED: (
        _("Application %(number)s: accredited"),
        _("%(enterprise)s is accredited as “%(tier)s”. The record is in the portal."),
    ),
    K.NOT_ACCREDITED: (
        _("Application %(number)s: not accredited"),
        _("The granting authority did not accredit %(enterprise)s as “%(tier)s”."),
    ),
    K.REJECTED: (
        _("Application %(number)s rejected"),
        _("The park rejected the application of %(enterprise)s for “%(tier)s”."),
    ),
    K.WITHDRAWN: (
        _("Application %(number)s withdrawn"),
        _("%(enterprise)s withdrew its application for “%(tier)s”."),
    ),
    K.ASSIGNED: (
        _("Review requested: application %(number)s"),
        _(
            "You are asked to review the application of %(enterprise)s for “%(tier)s”. Declare in the portal that "
            "you have no conflict of interest to open it."
        ),
    ),
    K.REVIEW_DECLINED: (
        _("Application %(number)s: an expert declined"),
        _(
            "An expert assigned to the application of %(enterprise)s for “%(tier)s” declined for a conflict of "
            "interest."
        ),
    ),
}
# Who hears of each kind: the enterprise's verified members, the reviewers of the current revision.
MEMBER_KINDS = frozenset(TEXTS) - {K.ASSIGNED, K.REVIEW_DECLINED}
REVIEWER_KINDS = frozenset({K.RESUBMITTED, K.RETURNED, K.OBJECTION, K.REJECTED, K.WITHDRAWN})


def event_kind(event: ApplicationEvent) -> str | None:
    """The notice an event gives, or None (the creation of a draft tells nobody; nor does a review step that
    leaves the state as it is: those who must hear of it are told by their own notices)."""
    if event.step or event.from_state == event.to_state:
        return None
    if event.to_state == S.SUBMITTED:
        return K.RESUBMITTED if event.from_state == S.RETURNED else K.SUBMITTED
    if event.to_state == S.UNDER_REVIEW:
        return K.OBJECTION if event.from_state == S.PUBLIC_NOTICE else K.UNDER_REVIEW
    if event.from_state == "":
        return None
    return event.to_state if event.to_state in K.values else None


def recipients(application: Application, kind: str) -> list:
    """The active users who hear of `kind`, each once, in a stable order."""
    users = {}
    if kind in MEMBER_KINDS:
        for user in members_to_tell(application.enterprise_id):
            users[user.pk] = user
    if kind in REVIEWER_KINDS:
        assignments = application.assignments.filter(
            revision_number=application.revision_number, reviewer__is_active=True, declined_at__isnull=True
        ).select_related("reviewer")
        for assignment in assignments.order_by("reviewer__email"):
            users.setdefault(assignment.reviewer.pk, assignment.reviewer)
    return list(users.values())


def notify_event(event_id: int) -> int:
    """Tell everyone concerned of one step of an application. Returns the number of notices created."""
    event = ApplicationEvent.objects.select_related("application__enterprise", "application__tier").get(pk=event_id)
    kind = event_kind(event)
    if kind is None:
        return 0
    application = event.application
    return sum(
        _deliver(user, application, kind, f"event:{event.pk}", event.comment) for user in recipients(application, kind)
    )


def notify_assignment(assignment_id: int) -> int:
    """Tell a reviewer they were assigned."""
    assignment = ReviewAssignment.objects.select_related(
        "reviewer", "application__enterprise", "application__tier"
    ).get(pk=assignment_id)
    if not assignment.reviewer.is_active:
        return 0
    return _deliver(assignment.reviewer, assignment.application, K.ASSIGNED, f"assignment:{assignment.pk}", "")


def notify_decline(assignment_id: int) -> int:
    """Tell the official who assigned an expert that the expert declined for a conflict, with the reason and who
    replaces them (if anyone)."""
    assignment = ReviewAssignment.objects.select_related(
        "assigned_by", "reviewer", "application__enterprise", "application__tier"
    ).get(pk=assignment_id)
    official = assignment.assigned_by
    if not official.is_active:
        return 0
    application = assignment.application
    replacement = (
        application.assignments.filter(
            revision_number=assignment.revision_number, method="replacement", assigned_at__gte=assignment.declined_at
        )
        .select_related("reviewer")
        .order_by("assigned_at", "pk")
        .first()
    )
    with translation.override(official.language or settings.LANGUAGE_CODE):
        lines = [
            str(_("Expert: %(expert)s")) % {"expert": assignment.reviewer},
            str(_("Reason: %(reason)s")) % {"reason": assignment.decline_reason},
            str(_("Replaced by the next expert of the draw: %(expert)s")) % {"expert": replacement.reviewer}
            if replacement
            else str(_("No expert of the draw is left: draw again or assign an expert by hand.")),
        ]
    return _deliver(official, application, K.REVIEW_DECLINED, f"declined:{assignment.pk}", "\n".join(lines))


def _deliver(user, application: Application, kind: str, key: str, comment: str) -> int:
    """One notice and one email for `user`, in their language; nothing when this key was delivered before."""
    with in_language(user):
        params = {
            "number": application.number,
            "enterprise": application.enterprise.name,
            "tier": application.tier.name,
            "date": application.notice_ends_on.isoformat() if application.notice_ends_on else "",
        }
        subject_text, body_text = TEXTS[kind]
        subject = str(subject_text) % params
        body = str(body_text) % params
        if comment:
            body += "\n\n" + str(_("Comment: %(comment)s") % {"comment": comment})
        # The inbox is read signed in: only the email asks its reader to sign in.
        email_body = body + "\n\n" + str(_("Sign in to the portal to see the application."))
    url = reverse("applications:detail", kwargs={"pk": application.pk})
    return notice_deliver(user=user, kind=kind, key=key, subject=subject, body=body, url=url, email_body=email_body)
