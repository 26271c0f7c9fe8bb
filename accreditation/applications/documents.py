"""Attachments of an application: upload (checked by content, stored privately under a random name), removal,
the checklist against the tier's requirements, and the download response.

An upload that fails leaves nothing behind: the file is checked before anything is written, written inside the
transaction, and deleted again if the transaction does not keep its row (`portal.core.uploads.atomic_with_files`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from accreditation.applications.models import Application, ApplicationDocument, DocumentRequirement
from accreditation.applications.workflow import locked
from portal.core.documents import CONTENT_TYPES, checked_upload, safe_filename
from portal.core.permissions import require_perm
from portal.core.uploads import atomic_with_files


def application_document_upload(*, application_id: int, actor, requirement_id: int, upload) -> ApplicationDocument:
    """Attach `upload` (a Django UploadedFile) to the application for one line of its checklist. Only a verified
    member, only while the application is a draft or returned. Side effect: one private file under a random
    name, written after every check and removed again if its row is not kept (`portal.core.uploads`)."""
    with atomic_with_files() as files:
        application = locked(application_id, "enterprise")
        require_perm(actor, "accreditation.act_as_applicant", application)
        if not application.is_editable:
            raise ValidationError(
                _("Documents can be added only while the application is a draft or returned for revision."),
                code="not_editable",
            )
        requirement = DocumentRequirement.objects.filter(pk=requirement_id, tier_id=application.tier_id).first()
        if requirement is None:
            raise ValidationError(_("Choose a document of this tier's checklist."), code="requirement")
        name, sha256 = checked_upload(upload)  # raises before anything is written
        document = ApplicationDocument(
            application=application,
            requirement=requirement,
            original_name=name,
            sha256=sha256,
            size=upload.size,
            uploaded_by=actor,
        )
        document.file.save(document.original_name, upload, save=False)
        files.track(document.file)
        document.full_clean()
        document.save()
    return document


def application_document_delete(*, document_id: int, actor) -> None:
    """Remove an attachment not yet part of a submitted revision (a submitted revision keeps its files)."""
    with transaction.atomic():
        document = ApplicationDocument.objects.select_related("application__enterprise").get(pk=document_id)
        application = locked(document.application_id)
        require_perm(actor, "accreditation.act_as_applicant", application)
        if not application.is_editable or document.revision_id is not None:
            raise ValidationError(_("This document belongs to a submitted revision and stays."), code="frozen")
        name, storage = document.file.name, document.file.storage
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))


def missing_requirements(application: Application) -> list[DocumentRequirement]:
    """Required lines of the tier's checklist with no document on the application yet."""
    return list(
        DocumentRequirement.objects.filter(tier_id=application.tier_id, required=True)
        .exclude(documents__application=application)
        .order_by("order", "code")
    )


def checklist(application: Application) -> list[tuple[DocumentRequirement, list[ApplicationDocument]]]:
    """Each line of the tier's checklist with the application's documents for it (two queries)."""
    documents: dict[int, list[ApplicationDocument]] = {}
    for document in application.documents.select_related("revision").order_by("uploaded_at", "pk"):
        documents.setdefault(document.requirement_id, []).append(document)
    requirements = DocumentRequirement.objects.filter(tier_id=application.tier_id).order_by("order", "code")
    return [(requirement, documents.get(requirement.pk, [])) for requirement in requirements]


# Kinds a browser shows in the page (the PDF through the bundled pdf.js, images as images); their magic bytes
# were checked against the extension at upload. Anything else only ever downloads.
INLINE_KINDS = {"pdf": "pdf", "jpg": "image", "jpeg": "image", "png": "image"}
# A file shown inline may run nothing and load nothing, even when opened on its own in a tab.
INLINE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def inline_kind(document: ApplicationDocument) -> str | None:
    """ "pdf" or "image" when the document can be shown in the page, else None."""
    return INLINE_KINDS.get(document.original_name.rsplit(".", 1)[-1].lower())


def document_response(document: ApplicationDocument, *, inline: bool = False) -> FileResponse:
    """The file under its (cleaned) original name: a download, or shown in place when `inline` and its kind
    allows it. The caller checks the permission (`accreditation.view_application` on the document's
    application) and fetches the document from the applications the user may see."""
    name = safe_filename(document.original_name)
    extension = name.rsplit(".", 1)[-1].lower()
    inline = inline and inline_kind(document) is not None
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=not inline,
        filename=name,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    if inline:
        response["Content-Security-Policy"] = INLINE_POLICY
        response["Cache-Control"] = "private, no-store"
    return response
