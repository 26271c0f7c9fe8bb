"""Reads of applications that span relations, written once with the joins they need."""

import datetime
import re

from django.db.models import Avg, Count, Exists, F, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from accreditation.applications.conflicts import conflicted_enterprises
from accreditation.applications.models import Application, ApplicationEvent, ApplicationState, ReviewAssignment
from enterprises.models import ACTIVE_STATUSES, Enterprise, Membership
from portal.core.roles import Role


def applications_visible_to(user) -> QuerySet[Application]:
    """Park staff: every application. Enterprise users: their enterprises' (pending or verified members).
    Expert reviewers: those assigned to them once they declared no conflict of interest. Anyone else: none.
    The same answer as the `accreditation.view_application` permission."""
    applications = Application.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return applications.none()
    if user.is_superuser or user.has_role(Role.OFFICIAL) or user.has_role(Role.ADMINISTRATOR):
        return applications
    visible = Q(pk__in=[])
    if user.has_role(Role.ENTERPRISE):
        member = Membership.objects.filter(enterprise=OuterRef("enterprise"), user=user, status__in=ACTIVE_STATUSES)
        visible |= Q(Exists(member))
    if user.has_role(Role.REVIEWER):
        cleared = ReviewAssignment.objects.filter(
            application=OuterRef("pk"), reviewer=user, no_conflict_declared_at__isnull=False, declined_at__isnull=True
        )
        conflicted = Enterprise.objects.filter(conflicted_enterprises(user))
        visible |= Q(Exists(cleared)) & ~Q(enterprise__in=conflicted)
    return applications.filter(visible)


def _submitted_reviews() -> Q:
    # Reviews count for the revision under review only: a resubmission starts a fresh round.
    return Q(assignments__submitted_at__isnull=False, assignments__revision_number=F("revision_number"))


def _current_reviewers() -> Q:
    # An expert who declined for a conflict no longer counts as assigned.
    return Q(assignments__revision_number=F("revision_number"), assignments__declined_at__isnull=True)


def application_queue(applications: QuerySet[Application] | None = None) -> QuerySet[Application]:
    """The official's queue: enterprise and tier joined, and per application `score_average` (the mean of the
    submitted reviews' weighted totals, 0-100), `score_spread` (max - min), `reviews_submitted` and
    `reviewers_assigned` for the current revision, all in SQL: one query for any page size."""
    applications = Application.objects.all() if applications is None else applications
    submitted = _submitted_reviews()
    current = _current_reviewers()
    return applications.select_related("enterprise", "tier").annotate(
        score_average=Avg("assignments__total", filter=submitted),
        score_spread=Max("assignments__total", filter=submitted) - Min("assignments__total", filter=submitted),
        reviews_submitted=Count("assignments", filter=submitted),
        reviewers_assigned=Count("assignments", filter=current),
    )


def with_reviewer(applications: QuerySet[Application], reviewer) -> QuerySet[Application]:
    """Applications with `reviewer` assigned to their current revision (a queue filter; no extra join)."""
    assigned = ReviewAssignment.objects.filter(
        application=OuterRef("pk"),
        reviewer=reviewer,
        revision_number=OuterRef("revision_number"),
        declined_at__isnull=True,
    )
    return applications.filter(Exists(assigned))


# How long the park gives an expert to return a review once assigned: the park's own practice, no policy clause.
REVIEW_DAYS = 14
# A public notice ending within this many days is listed on the official's desk.
NOTICE_ENDING_DAYS = 3
APPLICATION_NUMBER = re.compile(r"^[Aa]?0*(\d{1,9})$")


def application_search(applications: QuerySet[Application], text: str) -> QuerySet[Application]:
    """Applications whose number ("A000042", "42"), enterprise name (Chinese or English, any part) or unified
    social credit code (any part, any case) matches `text`."""
    text = " ".join((text or "").split())
    if not text:
        return applications
    match = Q(enterprise__name_zh__icontains=text) | Q(enterprise__name_en__icontains=text)
    match |= Q(enterprise__uscc__icontains=text)
    number = APPLICATION_NUMBER.match(text)
    if number:
        match |= Q(pk=int(number.group(1)))
    return applications.filter(match)


def reviews_overdue(*, today: datetime.date) -> QuerySet[ReviewAssignment]:
    """Reviews of applications under review, for their current revision, not submitted within `REVIEW_DAYS`."""
    due = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=REVIEW_DAYS), datetime.time()))
    return ReviewAssignment.objects.filter(
        application__state=ApplicationState.UNDER_REVIEW,
        revision_number=F("application__revision_number"),
        submitted_at__isnull=True,
        assigned_at__lt=due,
    )


def with_reviews_overdue(applications: QuerySet[Application], *, today: datetime.date) -> QuerySet[Application]:
    return applications.filter(Exists(reviews_overdue(today=today).filter(application=OuterRef("pk"))))


def assignments_of(reviewer) -> QuerySet[ReviewAssignment]:
    """A reviewer's worklist: their assignments for the current revision of each application, newest first."""
    return (
        ReviewAssignment.objects.filter(reviewer=reviewer, revision_number=F("application__revision_number"))
        .select_related("application__enterprise", "application__tier")
        .order_by("-assigned_at", "-pk")
    )


def open_reviews_of(reviewer) -> QuerySet[ReviewAssignment]:
    """What waits on a reviewer: assignments of applications still under review, neither scored nor declined,
    oldest first (the first assigned is the first due)."""
    return (
        assignments_of(reviewer)
        .filter(application__state=ApplicationState.UNDER_REVIEW, submitted_at__isnull=True, declined_at__isnull=True)
        .order_by("assigned_at", "pk")
    )


def application_timeline(application: Application) -> QuerySet[ApplicationEvent]:
    """Every step of an application, oldest first, with who took it."""
    return application.events.select_related("actor", "expert_draw").order_by("created", "pk")


def reviews_of(application: Application) -> QuerySet[ReviewAssignment]:
    """The assignments of the current revision with their reviewers and scores (three queries)."""
    return (
        application.assignments.filter(revision_number=application.revision_number)
        .select_related("reviewer")
        .prefetch_related("scores__criterion")
        .order_by("assigned_at", "pk")
    )
