"""The user's in-portal inbox: every notice they were sent, each linking the page it is about."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accreditation.notices.models import Notice
from accreditation.notices.selectors import inbox_of
from accreditation.notices.services import notices_mark_read

PER_PAGE = 50


@login_required
@require_GET
def inbox(request):
    page = Paginator(inbox_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {"page": page})


@login_required
@require_GET
def notice_open(request, pk: int):
    """Open the page a notice of the user's own inbox is about, and mark the notice read. The page itself checks
    who may see it; a notice of another user is not found."""
    notice = get_object_or_404(Notice.objects.filter(user=request.user), pk=pk)
    if not notice.page:
        raise Http404
    notices_mark_read(user=request.user, notice_ids=[notice.pk])
    return redirect(notice.page)


@login_required
@require_POST
def mark_read(request, pk: int):
    notice = get_object_or_404(Notice.objects.filter(user=request.user), pk=pk)
    notices_mark_read(user=request.user, notice_ids=[notice.pk])
    return redirect("notices:inbox")


@login_required
@require_POST
def mark_all_read(request):
    notices_mark_read(user=request.user)
    return redirect("notices:inbox")
