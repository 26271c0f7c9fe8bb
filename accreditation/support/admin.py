from django.contrib import admin

from accreditation.support.models import Call, Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh", "kind", "is_active"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["programme", "title", "opens_on", "closes_on", "budget", "budget_remaining"]
    # The remainder moves only with payments (accreditation.support.services).
    readonly_fields = ["budget_remaining"]
