"""Attachments: checked by content, stored privately under random names with their SHA-256; bad files are refused
with nothing stored; downloads carry a safe name."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from accreditation.applications.documents import (
    application_document_delete,
    application_document_upload,
    checklist,
    document_response,
    missing_requirements,
    safe_filename,
)
from accreditation.applications.models import ApplicationDocument, ApplicationState, DocumentRequirement
from accreditation.tests.applications import PDF, Journey, member_of
from enterprises.models import MembershipStatus
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
S = ApplicationState


def office(kind: str, payload: bytes = b"<w:document/>") -> bytes:
    buffer = io.BytesIO()
    part = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[kind]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, payload)
    return buffer.getvalue()


def stored_files() -> list[Path]:
    root = Path(storages["private"].location) / "applications"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.fixture
def journey():
    return Journey("park-pool")


@pytest.fixture
def licence(journey):
    return DocumentRequirement.objects.get(tier=journey.tier, code="business-licence")


def upload(journey, requirement, name, content, actor=None):
    return application_document_upload(
        application_id=journey.pk,
        actor=actor or journey.applicant,
        requirement_id=requirement.pk,
        upload=SimpleUploadedFile(name, content),
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("营业执照 2026.pdf", PDF), ("statement.docx", office("docx")), ("figures.xlsx", office("xlsx"))],
)
def test_a_document_is_stored_privately_under_a_random_name_with_its_hash(journey, licence, name, content):
    document = upload(journey, licence, name, content)

    assert document.original_name == name
    assert (document.sha256, document.size) == (hashlib.sha256(content).hexdigest(), len(content))
    stored = Path(document.file.path)
    assert stored.read_bytes() == content
    assert name.rsplit(".", 1)[0] not in stored.name
    assert stored.name.endswith("." + name.rsplit(".", 1)[1]) and len(stored.stem) == 32
    assert document.revision is None


BAD_FILES = [
    ("setup.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "The content of this file is not PDF."),
    ("invoice.docx", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "The content of this file is not DOCX."),
    ("page.pdf", b"<html><script>alert(1)</script></html>", "The content of this file is not PDF."),
    ("page.html", b"<html><script>alert(1)</script></html>", "Upload a PDF, JPEG, PNG, XLSX or DOCX file."),
    (
        "logo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "The content of this file is not PNG.",
    ),
    ("logo.svg", b"<svg onload='alert(1)'/>", "Upload a PDF, JPEG, PNG, XLSX or DOCX file."),
    ("report.exe.pdf", PDF, "The file name hides another file type."),
    ("report.pdf.exe", b"MZ\x90\x00", "Upload a PDF, JPEG, PNG, XLSX or DOCX file."),
    ("..\\..\\settings.pdf", PDF, "The file name is not acceptable."),
    (".hidden.pdf", PDF, "The file name is not acceptable."),
    ("empty.pdf", b"", "The file is empty."),
    (
        "bomb.docx",
        office("docx", b"0" * (50 * 1024 * 1024)),
        "The file unpacks to far more data than it holds; it is refused as unsafe.",
    ),
    (
        "bomb.xlsx",
        office("xlsx", b"0" * (50 * 1024 * 1024)),
        "The file unpacks to far more data than it holds; it is refused as unsafe.",
    ),
    ("pdf-as.docx", PDF, "The content of this file is not DOCX."),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[row[0] for row in BAD_FILES])
def test_a_bad_file_is_refused_and_nothing_is_stored(journey, licence, name, content, message):
    before = stored_files()

    with pytest.raises(ValidationError) as caught:
        upload(journey, licence, name, content)

    assert caught.value.messages == [message]
    assert ApplicationDocument.objects.count() == 0
    assert stored_files() == before


def test_an_oversized_file_is_refused_and_nothing_is_stored(journey, licence):
    before = stored_files()

    with override_settings(DOCUMENT_MAX_BYTES=1024 * 1024), pytest.raises(ValidationError) as caught:
        upload(journey, licence, "big.pdf", PDF + b"0" * (2 * 1024 * 1024))

    assert caught.value.messages == ["The file is larger than 1 MB."]
    assert (ApplicationDocument.objects.count(), stored_files()) == (0, before)


def test_a_path_in_the_name_never_reaches_the_disk(journey, licence):
    # Django's upload handling keeps only the last part of a name with slashes; the stored name is random anyway.
    document = upload(journey, licence, "../../etc/passwd.pdf", PDF)

    assert document.original_name == "passwd.pdf"
    assert Path(document.file.path).parent == Path(storages["private"].location) / "applications" / str(journey.pk)


def test_a_file_is_removed_when_its_row_cannot_be_saved(journey, licence, monkeypatch):
    before = stored_files()

    def broken(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ApplicationDocument, "save", broken)
    with pytest.raises(RuntimeError):
        upload(journey, licence, "licence.pdf", PDF)

    assert stored_files() == before


@pytest.mark.parametrize("state", [S.SUBMITTED, S.UNDER_REVIEW, S.WITHDRAWN])
def test_documents_are_added_only_to_a_draft_or_a_returned_application(journey, licence, state):
    journey.to(state)
    count = ApplicationDocument.objects.count()

    with pytest.raises(ValidationError):
        upload(journey, licence, "late.pdf", PDF)

    assert ApplicationDocument.objects.count() == count


def test_only_a_verified_member_uploads(journey, licence):
    pending = member_of(journey.enterprise, status=MembershipStatus.PENDING)
    stranger = member_of(EnterpriseFactory())

    for actor in (pending, stranger, journey.official):
        with pytest.raises(PermissionDenied):
            upload(journey, licence, "licence.pdf", PDF, actor=actor)
    assert ApplicationDocument.objects.count() == 0


def test_a_requirement_of_another_tier_is_refused(journey):
    other = DocumentRequirement.objects.get(tier__code="specialized", code="rd-audit")

    with pytest.raises(ValidationError):
        upload(journey, other, "audit.pdf", PDF)


def test_the_checklist_shows_what_is_missing(journey, licence):
    upload(journey, licence, "licence.pdf", PDF)

    rows = checklist(journey.application)

    assert [(row.code, row.required, len(documents)) for row, documents in rows][:2] == [
        ("business-licence", True, 1),
        ("audit-reports", False, 0),
    ]
    assert [requirement.code for requirement in missing_requirements(journey.application)] == ["application-form"]


def test_a_draft_document_can_be_removed_but_a_submitted_one_stays(journey, licence):
    draft = upload(journey, licence, "wrong.pdf", PDF)
    path = Path(draft.file.path)
    application_document_delete(document_id=draft.pk, actor=journey.applicant)
    assert (ApplicationDocument.objects.filter(pk=draft.pk).exists(), path.exists()) == (False, True)  # on commit

    journey.to(S.RETURNED)
    submitted = journey.application.documents.first()
    with pytest.raises(ValidationError):
        application_document_delete(document_id=submitted.pk, actor=journey.applicant)


def test_a_download_is_an_attachment_with_a_safe_name(journey, licence):
    document = upload(journey, licence, 'licence";.pdf', PDF)

    response = document_response(document)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="licence_.pdf"'
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "safe"),
    [("年报.pdf", "年报.pdf"), ("a\r\nb.pdf", "a_b.pdf"), ("..\\x.pdf", "x.pdf"), ('"', "document")],
)
def test_safe_filenames(name, safe):
    assert safe_filename(name) == safe
