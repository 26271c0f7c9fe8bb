from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import ApiCall, ApiToken
from .tokens import api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see every token (never its secret: only a hash is kept) and may revoke any of them."""

    list_display = ("name", "prefix", "user", "scopes", "created", "expires", "last_used", "revoked")
    list_filter = ("revoked",)
    search_fields = ("name", "prefix", "user__email")
    readonly_fields = ("user", "name", "prefix", "scopes", "created", "expires", "last_used", "revoked", "revoked_by")
    exclude = ("secret_hash",)
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # a token is made by its owner (page or command), so that its secret is shown to them only

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token_id=token.pk, actor=request.user)
        messages.success(request, _("The selected tokens are revoked."))


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ("at", "method", "path", "status", "user", "token", "client")
    list_filter = ("status", "method")
    search_fields = ("path", "user__email", "token__prefix")
    readonly_fields = ("at", "method", "path", "status", "user", "token", "client")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
