"""What the application pages share: fetching an application the user may see, and running one service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect

from accreditation.applications.selectors import applications_visible_to
from portal.core.form_fields import add_service_errors
from portal.core.permissions import require_page_perm

__all__ = ["error_text", "run_service", "visible_application"]


def visible_application(request, pk: int, perm: str = "accreditation.view_application"):
    """The application, fetched from those the user may see and checked against `perm`; else a 404."""
    application = get_object_or_404(applications_visible_to(request.user).select_related("enterprise", "tier"), pk=pk)
    require_page_perm(request, perm, application)
    return application


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def run_service(request, application, action, success: str, *, form=None):
    """Run `action()`; report success or the reason it was refused. A refusal to act at all is a 404 (the user
    must not learn more). Field errors go on `form` when given (the caller then re-renders it)."""
    try:
        action()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        if form is not None and hasattr(error, "error_dict"):
            add_service_errors(form, error)
            return None
        messages.error(request, error_text(error))
    else:
        messages.success(request, success)
    return redirect("applications:detail", pk=application.pk)
