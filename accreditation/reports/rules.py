"""Who may export tier reports (django-rules). Loaded by `accreditation.urls`, before any view asks."""

import rules

from portal.core.rules import is_administrator, is_park_staff


@rules.predicate
def is_export_owner(user, job) -> bool:
    """The person who asked for the export: nobody else may see its page or download its file."""
    return bool(job is not None and user and user.is_authenticated and job.user_id == user.pk)


# The lists' own rules still apply on top (`enterprises.list_enterprises`, `accreditation.view_pool`).
rules.add_perm("accreditation.export_reports", is_park_staff)
rules.add_perm("accreditation.export_summary", is_administrator)
rules.add_perm("accreditation.view_export", is_export_owner)
