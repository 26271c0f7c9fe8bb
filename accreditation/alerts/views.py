"""Pages of alerts: the officials' filterable list."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accreditation.alerts.filters import AlertFilter
from accreditation.alerts.models import AlertKind
from accreditation.alerts.selectors import alert_counts, alert_rows, alerts_visible_to, expiring_soon_count
from accreditation.alerts.tables import AlertTable
from accreditation.policy import EXPIRY_WARNING_DAYS
from portal.core import dates
from portal.core.tables import BoundedRequestConfig


@login_required
@require_GET
def alert_list(request):
    """Park staff: the alerts, open ones by default, with the open count of each kind. A constant number of
    queries: the counts (2), the filter's choices (2), the page's count and rows (2)."""
    if not request.user.has_perm("accreditation.view_pool"):
        raise Http404
    today = dates.today()
    filterset = AlertFilter(request.GET, queryset=alert_rows(alerts_visible_to(request.user)), today=today)
    table = AlertTable(filterset.qs, today=today)
    BoundedRequestConfig(request, paginate={"per_page": 50}).configure(table)
    counts = alert_counts()
    kinds = [(kind, label, counts[kind]) for kind, label in AlertKind.choices]
    context = {
        "filter": filterset,
        "table": table,
        "kinds": kinds,
        "expiring_soon": expiring_soon_count(today=today),
        "soon_days": EXPIRY_WARNING_DAYS[1],
    }
    return render(request, "accreditation/alerts.html", context)
