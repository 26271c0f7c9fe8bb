"""Request bodies are capped before they reach the disk: by their declared length before anything reads them, and
by the bytes of files as they stream in."""

import io

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import RequestFactory
from django.urls import reverse

from accreditation.applications.models import ApplicationDocument, DocumentRequirement
from accreditation.tests.applications import PDF, Journey
from portal.core.documents import max_document_bytes
from portal.core.request_limits import CappedUploadHandler

pytestmark = pytest.mark.django_db

BOUNDARY = "----portal-test-boundary"
MB = 1024 * 1024


class CountingStream(io.BytesIO):
    """A request body that remembers how much of it was read."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.bytes_read += len(line)
        return line


def file_body(name: str, content: bytes, fields: dict | None = None) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in (fields or {}).items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    return b"".join(parts)


def test_a_huge_anonymous_post_to_the_sign_in_page_is_refused_unread(client):
    stream = CountingStream(file_body("big.pdf", b"x" * 4096))

    response = client.generic(
        "POST",
        reverse("login"),
        b"",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(300 * MB),
        **{"wsgi.input": stream},
    )

    assert response.status_code == 413
    assert "Too much data sent" in response.content.decode()
    assert stream.bytes_read == 0
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_a_form_gets_a_small_cap(client, enterprise_user):
    client.force_login(enterprise_user)
    body = file_body("notes.pdf", b"x" * (2 * MB))

    # Changing a password takes no file: 2 MB is far more than the form can need.
    response = client.post(reverse("password_change"), body, content_type=f"multipart/form-data; boundary={BOUNDARY}")

    assert response.status_code == 413


def test_a_document_page_takes_a_document_of_the_largest_size_but_no_more(client):
    journey = Journey()
    client.force_login(journey.applicant)
    requirement = DocumentRequirement.objects.get(tier=journey.tier, code="business-licence")
    url = reverse("applications:upload", kwargs={"pk": journey.pk})
    fields = {"requirement": requirement.pk}
    fitting = PDF + b"\n%" + b"x" * (max_document_bytes() - len(PDF) - 10)
    too_big = CountingStream(file_body("licence.pdf", fitting + b"x" * (2 * MB), fields))

    accepted = client.post(
        url, file_body("licence.pdf", fitting, fields), content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )
    refused = client.generic(
        "POST",
        url,
        b"",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(len(too_big.getvalue())),
        **{"wsgi.input": too_big},
    )

    assert accepted.status_code == 302
    assert refused.status_code == 413
    assert too_big.bytes_read == 0
    assert ApplicationDocument.objects.filter(application=journey.application).count() == 1


def test_files_streaming_past_the_cap_stop_the_upload():
    request = RequestFactory().post(reverse("login"))
    handler = CappedUploadHandler(request)
    chunk = b"x" * (256 * 1024)

    with pytest.raises(RequestDataTooBig):
        for start in range(0, 2 * MB, len(chunk)):
            assert handler.receive_data_chunk(chunk, start) == chunk
