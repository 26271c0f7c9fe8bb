"""Uploaded documents are checked by content: the bad-file suite is refused, with a reason."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from portal.core.documents import validate_document

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def office(kind: str, payload: bytes = b"<w:document/>") -> bytes:
    buffer = io.BytesIO()
    part = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[kind]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, payload)
    return buffer.getvalue()


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_document(SimpleUploadedFile(name, content))
    return caught.value.messages[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("audit-2025.pdf", PDF),
        ("licence.png", PNG),
        ("statement.docx", office("docx")),
        ("figures.xlsx", office("xlsx")),
    ],
)
def test_real_documents_are_accepted(name, content):
    validate_document(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "The content of this file is not PDF."),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "The content of this file is not PDF."),
        (
            "logo.png",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "The content of this file is not PNG.",
        ),
        ("logo.svg", b"<svg/>", "Upload a PDF, JPEG, PNG, XLSX or DOCX file."),
        ("index.html", b"<html></html>", "Upload a PDF, JPEG, PNG, XLSX or DOCX file."),
        ("report.exe.pdf", PDF, "The file name hides another file type."),
        ("..\\..\\boot.pdf", PDF, "The file name is not acceptable."),
        ("empty.pdf", b"", "The file is empty."),
        ("pdf-as.docx", PDF, "The content of this file is not DOCX."),
        ("zip-as.docx", office("xlsx"), "The content of this file is not DOCX."),
    ],
)
def test_bad_files_are_refused_with_a_reason(name, content, message):
    assert refusal(name, content) == message


def test_an_oversized_file_is_refused():
    with override_settings(DOCUMENT_MAX_BYTES=2 * 1024 * 1024):
        assert refusal("big.pdf", PDF + b"0" * (3 * 1024 * 1024)) == "The file is larger than 2 MB."


def test_a_zip_bomb_disguised_as_docx_is_refused():
    bomb = office("docx", payload=b"0" * (50 * 1024 * 1024))

    assert refusal("bomb.docx", bomb) == "The file unpacks to far more data than it holds; it is refused as unsafe."
