"""The part of the application page that those who decide read (officials, and experts cleared for it): the
frozen facts and self-assessment, what changed since, the documents to open in place; and for officials the
previous and next application of the queue they came from."""

from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from accreditation.applications.decider import changes_since, frozen_assessment, frozen_facts
from accreditation.applications.documents import inline_kind
from accreditation.applications.selectors import application_queue, applications_visible_to


def decider_context(request, application, revision, *, checklist) -> dict:
    changes = changes_since(revision, application.enterprise)
    for _requirement, documents in checklist:
        for document in documents:
            document.inline_kind = inline_kind(document)
    frozen = frozen_facts(revision.facts, changes)
    context = {
        "decider": True,
        "frozen": frozen,
        "fact_groups": [
            (_("The enterprise"), frozen.enterprise, "frozen-enterprise"),
            (_("Profile"), frozen.profile, "frozen-profile"),
            (_("Intellectual property"), frozen.ip, "frozen-ip"),
            (_("Qualifications"), frozen.qualifications, "frozen-qualifications"),
        ],
        "frozen_assessment": frozen_assessment(revision, application.tier),
        "viewer": {
            "pdfjs": static("vendor/pdfjs/pdf.min.mjs"),
            "worker": static("vendor/pdfjs/pdf.worker.min.mjs"),
            # Folders pdf.js reads files from by their own names (so not through the hashed manifest).
            "cmaps": f"{settings.STATIC_URL}vendor/pdfjs-cmaps/",
            "fonts": f"{settings.STATIC_URL}vendor/pdfjs-fonts/",
        },
    }
    return context


def queue_neighbours(request, application) -> dict:
    """The applications before and after this one in the official's queue as filtered and sorted by the query
    string the page carries (the queue's own), and that query string to carry on. One query."""
    from accreditation.desk.views.tables import ApplicationQueueFilter, ApplicationQueueTable

    filterset = ApplicationQueueFilter(request.GET, queryset=application_queue(applications_visible_to(request.user)))
    table = ApplicationQueueTable(filterset.qs)
    RequestConfig(request, paginate=False).configure(table)
    ordered = list(table.data.data.values_list("pk", flat=True))
    query = request.GET.copy()
    query.pop("page", None)
    if application.pk not in ordered:
        return {"query": query.urlencode(), "position": None, "total": len(ordered)}
    index = ordered.index(application.pk)
    return {
        "query": query.urlencode(),
        "position": index + 1,
        "total": len(ordered),
        "previous": ordered[index - 1] if index > 0 else None,
        "next": ordered[index + 1] if index + 1 < len(ordered) else None,
    }
