"""What the API shows of each object. Read-only shapes: writes go through the apps' forms and services."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accreditation.applications.models import Application
from accreditation.applications.selectors import application_timeline
from accreditation.eligibility.models import EligibilityAssessment, EligibilityChange
from accreditation.models import Accreditation
from enterprises.models import FIGURE_FIELDS, AnnualFigures, Certificate, Enterprise, IPItem

from .models import Scope


class EnterpriseSerializer(serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    # Coded answers that may be blank (not yet given): plain strings, so that the blank conforms to the schema.
    district = serializers.CharField(read_only=True, help_text="Administrative division code; blank if not given.")
    ownership_type = serializers.CharField(read_only=True, help_text="Ownership type code; blank if not given.")
    size_class = serializers.CharField(read_only=True, help_text="SME size class code; blank until figures exist.")

    class Meta:
        model = Enterprise
        fields = (
            "id",
            "uscc",
            "name_zh",
            "name_en",
            "registration_date",
            "district",
            "sector",
            "industry_code",
            "ownership_type",
            "listed",
            "size_class",
            "latest_complete_year",
            "updated",
        )
        read_only_fields = fields


class AnnualFiguresSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnnualFigures
        fields = ("year", *FIGURE_FIELDS)
        read_only_fields = fields


class AnnualFiguresWriteSerializer(serializers.ModelSerializer):
    """The body of a figures write, for the schema: the year and any of its figures (absent ones stay as they
    are). The figures form itself checks the values, exactly as on the page."""

    class Meta:
        model = AnnualFigures
        fields = ("year", *FIGURE_FIELDS)
        extra_kwargs = {name: {"required": False} for name in FIGURE_FIELDS}


class IPItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = IPItem
        fields = (
            "id",
            "type",
            "number",
            "title",
            "grant_date",
            "high_value",
            "self_developed",
            "tied_to_main_product",
            "in_use",
            "updated",
        )
        read_only_fields = fields


class CertificateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Certificate
        fields = ("id", "kind", "name", "number", "issued", "expires", "updated")
        read_only_fields = fields


class ChangeSerializer(serializers.ModelSerializer):
    """One enterprise whose profile or figures changed: fetch it (and its figures) again."""

    changed = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Enterprise
        fields = ("id", "uscc", "changed")
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    tier = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = EligibilityAssessment
        fields = ("id", "tier", "criteria_version", "eligible", "route", "score", "missing", "revision", "updated")
        read_only_fields = fields


class AssessmentChangeSerializer(serializers.ModelSerializer):
    tier = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = EligibilityChange
        fields = (
            "id",
            "tier",
            "criteria_version",
            "revision",
            "kind",
            "eligible_before",
            "eligible_after",
            "created",
        )
        read_only_fields = fields


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    code = serializers.CharField()
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """Every error of the API: a code, a message in the request's language, and per-field errors of the input."""

    code = serializers.CharField()
    message = serializers.CharField()
    errors = ErrorItemSerializer(many=True)


SCOPE_CHOICES = Scope.choices


class TimelineEventSerializer(serializers.Serializer):
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    step = serializers.CharField()
    revision_number = serializers.IntegerField()
    comment = serializers.CharField()
    created = serializers.DateTimeField()


class ApplicationSerializer(serializers.ModelSerializer):
    """An application's status; on its own page (`timeline` in the context) also every step it went through."""

    enterprise = serializers.PrimaryKeyRelatedField(read_only=True)
    tier = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Application
        fields = (
            "id",
            "enterprise",
            "tier",
            "state",
            "revision_number",
            "created",
            "state_changed",
            "submitted_at",
            "notice_ends_on",
        )
        read_only_fields = fields


class ApplicationDetailSerializer(ApplicationSerializer):
    timeline = serializers.SerializerMethodField()

    class Meta(ApplicationSerializer.Meta):
        fields = (*ApplicationSerializer.Meta.fields, "timeline")
        read_only_fields = fields

    @extend_schema_field(TimelineEventSerializer(many=True))
    def get_timeline(self, application) -> list[dict]:
        # As on the application page: no names (the review is blind), and a review step's comment for the park
        # only.
        park = self.context["request"].user.has_perm("accreditation.decide_application", application)
        return [
            {
                "from_state": event.from_state,
                "to_state": event.to_state,
                "step": event.step,
                "revision_number": event.revision_number,
                "comment": event.comment if park or not event.step else "",
                "created": event.created,
            }
            for event in application_timeline(application)
        ]


class AccreditationSerializer(serializers.ModelSerializer):
    """An accreditation record of the pool (its evidence file stays on the portal's permission-checked page)."""

    enterprise = serializers.PrimaryKeyRelatedField(read_only=True)
    tier = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Accreditation
        fields = (
            "id",
            "enterprise",
            "tier",
            "authority",
            "batch",
            "certificate_number",
            "granted_on",
            "valid_until",
            "status",
            "criteria_version",
            "source",
            "created",
        )
        read_only_fields = fields


class AccreditationWriteSerializer(serializers.Serializer):
    """The body of a record's creation, for the schema: one row of an accreditation list, the import's columns
    (text, as in the file). The import's own checks judge it, exactly as a row of an imported list."""

    uscc = serializers.CharField(help_text="The enterprise's USCC; the enterprise must be in the portal.")
    tier = serializers.CharField(help_text="The tier's code (or its name in English or Chinese).")
    granted_on = serializers.CharField(help_text="The granted date, YYYY-MM-DD (or YYYYMMDD).")
    authority = serializers.CharField(
        required=False, allow_blank=True, help_text="The granting authority as known to the portal; blank: the tier's."
    )
    batch = serializers.CharField(required=False, allow_blank=True)
    certificate_number = serializers.CharField(required=False, allow_blank=True)
