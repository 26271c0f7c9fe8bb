"""Template context for every page: the signed-in user's unread notices, for the navigation's inbox entry."""

from django.utils.functional import SimpleLazyObject

from accreditation.notices.selectors import unread_notice_count


def unread_notices(request) -> dict:
    """One COUNT query, and only on pages that show it (lazy)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"unread_notices": 0}
    return {"unread_notices": SimpleLazyObject(lambda: unread_notice_count(user))}
