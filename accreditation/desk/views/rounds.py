"""The officials' page of declaration rounds: each round's windows and deadlines, and what is late."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accreditation.applications.rounds import rounds_overview
from portal.core import dates
from portal.core.permissions import require_page_perm


@login_required
@require_GET
def rounds(request):
    require_page_perm(request, "accreditation.view_application_queue")
    today = dates.today()
    return render(request, "applications/rounds.html", {"rounds": rounds_overview(today), "today": today})
