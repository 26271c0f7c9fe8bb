"""Template helper of development-score notices: the link of such a notice in the inbox."""

from django import template

from accreditation.score_notices import notice_url

register = template.Library()


@register.filter
def score_notice_url(notice) -> str:
    """Where a notice of a decision on a development score leads, or "" for other notices."""
    return notice_url(notice)
