"""Request bodies are capped before any of them reaches the disk.

Django spools an upload to a temporary file while it parses the body, before the view can look at its size, so
without a cap anyone could make the portal write hundreds of megabytes (even to the sign-in page). Here:

- `RequestBodyLimitMiddleware` answers 413 to a request whose declared length (Content-Length) is over its
  URL's cap, before anything reads the body: forms get `REQUEST_BODY_MAX_BYTES`, views marked
  `@accepts_uploads` (documents, evidence, imported lists; the admin) get the largest document plus
  `UPLOAD_BODY_MARGIN_BYTES` for the rest of the form.
- `CappedUploadHandler` (first of FILE_UPLOAD_HANDLERS) counts the bytes of uploaded files as they stream in
  and stops the upload past the same cap, whatever the request declared: Django answers 400, nothing is kept.
- DATA_UPLOAD_MAX_MEMORY_SIZE (settings) caps what is not a file.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render
from django.urls import Resolver404, resolve

from .documents import max_document_bytes


def accepts_uploads(view):
    """Mark `view` as one that receives files: its requests may be as large as the largest document allowed."""
    view.accepts_uploads = True
    return view


def body_limit(request) -> int:
    """The largest body the request's URL accepts, in bytes."""
    if not hasattr(request, "_body_limit"):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            uploads = False
        else:
            uploads = getattr(match.func, "accepts_uploads", False) or "admin" in match.namespaces
        if uploads:
            request._body_limit = max_document_bytes() + settings.UPLOAD_BODY_MARGIN_BYTES
        else:
            request._body_limit = settings.REQUEST_BODY_MAX_BYTES
    return request._body_limit


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = body_limit(request)
        if _declared_length(request) > limit:
            context = {"megabytes": max(1, limit // (1024 * 1024))}
            return render(request, "413.html", context, status=413)
        return self.get_response(request)


class CappedUploadHandler(FileUploadHandler):
    """Passes every chunk on to the next handler, and stops the upload once the files passed the URL's cap."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.request is not None and self.received > body_limit(self.request):
            raise RequestDataTooBig("The uploaded files exceed the request's size cap.")
        return raw_data

    def file_complete(self, file_size):
        return None
