"""Zip bombs that lie about their sizes: archives are measured by what they really unpack to."""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accreditation import list_import
from portal.core.archives import ArchiveTooLarge, unpacked_size
from portal.core.documents import validate_document

UNPACKED = 30 * 1024 * 1024  # 30 MB of zeros packs into some 30 kB
DECLARED = 1000


def lying_office_file(first_part: str) -> bytes:
    """An Office-like zip whose big member declares only DECLARED bytes, in its local and central headers."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(first_part, b"\0" * UNPACKED)
    data = bytearray(buffer.getvalue())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        position = data.find(signature)
        while position != -1:
            (size,) = struct.unpack_from("<I", data, position + offset)
            if size == UNPACKED:
                struct.pack_into("<I", data, position + offset, DECLARED)
            position = data.find(signature, position + 4)
    return bytes(data)


def test_the_bomb_declares_small_sizes():
    archive = zipfile.ZipFile(io.BytesIO(lying_office_file("xl/workbook.xml")))

    assert sum(info.file_size for info in archive.infolist()) < 2 * DECLARED


def test_its_real_size_is_measured_and_stops_at_the_cap():
    archive = zipfile.ZipFile(io.BytesIO(lying_office_file("xl/workbook.xml")))

    with pytest.raises(ArchiveTooLarge):
        unpacked_size(archive, cap=10 * 1024 * 1024)
    assert unpacked_size(archive, cap=UNPACKED + 100) == UNPACKED + len("<Types/>")


def test_a_document_upload_that_lies_about_its_size_is_refused():
    upload = SimpleUploadedFile("evidence.docx", lying_office_file("word/document.xml"))

    with pytest.raises(ValidationError) as refused:
        validate_document(upload)

    assert refused.value.messages == ["The file unpacks to far more data than it holds; it is refused as unsafe."]


def test_an_imported_list_that_lies_about_its_size_is_refused():
    with pytest.raises(list_import.ImportRefused) as refused:
        list_import.read_rows(lying_office_file("xl/workbook.xml"), "miit.xlsx")

    assert str(refused.value) == "The workbook unpacks to far more data than it holds; it is refused as unsafe."
