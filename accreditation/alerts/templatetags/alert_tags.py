"""Template helpers of alerts: the navigation's open-alert count and the link of an alert notice in the inbox."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def open_alert_count() -> int:
    """Open alerts, for the officials' navigation badge: one COUNT served by a partial index."""
    from accreditation.alerts.selectors import open_alert_count as count

    return count()


@register.filter
def alert_notice_url(notice) -> str:
    """Where an alert or reminder notice leads (through a view that finds its page), or "" for other notices."""
    from accreditation.alerts.notify import ALERT_NOTICE_KINDS

    if notice.kind not in ALERT_NOTICE_KINDS:
        return ""
    return reverse("accreditation:alert_notice", kwargs={"pk": notice.pk})
