"""The officials' page of declaration rounds: each round's windows and deadlines, and what is late."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.core import dates

from ..applications.rounds import rounds_overview
from .common import _require


@login_required
@require_GET
def rounds(request):
    _require(request, "accreditation.view_application_queue")
    today = dates.today()
    return render(request, "applications/rounds.html", {"rounds": rounds_overview(today), "today": today})
