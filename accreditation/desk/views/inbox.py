"""The user's in-portal inbox: the notices of their applications and reviews."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accreditation.applications.models import Notice
from accreditation.applications.notifications import notices_mark_read
from accreditation.applications.selectors import inbox_of


@login_required
@require_GET
def inbox(request):
    page = Paginator(inbox_of(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "applications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_read(request, pk: int):
    notice = get_object_or_404(Notice.objects.filter(user=request.user), pk=pk)
    notices_mark_read(user=request.user, notice_ids=[notice.pk])
    return redirect("applications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    notices_mark_read(user=request.user)
    return redirect("applications:inbox")
