"""Administration of tiers, park criteria and records. Park criteria are versioned: a change saves a new
version, and no version is ever deleted, so every assessment can be explained by the thresholds it used."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accreditation.applications.models import (
    Application,
    ApplicationEvent,
    DeclarationRound,
    DocumentRequirement,
    ExpertDraw,
    ExpertProfile,
    RubricCriterion,
)
from accreditation.models import Accreditation, AccreditationImport, Authority, ParkCriteria, Tier
from accreditation.reports.models import ExportJob
from portal.core.admin import NamedListCellsMixin, ReadOnlyMixin


@admin.register(Tier)
class TierAdmin(NamedListCellsMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "name_en",
        "name_zh",
        "order",
        "authority_level",
        "validity_years",
        "public_notice_days",
        "requires",
        "is_active",
    ]
    list_editable = ["public_notice_days", "is_active"]

    ordering = ["order"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A tier with records is protected by the database; tiers are retired with "active", not deleted.
        return False


@admin.register(ParkCriteria)
class ParkCriteriaAdmin(admin.ModelAdmin):
    list_display = [
        "version",
        "min_years_in_niche",
        "min_rd_intensity",
        "min_revenue",
        "sme_required",
        "allowed_district_codes",
        "created",
        "created_by",
    ]
    readonly_fields = ["version", "created", "created_by"]

    def save_model(self, request, obj, form, change) -> None:
        """Saving an existing version creates the next one; the old one stays as it was."""
        if change:
            obj.pk = None
            obj.version = None
            obj._state.adding = True
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if change:
            messages.info(
                request, _("Saved as version %(version)s; earlier versions stay unchanged.") % {"version": obj.version}
            )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh", "level"]
    search_fields = ["code", "name_en", "name_zh", "aliases"]


@admin.register(Accreditation)
class AccreditationAdmin(SimpleHistoryAdmin):
    list_display = [
        "enterprise",
        "tier",
        "granting_authority",
        "batch",
        "granted_on",
        "valid_until",
        "status",
        "source",
    ]
    list_filter = ["tier", "status", "source", "tier__authority_level"]
    search_fields = ["enterprise__name_zh", "enterprise__uscc", "batch", "certificate_number"]
    raw_id_fields = ["enterprise"]
    list_select_related = ["enterprise", "tier", "granting_authority"]
    readonly_fields = ["created", "created_by"]
    date_hierarchy = "granted_on"

    def has_delete_permission(self, request, obj=None) -> bool:
        # Records are revoked, never deleted: their history is the audit trail.
        return False


@admin.register(AccreditationImport)
class AccreditationImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "status", "uploaded_by", "created", "applied"]
    readonly_fields = [field.name for field in AccreditationImport._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # lists are uploaded through the preview page, where they are checked


# --- applications: checklists and rubrics are edited here; applications and events are only read ------


@admin.register(DeclarationRound)
class DeclarationRoundAdmin(admin.ModelAdmin):
    list_display = [
        "tier",
        "year",
        "filing_opens",
        "filing_closes",
        "prereview_deadline",
        "recommendation_deadline",
        "criteria_version",
    ]
    list_filter = ["tier", "year"]
    ordering = ["-year", "tier__order"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A round with applications is protected by the database; correct its dates instead.
        return obj is None or not obj.applications.exists()


@admin.register(DocumentRequirement)
class DocumentRequirementAdmin(NamedListCellsMixin, admin.ModelAdmin):
    list_display = ["tier", "order", "code", "name_en", "name_zh", "required"]
    list_editable = ["order", "required"]
    list_filter = ["tier", "required"]
    ordering = ["tier__order", "order"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A line with documents is protected by the database; make it optional instead.
        return obj is None or not obj.documents.exists()


@admin.register(RubricCriterion)
class RubricCriterionAdmin(NamedListCellsMixin, admin.ModelAdmin):
    list_display = ["tier", "order", "code", "name_en", "name_zh", "weight", "max_score"]
    list_editable = ["order", "weight", "max_score"]
    list_filter = ["tier"]
    ordering = ["tier__order", "order"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.scores.exists()


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Seen, never changed: the workflow's services are the only writers."""


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    fields = ["created", "actor", "from_state", "to_state", "revision_number", "comment"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["number", "enterprise", "tier", "state", "revision_number", "state_changed", "notice_ends_on"]
    list_filter = ["state", "tier"]
    search_fields = ["enterprise__name_zh", "enterprise__uscc"]
    list_select_related = ["enterprise", "tier"]
    inlines = [ApplicationEventInline]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdmin):
    list_display = ["created", "application", "actor", "from_state", "to_state", "comment"]
    list_filter = ["to_state"]
    list_select_related = ["application", "actor"]
    date_hierarchy = "created"


@admin.register(ExpertProfile)
class ExpertProfileAdmin(ReadOnlyAdmin):
    """The expert pool, read only: officials keep it on its page in the portal ("Experts"), where each change is
    checked and kept in the profile's history."""

    list_display = ["user", "available", "unavailable_until", "employer", "employer_uscc", "updated"]
    list_filter = ["available", "sections"]
    search_fields = ["user__full_name", "user__email", "employer", "employer_uscc"]
    list_select_related = ["user"]


@admin.register(ExpertDraw)
class ExpertDrawAdmin(ReadOnlyAdmin):
    """Random draws of experts: permanent records (re-run one on its page in the portal)."""

    list_display = ["created", "application", "revision_number", "requested_by", "count", "seed", "drawn"]
    list_select_related = ["application", "requested_by"]
    date_hierarchy = "created"


# --- tier reports: the export log, read only ----------------------------------------------------------


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    """Who exported which list, with which filter, when, and how many rows (command-line exports have no user)."""

    list_display = ["created", "user", "source", "format", "query", "rows", "state", "in_background", "finished"]
    list_filter = ["source", "format", "state", "in_background"]
    list_select_related = ["user"]
    search_fields = ["user__email", "query"]
    date_hierarchy = "created"
    readonly_fields = [field.name for field in ExportJob._meta.fields]
