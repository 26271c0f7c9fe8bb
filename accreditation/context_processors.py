"""Template context for every page: the signed-in user's unread notices, for the navigation's inbox entry."""

from django.utils.functional import SimpleLazyObject


def unread_notices(request) -> dict:
    """One COUNT query, and only on pages that show it (lazy)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"unread_notices": 0}

    def count() -> int:
        from accreditation.applications.selectors import unread_notice_count

        return unread_notice_count(user)

    return {"unread_notices": SimpleLazyObject(count)}
