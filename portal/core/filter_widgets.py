"""Widgets shared by the list filters of every app."""

from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget


class AnyYesNoWidget(BooleanWidget):
    """A yes/no filter whose empty choice reads "Any" (django-filter says "Unknown", and has no Simplified
    Chinese catalogue), in the portal's own words and catalogue."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("Any")), ("true", _("Yes")), ("false", _("No")))
