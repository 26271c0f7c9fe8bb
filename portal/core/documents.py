"""Checks of uploaded documents, by content: what a file is must match what its name says.

Allowed: PDF, JPEG, PNG, XLSX, DOCX. A file is refused when it is empty or over the size cap, when its name
hides another extension (`report.pdf.exe`, `x.php.pdf`) or a path, when its magic bytes do not match its
extension, or when an Office file (a zip) unpacks to far more than it holds (a zip bomb).
"""

import hashlib
import re
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .archives import ArchiveTooLarge, check_unpacked_size

# extension -> the types filetype may recognise it as (Office files are zips; filetype may name them either way)
ALLOWED = {
    "pdf": {"pdf"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "png": {"png"},
    "xlsx": {"xlsx", "zip"},
    "docx": {"docx", "zip"},
}
OFFICE_PARTS = {"xlsx": "xl/", "docx": "word/"}
MAX_ZIP_RATIO = 100
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
_SAFE_NAME = re.compile(r"^[^/\\\x00]+$")
# Characters that must not reach a Content-Disposition header or a file system.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def safe_filename(name: str) -> str:
    """The uploader's file name, reduced to something harmless to show and to offer as a download name."""
    name = _UNSAFE.sub("_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip(" ._") or "document"
    stem, dot, extension = name.rpartition(".")
    return (stem[: 200 - len(extension)] + dot + extension) if dot else name[:200]


def checked_upload(upload) -> tuple[str, str]:
    """(the name to keep, the SHA-256 of the content) of an upload accepted by name and content; raises
    ValidationError before anything is written. A name with a path in it is refused, not shortened."""
    raw_name = getattr(upload, "name", "") or ""
    if "\\" in raw_name or "/" in raw_name:
        raise ValidationError(_("The file name is not acceptable."), code="document_name")
    validate_document(upload)
    sha = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        sha.update(chunk)
    upload.seek(0)
    return safe_filename(raw_name), sha.hexdigest()


def max_document_bytes() -> int:
    return getattr(settings, "DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)


def validate_document(upload) -> None:
    """Raise ValidationError saying what is wrong with `upload` (a Django File), or return if it is acceptable."""
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1]
    if not name or not _SAFE_NAME.match(name) or name.startswith("."):
        raise ValidationError(_("The file name is not acceptable."), code="document_name")
    parts = name.lower().split(".")
    extension = parts[-1] if len(parts) > 1 else ""
    if extension not in ALLOWED:
        raise ValidationError(_("Upload a PDF, JPEG, PNG, XLSX or DOCX file."), code="document_type")
    if any(
        part in {"exe", "js", "html", "htm", "svg", "php", "sh", "bat", "cmd", "scr", "jar"} for part in parts[1:-1]
    ):
        raise ValidationError(_("The file name hides another file type."), code="document_double_extension")
    size = getattr(upload, "size", None)
    if not size:
        raise ValidationError(_("The file is empty."), code="document_empty")
    if size > max_document_bytes():
        raise ValidationError(
            _("The file is larger than %(size)d MB.") % {"size": max_document_bytes() // (1024 * 1024)},
            code="document_size",
        )
    head = _read(upload, 8192)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in ALLOWED[extension]:
        raise ValidationError(
            _("The content of this file is not %(type)s.") % {"type": extension.upper()}, code="document_content"
        )
    if extension in OFFICE_PARTS:
        _check_office(upload, extension, size)


def _read(upload, length: int | None = None) -> bytes:
    upload.seek(0)
    data = upload.read() if length is None else upload.read(length)
    upload.seek(0)
    return data


def _check_office(upload, extension: str, size: int) -> None:
    try:
        upload.seek(0)
        check_unpacked_size(upload, packed_size=size, max_bytes=MAX_UNZIPPED_BYTES, max_ratio=MAX_ZIP_RATIO)
        upload.seek(0)
        infos = zipfile.ZipFile(upload).infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as error:
        raise ValidationError(_("The file is damaged and cannot be opened."), code="document_damaged") from error
    except ArchiveTooLarge as error:
        raise ValidationError(_("The file unpacks to far more data than it holds; it is refused as unsafe.")) from error
    finally:
        upload.seek(0)
    if not any(info.filename.startswith(OFFICE_PARTS[extension]) for info in infos):
        raise ValidationError(
            _("The content of this file is not %(type)s.") % {"type": extension.upper()}, code="document_content"
        )
