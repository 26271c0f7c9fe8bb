"""Template helper of alerts: the navigation's open-alert count."""

from django import template

register = template.Library()


@register.simple_tag
def open_alert_count() -> int:
    """Open alerts, for the officials' navigation badge: one COUNT served by a partial index."""
    from accreditation.alerts.selectors import open_alert_count as count

    return count()
