"""Who may do what with support programmes (django-rules). Predicates take the object named."""

import rules

from enterprises.models import CLAIMED_STATUSES, Membership
from enterprises.rules import is_member, is_verified_member
from portal.core.rules import is_park_staff


@rules.predicate
def is_applicant_member(user, application) -> bool:
    """A verified member of the applying enterprise: follows the application and its grant."""
    return application is not None and is_member(user, application.enterprise)


@rules.predicate
def is_applicant(user, application) -> bool:
    """A verified member of the applying enterprise: edits, submits, withdraws and reports."""
    return application is not None and is_verified_member(user, application.enterprise)


@rules.predicate
def is_applicant_insider(user, application) -> bool:
    """Whoever has claimed the applying enterprise, verified or still pending."""
    return (
        application is not None
        and user.is_authenticated
        and Membership.objects.filter(
            user=user, enterprise_id=application.enterprise_id, status__in=CLAIMED_STATUSES
        ).exists()
    )


@rules.predicate
def is_award_insider(user, award) -> bool:
    return (
        award is not None
        and user.is_authenticated
        and Membership.objects.filter(
            user=user, enterprise_id=award.enterprise_id, status__in=CLAIMED_STATUSES
        ).exists()
    )


rules.add_perm("support.manage_programmes", is_park_staff)
rules.add_perm("support.view_support_application", is_park_staff | is_applicant_member)
rules.add_perm("support.act_as_applicant", is_applicant)
# Separation of duties, as for accreditation applications: no one decides on, grants or pays their own
# enterprise's support, whatever other role they hold.
rules.add_perm("support.decide_application", is_park_staff & ~is_applicant_insider)
rules.add_perm("support.disburse", is_park_staff & ~is_applicant_insider)
rules.add_perm("support.decide_award", is_park_staff & ~is_award_insider)
