"""The API's resources: thin views over the apps' selectors, rules and services (the pages' own rules)."""

import hashlib
import json

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accreditation import list_import
from accreditation.applications.selectors import applications_visible_to
from accreditation.eligibility.models import EligibilityAssessment, EligibilityChange
from accreditation.models import Tier
from accreditation.reports import jobs as report_jobs
from accreditation.reports.columns import KEYS as REPORT_KEYS
from accreditation.reports.models import ExportSource
from accreditation.selectors import accreditations_visible_to
from enterprises import services as enterprise_services
from enterprises.filters import EnterpriseFilter
from enterprises.forms import AnnualFiguresForm
from enterprises.models import FIGURE_FIELDS, AnnualFigures, Enterprise
from enterprises.selectors import enterprise_list_rows, enterprises_visible_to, evaluation_years
from portal.core import dates

from . import schema  # noqa: F401  (registers the bearer scheme with drf-spectacular)
from .models import IdempotentAnswer, Scope
from .pagination import ApiCursorPagination
from .serializers import (
    AccreditationSerializer,
    AccreditationWriteSerializer,
    AnnualFiguresSerializer,
    AnnualFiguresWriteSerializer,
    ApplicationDetailSerializer,
    ApplicationSerializer,
    AssessmentChangeSerializer,
    AssessmentSerializer,
    CertificateSerializer,
    ChangeSerializer,
    EnterpriseSerializer,
    ErrorSerializer,
    IPItemSerializer,
)


def visible_enterprise(request, pk: int, perm: str) -> Enterprise:
    """The enterprise `pk` if the caller may see it and holds `perm` on it (as on the pages); otherwise a 404."""
    enterprise = enterprises_visible_to(request.user).select_related("sector").filter(pk=pk).first()
    if enterprise is None or not request.user.has_perm(perm, enterprise):
        raise exceptions.NotFound()
    return enterprise


def _etag(data) -> str:
    return f'"{hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]}"'


class ETagRetrieveMixin:
    """A single object carries an ETag; If-None-Match with it answers 304 and no body."""

    def retrieve(self, request, *args, **kwargs):
        data = self.get_serializer(self.get_object()).data
        etag = _etag(data)
        wanted = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
        if etag in wanted or "*" in wanted:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})


ENTERPRISE_FILTERS = [
    OpenApiParameter("q", str, description="Name (part) or USCC (whole or its beginning)."),
    OpenApiParameter("sector", int, description="Id of a GB/T 4754 section."),
    OpenApiParameter("district", str),
    OpenApiParameter("size_class", str),
    OpenApiParameter("verified", bool, description="Has a verified member."),
    OpenApiParameter("annual_update_done", bool, description="Figures of the last financial year complete."),
]


@extend_schema(tags=["enterprises"])
class EnterpriseList(generics.ListAPIView):
    """Enterprises the caller may see: officials every one; an enterprise's users those they are a verified member
    of. Filters as on the enterprise list page."""

    serializer_class = EnterpriseSerializer

    @extend_schema(parameters=ENTERPRISE_FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        day = dates.today()
        # The list page's rows (with what its filters read: `verified`, the annual update, the current tier).
        enterprises = enterprise_list_rows(enterprises_visible_to(self.request.user), today=day)
        filterset = EnterpriseFilter(self.request.query_params, queryset=enterprises, today=day)
        if not filterset.is_valid():
            raise _form_errors(filterset.form)
        return filterset.qs


@extend_schema(tags=["enterprises"], responses={200: EnterpriseSerializer, 304: None})
class EnterpriseDetail(ETagRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = EnterpriseSerializer

    def get_object(self):
        return visible_enterprise(self.request, self.kwargs["pk"], "enterprises.view_enterprise")


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    required=True,
    description="Any string unique to this write (a UUID). Sent again with the same body, the first answer is "
    "given again and nothing is written twice; with another body, 422.",
)


@extend_schema(tags=["figures"])
class FiguresView(generics.ListAPIView):
    """The yearly figures of an enterprise (read), and the declaration of one year's figures (write: the years the
    figures page takes, checked by the same form and service)."""

    serializer_class = AnnualFiguresSerializer
    write_scope = Scope.FIGURES_WRITE

    def get_queryset(self):
        enterprise = visible_enterprise(self.request, self.kwargs["pk"], "enterprises.view_enterprise")
        return AnnualFigures.objects.filter(enterprise=enterprise)

    @extend_schema(
        request=AnnualFiguresWriteSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={200: AnnualFiguresSerializer, 201: AnnualFiguresSerializer, 422: ErrorSerializer},
    )
    def post(self, request, pk: int):
        enterprise = visible_enterprise(request, pk, "enterprises.change_enterprise")
        return idempotent_write(request, lambda: _figures_write(request, enterprise, request.data))


def idempotent_write(request, write, headers_of=lambda code, body: {}) -> Response:
    """Run `write` (returning a status and a body) once per Idempotency-Key of the token: the same key with the
    same body answers the first answer again, with another body 422. Refused input (an exception) spends no key."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 255:
        raise exceptions.ValidationError(
            {"Idempotency-Key": [ErrorDetail(_("Send an Idempotency-Key header (1 to 255 characters)."), "required")]}
        )
    if not isinstance(request.data, dict):
        raise exceptions.ValidationError({"non_field_errors": [ErrorDetail(_("Send a JSON object."), "invalid")]})
    fingerprint = hashlib.sha256(
        json.dumps([request.method, request.path, request.data], sort_keys=True, default=str).encode()
    ).hexdigest()
    with transaction.atomic():
        try:
            with transaction.atomic():
                answer = IdempotentAnswer.objects.create(
                    token=request.auth, key=key, request_hash=fingerprint, status=0, body={}
                )
        except IntegrityError:
            # The key was used before (or is being used right now: the insert waited for that transaction).
            answer = IdempotentAnswer.objects.get(token=request.auth, key=key)
            if answer.request_hash != fingerprint:
                raise IdempotencyKeyReused() from None
            headers = {"Idempotent-Replayed": "true", **headers_of(answer.status, answer.body)}
            return Response(answer.body, status=answer.status, headers=headers)
        code, body = write()
        answer.status, answer.body = code, body
        answer.save(update_fields=["status", "body"])
    return Response(body, status=code, headers=headers_of(code, body))


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("This Idempotency-Key was used for another request; use a new key for a new write.")
    default_code = "idempotency_key_reused"


def _form_value(value) -> str:
    return "" if value is None else str(value)


def _form_errors(form) -> exceptions.ValidationError:
    """A form's errors, field by field with their codes, as the API's validation error."""
    detail = {
        ("non_field_errors" if name == "__all__" else name): [
            ErrorDetail(message, error.code or "invalid") for error in errors for message in error.messages
        ]
        for name, errors in form.errors.as_data().items()
    }
    return exceptions.ValidationError(detail)


def _service_errors(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {
                ("non_field_errors" if name == "__all__" else name): [
                    ErrorDetail(message, item.code or "invalid") for item in items for message in item.messages
                ]
                for name, items in error.error_dict.items()
            }
        )
    return exceptions.ValidationError({"non_field_errors": [ErrorDetail(m, "invalid") for m in error.messages]})


def _figures_write(request, enterprise: Enterprise, body: dict) -> tuple[int, dict]:
    """Save one year's figures through the figures page's form and service; figures left out stay as they are."""
    unknown = sorted(set(body) - {"year", *FIGURE_FIELDS})
    if unknown:
        raise exceptions.ValidationError(
            {name: [ErrorDetail(_("This field is not known."), "unknown")] for name in unknown}
        )
    year = body.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or year not in evaluation_years(dates.today()):
        years = ", ".join(str(year) for year in evaluation_years(dates.today()))
        message = _("Figures can be declared for these years: %(years)s.") % {"years": years}
        raise exceptions.ValidationError({"year": [ErrorDetail(message, "year_not_declarable")]})
    row = AnnualFigures.objects.filter(enterprise=enterprise, year=year).first()
    instance = row or AnnualFigures(enterprise=enterprise, year=year)
    data = {name: _form_value(body[name] if name in body else getattr(instance, name)) for name in FIGURE_FIELDS}
    form = AnnualFiguresForm(data, instance=instance)
    if not form.is_valid():
        raise _form_errors(form)
    figures = {name: form.cleaned_data[name] for name in FIGURE_FIELDS}
    try:
        enterprise_services.annual_figures_save_years(
            enterprise=enterprise, actor=request.user, figures_by_year={year: figures}
        )
    except enterprise_services.YearsInvalid as error:
        raise _service_errors(error.by_year[year]) from None
    except PermissionDenied:
        raise exceptions.NotFound() from None
    saved = AnnualFigures.objects.get(enterprise=enterprise, year=year)
    return (status.HTTP_200_OK if row else status.HTTP_201_CREATED), dict(AnnualFiguresSerializer(saved).data)


@extend_schema(tags=["eligibility"])
class AssessmentList(generics.ListAPIView):
    """The enterprise's current eligibility per tier and criteria version, as the nightly re-evaluation keeps it."""

    serializer_class = AssessmentSerializer

    def get_queryset(self):
        enterprise = visible_enterprise(self.request, self.kwargs["pk"], "accreditation.view_eligibility")
        return EligibilityAssessment.objects.filter(enterprise=enterprise).select_related("tier")


@extend_schema(tags=["eligibility"])
class AssessmentChangeList(generics.ListAPIView):
    """The history of the enterprise's eligibility: one entry per change of a verdict."""

    serializer_class = AssessmentChangeSerializer

    def get_queryset(self):
        enterprise = visible_enterprise(self.request, self.kwargs["pk"], "accreditation.view_eligibility")
        return EligibilityChange.objects.filter(enterprise=enterprise).select_related("tier")


@extend_schema(tags=["enterprises"])
class IPItemList(generics.ListAPIView):
    """The enterprise's intellectual property, as on its profile."""

    serializer_class = IPItemSerializer

    def get_queryset(self):
        enterprise = visible_enterprise(self.request, self.kwargs["pk"], "enterprises.view_enterprise")
        return enterprise.ip_items.all()


@extend_schema(tags=["enterprises"])
class CertificateList(generics.ListAPIView):
    """The enterprise's qualifications (certificates), as on its profile."""

    serializer_class = CertificateSerializer

    def get_queryset(self):
        enterprise = visible_enterprise(self.request, self.kwargs["pk"], "enterprises.view_enterprise")
        return enterprise.certificates.all()


class ChangesPagination(ApiCursorPagination):
    ordering = ("changed", "id")


@extend_schema(
    tags=["changes"],
    parameters=[
        OpenApiParameter(
            "since",
            OpenApiTypes.DATETIME,
            description="Only what changed after this moment (the `changed` of the last row a sync has seen).",
        )
    ],
)
class ChangeFeed(generics.ListAPIView):
    """Enterprises (of those the caller may see) whose profile or yearly figures changed, oldest change first, for
    a provincial system to sync from: keep the last `changed` seen and ask again with `?since=`."""

    serializer_class = ChangeSerializer
    pagination_class = ChangesPagination

    def get_queryset(self):
        enterprises = enterprises_visible_to(self.request.user).annotate(
            changed=Greatest("updated", Coalesce(Max("annual_figures__updated"), "updated"))
        )
        since = self.request.query_params.get("since")
        if since:
            moment = parse_datetime(since.replace(" ", "+"))
            if moment is None:
                message = _("Give a date and time in ISO 8601, e.g. 2026-05-31T00:00:00+08:00.")
                raise exceptions.ValidationError({"since": [ErrorDetail(message, "invalid")]})
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            enterprises = enterprises.filter(changed__gt=moment)
        return enterprises.only("id", "uscc", "updated")


@extend_schema(
    tags=["applications"],
    parameters=[
        OpenApiParameter("enterprise", int, description="Only this enterprise's applications."),
        OpenApiParameter("state", str, description="Only applications in this state."),
    ],
)
class ApplicationList(generics.ListAPIView):
    """Applications the caller may see (as on the pages), with their status."""

    serializer_class = ApplicationSerializer

    def get_queryset(self):
        applications = applications_visible_to(self.request.user).select_related("tier")
        enterprise, state = self.request.query_params.get("enterprise"), self.request.query_params.get("state")
        if enterprise:
            if not enterprise.isdigit():
                message = _("Give the id of an enterprise.")
                raise exceptions.ValidationError({"enterprise": [ErrorDetail(message, "invalid")]})
            applications = applications.filter(enterprise_id=int(enterprise))
        if state:
            applications = applications.filter(state=state)
        return applications


@extend_schema(tags=["applications"], responses={200: ApplicationDetailSerializer, 304: None})
class ApplicationDetail(ETagRetrieveMixin, generics.RetrieveAPIView):
    """An application's status and its timeline."""

    serializer_class = ApplicationDetailSerializer

    def get_object(self):
        application = applications_visible_to(self.request.user).select_related("tier").filter(pk=self.kwargs["pk"])
        application = application.first()
        if application is None or not self.request.user.has_perm("accreditation.view_application", application):
            raise exceptions.NotFound()
        return application


class JsonLinesRenderer(JSONRenderer):
    """A stream's own media type; anything else this view answers (an error) is one JSON document."""

    media_type = "application/x-ndjson"
    format = "jsonl"


@extend_schema(
    tags=["reports"],
    parameters=[OpenApiParameter("tier", str, description="Only enterprises whose current tier is this code.")],
    responses={(200, "application/x-ndjson"): OpenApiTypes.STR},
)
class TierReportStream(APIView):
    """The tier report (the columns of the portal's exports, keyed by name) of every enterprise, or of those at
    one tier, as JSON Lines streamed while it is read: one enterprise per line, by name. For the park."""

    renderer_classes = [JSONRenderer, JsonLinesRenderer]

    def get(self, request):
        if not report_jobs.may_export(request.user, ExportSource.ENTERPRISES):
            raise exceptions.NotFound()
        tier = None
        if request.query_params.get("tier"):
            tier = Tier.objects.filter(code=request.query_params["tier"]).first()
            if tier is None:
                known = ", ".join(Tier.objects.order_by("order").values_list("code", flat=True))
                message = _("No tier has this code. Known codes: %(codes)s.") % {"codes": known}
                raise exceptions.ValidationError({"tier": [ErrorDetail(message, "unknown_tier")]})
        day = report_jobs.today()
        rows = report_jobs.report_rows(
            ExportSource.ENTERPRISES, report_jobs.tier_report_queryset(tier=tier, day=day), day=day
        )
        language = translation.get_language()

        def lines():
            with translation.override(language):  # labels in the caller's language, however late a row is read
                for row in rows:
                    yield json.dumps(dict(zip(REPORT_KEYS, row, strict=True)), default=str, ensure_ascii=False) + "\n"

        return StreamingHttpResponse(lines(), content_type=JsonLinesRenderer.media_type)


@extend_schema(tags=["accreditations"])
class AccreditationList(generics.ListAPIView):
    """Accreditation records the caller may see, as on the pool's pages: the park all, members their
    enterprises'. The park records one more as one row of an imported list, with the import's checks."""

    serializer_class = AccreditationSerializer
    write_scope = Scope.ACCREDITATIONS_WRITE

    @extend_schema(
        parameters=[
            OpenApiParameter("enterprise", int, description="Only this enterprise's records."),
            OpenApiParameter("tier", str, description="Only records of this tier (its code)."),
            OpenApiParameter("status", str, description="Only records in this status."),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=AccreditationWriteSerializer,
        parameters=[
            IDEMPOTENCY_KEY,
            OpenApiParameter(
                "Location",
                str,
                location=OpenApiParameter.HEADER,
                response=[201],
                description="The new record's address.",
            ),
        ],
        responses={201: AccreditationSerializer, 409: ErrorSerializer, 422: ErrorSerializer},
    )
    def post(self, request):
        # Recording titles is the park's, as the import page is (an enterprise's token learns nothing of it).
        if not request.user.has_perm("accreditation.import_accreditations"):
            raise exceptions.NotFound()
        return idempotent_write(request, lambda: _accreditation_write(request, request.data), _record_location)

    def get_queryset(self):
        records = accreditations_visible_to(self.request.user).select_related("tier")
        params = self.request.query_params
        if params.get("enterprise"):
            if not params["enterprise"].isdigit():
                message = _("Give the id of an enterprise.")
                raise exceptions.ValidationError({"enterprise": [ErrorDetail(message, "invalid")]})
            records = records.filter(enterprise_id=int(params["enterprise"]))
        if params.get("tier"):
            records = records.filter(tier__code=params["tier"])
        if params.get("status"):
            records = records.filter(status=params["status"])
        return records


class AccreditationOnRecord(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "duplicate"


def _accreditation_write(request, body: dict) -> tuple[int, dict]:
    """One record from one row, through the accreditation import's own checks and apply (list_import)."""
    # The list's name column only names a stub profile, which a single call never makes.
    unknown = sorted(set(body) - (set(list_import.FIELDS) - {"name"}))
    not_text = sorted(name for name, value in body.items() if name not in unknown and not _is_text(value))
    if unknown or not_text:
        detail = {name: [ErrorDetail(_("This field is not known."), "unknown")] for name in unknown}
        detail.update({name: [ErrorDetail(_("Give this field as text."), "not_text")] for name in not_text})
        raise exceptions.ValidationError(detail)
    try:
        record = list_import.row_record(
            values=body, actor=request.user, today=dates.today(), source=f"API: {request.auth.name}"
        )
    except DjangoValidationError as error:
        raise _service_errors(error) from None
    except list_import.RowOnRecord as duplicate:
        message = _(
            "This title is on record already (record %(id)s): an enterprise holds a tier once per granted date."
        ) % {"id": duplicate.record_id}
        raise AccreditationOnRecord(message) from None
    except PermissionDenied:
        raise exceptions.NotFound() from None
    return status.HTTP_201_CREATED, dict(AccreditationSerializer(record).data)


def _is_text(value) -> bool:
    """A string the database can store: JSON may carry a NUL or half a surrogate pair, which no text column takes."""
    if not isinstance(value, str) or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _record_location(code: int, body: dict) -> dict:
    if code != status.HTTP_201_CREATED:
        return {}
    return {"Location": reverse("api:accreditation_detail", kwargs={"pk": body["id"]})}


@extend_schema(tags=["accreditations"], responses={200: AccreditationSerializer, 304: None})
class AccreditationDetail(ETagRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = AccreditationSerializer

    def get_object(self):
        record = accreditations_visible_to(self.request.user).select_related("tier").filter(pk=self.kwargs["pk"])
        record = record.first()
        if record is None or not self.request.user.has_perm("accreditation.view_accreditation", record):
            raise exceptions.NotFound()
        return record
