"""Django admin for the enterprises app: a fallback for administrators; officials work in the portal's pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AnnualFigures,
    Award,
    Brand,
    Certificate,
    DevelopmentScore,
    Enterprise,
    IPItem,
    Membership,
    RDInstitution,
    Sector,
    StandardDrafted,
    Title,
)
from .services import facts_written


class FactsAdmin(SimpleHistoryAdmin):
    """An administrator's edit of an enterprise's facts is followed as a service's is: the stored summary of its
    figures and its re-evaluation (`facts_written`), once the form and its inlines are saved."""

    @staticmethod
    def _enterprise_id(obj) -> int:
        return obj.pk if isinstance(obj, Enterprise) else obj.enterprise_id

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        facts_written(self._enterprise_id(form.instance))

    def delete_model(self, request, obj) -> None:
        enterprise_id = self._enterprise_id(obj)
        super().delete_model(request, obj)
        if not isinstance(obj, Enterprise):
            facts_written(enterprise_id)

    def delete_queryset(self, request, queryset) -> None:
        enterprise_ids = {self._enterprise_id(obj) for obj in queryset}
        super().delete_queryset(request, queryset)
        if queryset.model is not Enterprise:
            for enterprise_id in sorted(enterprise_ids):
                facts_written(enterprise_id)


@admin.register(DevelopmentScore)
class DevelopmentScoreAdmin(FactsAdmin):
    """A fallback: members declare and officials decide on the portal's page, which tells the enterprise."""

    list_display = ["enterprise", "year", "score", "state", "declared_at", "verified_by", "verified_at"]
    list_filter = ["state", "year"]
    search_fields = ["enterprise__name_zh", "enterprise__uscc"]
    raw_id_fields = ["enterprise", "declared_by", "verified_by"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "name_zh", "name_en", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name_zh", "name_en"]


class AnnualFiguresInline(admin.TabularInline):
    model = AnnualFigures
    extra = 0
    fields = ["year", "revenue", "main_business_revenue", "net_profit", "employees", "rd_employees", "rd_expense"]
    show_change_link = True


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "enterprise"
    extra = 0
    fields = ["user", "status", "requested_at", "decided_at", "decided_by", "reject_reason"]
    readonly_fields = ["requested_at", "decided_at", "decided_by"]
    raw_id_fields = ["user"]


@admin.register(Enterprise)
class EnterpriseAdmin(FactsAdmin):
    list_display = ["uscc", "name_zh", "name_en", "industry_code", "district", "updated"]
    list_filter = ["district", "sector__parent", "listed"]
    search_fields = ["uscc", "name_zh", "name_en"]
    readonly_fields = ["sector", "created", "updated"]
    inlines = [MembershipInline, AnnualFiguresInline]


@admin.register(AnnualFigures)
class AnnualFiguresAdmin(FactsAdmin):
    list_display = ["enterprise", "year", "revenue", "employees", "rd_expense"]
    list_filter = ["year"]
    search_fields = ["enterprise__uscc", "enterprise__name_zh"]
    raw_id_fields = ["enterprise"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "enterprise", "status", "requested_at", "decided_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["user__email", "enterprise__uscc", "enterprise__name_zh"]
    raw_id_fields = ["user", "enterprise", "decided_by"]
    readonly_fields = ["requested_at"]


class EnterpriseItemAdmin(FactsAdmin):
    raw_id_fields = ["enterprise"]
    search_fields = ["enterprise__uscc", "enterprise__name_zh"]


@admin.register(IPItem)
class IPItemAdmin(EnterpriseItemAdmin):
    list_display = ["enterprise", "type", "number", "title", "grant_date", "high_value"]
    list_filter = ["type", "high_value", "self_developed"]


@admin.register(Certificate)
class CertificateAdmin(EnterpriseItemAdmin):
    list_display = ["enterprise", "kind", "name", "issued", "expires"]
    list_filter = ["kind"]


@admin.register(Award)
class AwardAdmin(EnterpriseItemAdmin):
    list_display = ["enterprise", "level", "rank", "year", "name"]
    list_filter = ["level"]


@admin.register(RDInstitution)
class RDInstitutionAdmin(EnterpriseItemAdmin):
    list_display = ["enterprise", "level", "kind", "name", "year"]
    list_filter = ["level", "kind"]


@admin.register(Brand)
class BrandAdmin(EnterpriseItemAdmin):
    list_display = ["enterprise", "name", "own"]


@admin.register(Title)
class TitleAdmin(EnterpriseItemAdmin):
    list_display = ["enterprise", "kind", "year", "valid_until"]
    list_filter = ["kind"]


@admin.register(StandardDrafted)
class StandardDraftedAdmin(EnterpriseItemAdmin):
    list_display = ["enterprise", "level", "name", "lead", "year"]
    list_filter = ["level"]
