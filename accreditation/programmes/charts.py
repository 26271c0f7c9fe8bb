"""The progress of a plan as the numbers `static/js/dashboard.js` draws (the dashboard's chart format): a tier a
group of bars, this year's target, the enterprises at least at the tier, and the forecast for the year's end."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accreditation.programmes.selectors import PlanProgress


def series_labels() -> tuple[str, str, str]:
    return (_("Target this year"), _("At least at this tier"), _("Forecast for the year's end"))


def series_values(progress: PlanProgress) -> list[tuple[int, int, int]]:
    """Per tier of the plan, lowest first: (target or 0, at least, forecast)."""
    return [(line.target or 0, line.at_least, line.forecast) for line in progress.tiers]


def chart_data(progress: PlanProgress) -> dict:
    labels = series_labels()
    values = series_values(progress)
    return {
        "title": progress.plan.name,
        "horizontal": False,
        "stacked": False,
        "labels": [line.tier.name for line in progress.tiers],
        "datasets": [
            {"label": label, "data": [row[index] for row in values], "urls": []} for index, label in enumerate(labels)
        ],
    }
