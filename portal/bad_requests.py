"""Faults of a request, not of the portal: answered 400 (templates/400.html), never 500.

- A request body that breaks off while it is read (the client went away mid-upload): Django raises
  UnreadablePostError from wherever the view first reads request.POST or request.FILES. Nothing was stored.
- The admin's `_to_field` parameter sent empty (`?_to_field=`): Django's admin looks up a field named "" and
  fails (FieldDoesNotExist) on every change and delete page, before any permission matters. A non-empty
  unknown value is already refused by Django as a bad request; an empty one is refused here the same way.
"""

import logging

from django.contrib.admin.options import TO_FIELD_VAR
from django.core.exceptions import FieldDoesNotExist
from django.http import UnreadablePostError
from django.views.defaults import bad_request

logger = logging.getLogger(__name__)


def _empty_to_field(request) -> bool:
    return request.GET.get(TO_FIELD_VAR) == "" or request.POST.get(TO_FIELD_VAR) == ""


class BadRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UnreadablePostError):
            logger.info("request body broke off: %s %s", request.method, request.path)
            return bad_request(request, exception)
        if isinstance(exception, FieldDoesNotExist) and _empty_to_field(request):
            return bad_request(request, exception)
        return None
