"""Who may do what with tiers and accreditation records (django-rules)."""

import rules

from enterprises.rules import is_member
from portal.core.rules import is_park_staff


@rules.predicate
def is_member_of_holder(user, accreditation) -> bool:
    return accreditation is not None and is_member(user, accreditation.enterprise)


rules.add_perm("accreditation.view_pool", is_park_staff)
rules.add_perm("accreditation.manage_accreditation", is_park_staff)
rules.add_perm("accreditation.import_accreditations", is_park_staff)
rules.add_perm("accreditation.view_accreditation", is_park_staff | is_member_of_holder)
# The timeline of an enterprise's titles: its members and park staff.
rules.add_perm("accreditation.view_timeline", is_park_staff | is_member)
# The eligibility page and its what-if form: the enterprise's verified members and park staff.
rules.add_perm("accreditation.view_eligibility", is_park_staff | is_member)
