"""Every error under /api/ is JSON with a code and, for input, the field; in the request's language."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

from portal.core.client_address import client_ip

from .models import ApiCall

API_PREFIX = "/api/"
logger = logging.getLogger("django.request")


def _field_errors(detail, prefix: str = "") -> list[dict]:
    """DRF's nested error details as a flat list of {field, code, message}."""
    if isinstance(detail, dict):
        return [error for name, value in detail.items() for error in _field_errors(value, f"{prefix}{name}.")]
    if isinstance(detail, list):
        return [error for value in detail for error in _field_errors(value, prefix)]
    field = prefix.rstrip(".")
    if field in ("non_field_errors", "__all__"):
        field = ""
    return [{"field": field or None, "code": detail.code, "message": str(detail)}]


def error_body(code: str, message: str, errors: list[dict] | None = None) -> dict:
    return {"code": code, "message": message, "errors": errors or []}


def api_exception_handler(exc, context):
    """DRF's handler, with its answers reshaped: `code`, `message`, and `errors` per field for invalid input.
    A PermissionDenied of a service about an object is a 404, like on the pages (the caller may not learn of it)."""
    if isinstance(exc, Http404 | PermissionDenied) and not isinstance(exc, exceptions.APIException):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        response.data = error_body("invalid", _("The request is not valid: see the errors of each field."), errors)
    else:
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        response.data = error_body(code if isinstance(code, str) else "error", str(getattr(exc, "detail", exc)))
    return response


class ApiMiddleware:
    """Under /api/: any error answered outside DRF (no such URL, an oversized body, a fault) becomes JSON, never
    an HTML page; and every call is written to the log (who, token, method, path, status)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if response.status_code >= 400 and not content_type.startswith("application/"):
            response = self._json_error(request, response.status_code, response)
        self._log(request, response.status_code)
        return response

    def process_exception(self, request, exception):
        if not request.path_info.startswith(API_PREFIX):
            return None
        if isinstance(exception, Http404):
            return self._json_error(request, 404)
        if isinstance(exception, PermissionDenied):
            return self._json_error(request, 404)
        logger.error("API fault at %s", request.path, exc_info=exception, extra={"request": request})
        if settings.DEBUG_PROPAGATE_EXCEPTIONS:
            return None
        return self._json_error(request, 500)

    def _json_error(self, request, status_code: int, original=None) -> JsonResponse:
        with translation.override(getattr(request, "LANGUAGE_CODE", None) or translation.get_language()):
            messages = {
                status.HTTP_400_BAD_REQUEST: ("bad_request", _("The request is malformed.")),
                status.HTTP_403_FORBIDDEN: ("forbidden", _("This request is refused.")),
                status.HTTP_404_NOT_FOUND: ("not_found", _("Not found.")),
                status.HTTP_405_METHOD_NOT_ALLOWED: ("method_not_allowed", _("This method is not allowed here.")),
                status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: ("too_large", _("The request body is too large.")),
            }
            code, message = messages.get(status_code, ("server_error", _("Something went wrong on our side.")))
            if status_code < 500 and status_code not in messages:
                code, message = "error", _("The request was refused.")
            response = JsonResponse(error_body(code, message), status=status_code)
        if original is not None and original.has_header("Retry-After"):
            response["Retry-After"] = original["Retry-After"]
        return response

    def _log(self, request, status_code: int) -> None:
        token = getattr(request, "api_token", None)
        user = token.user if token is not None else None
        ApiCall.objects.create(
            user=user,
            token=token,
            method=request.method[:10],
            path=request.get_full_path()[:500],
            status=status_code,
            client=(client_ip(request) or "")[:64],
        )
