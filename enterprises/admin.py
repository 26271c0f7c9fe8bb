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


@admin.register(DevelopmentScore)
class DevelopmentScoreAdmin(SimpleHistoryAdmin):
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
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ["uscc", "name_zh", "name_en", "industry_code", "district", "updated"]
    list_filter = ["district", "sector__parent", "listed"]
    search_fields = ["uscc", "name_zh", "name_en"]
    readonly_fields = ["sector", "created", "updated"]
    inlines = [MembershipInline, AnnualFiguresInline]


@admin.register(AnnualFigures)
class AnnualFiguresAdmin(SimpleHistoryAdmin):
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


class EnterpriseItemAdmin(SimpleHistoryAdmin):
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
