from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accreditation.programmes.models import CultivationPlan, PlanTarget


class PlanTargetInline(admin.TabularInline):
    model = PlanTarget
    extra = 0


@admin.register(CultivationPlan)
class CultivationPlanAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "first_year", "last_year")
    search_fields = ("code", "name")
    inlines = [PlanTargetInline]
