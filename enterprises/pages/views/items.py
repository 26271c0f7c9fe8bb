"""Add, edit and remove what an enterprise holds: IP, certificates, awards, R&D institutions, brands, titles and
standards drafted. One set of views serves every kind (see `presentation.ITEM_KINDS`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enterprises import services
from enterprises.forms import add_service_errors, item_form_class
from enterprises.presentation import ITEM_KINDS, ItemKind

from .common import visible_enterprise


def _kind(slug: str) -> ItemKind:
    if slug not in ITEM_KINDS:
        raise Http404
    return ITEM_KINDS[slug]


@login_required
@require_GET
def item_list(request, pk: int, kind: str):
    enterprise = visible_enterprise(request, pk, "enterprises.view_enterprise")
    item_kind = _kind(kind)
    items = getattr(enterprise, item_kind.related_name).all()
    context = {
        "enterprise": enterprise,
        "kind": item_kind,
        "rows": [(item, item_kind.cells(item)) for item in items],
        "kinds": ITEM_KINDS.values(),
        "can_edit": request.user.has_perm("enterprises.change_enterprise", enterprise),
    }
    return render(request, "enterprises/item_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int, kind: str, item_pk: int | None = None):
    enterprise = visible_enterprise(request, pk, "enterprises.change_enterprise")
    item_kind = _kind(kind)
    if item_pk is None:
        item = item_kind.model(enterprise=enterprise)
    else:
        item = get_object_or_404(item_kind.model.objects.filter(enterprise=enterprise), pk=item_pk)
    form = item_form_class(item_kind.model)(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_item_save(item=form.instance, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Saved: %(item)s.") % {"item": form.instance})
            return redirect("enterprises:items", pk=enterprise.pk, kind=item_kind.slug)
    context = {"enterprise": enterprise, "kind": item_kind, "form": form, "item": item if item_pk else None}
    return render(request, "enterprises/item_form.html", context)


@login_required
@require_POST
def item_delete(request, pk: int, kind: str, item_pk: int):
    enterprise = visible_enterprise(request, pk, "enterprises.change_enterprise")
    item_kind = _kind(kind)
    item = get_object_or_404(item_kind.model.objects.filter(enterprise=enterprise), pk=item_pk)
    label = str(item)
    try:
        services.enterprise_item_delete(item=item, actor=request.user)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Removed: %(item)s.") % {"item": label})
    return redirect("enterprises:items", pk=enterprise.pk, kind=item_kind.slug)
