"""Admin of the portal app. Accounts: administrators create officials and reviewers, and disable accounts
(unticking "active" signs the person out everywhere at once: portal/signals.py). The sign-in records of
django-axes are read, never edited or deleted there: AccessLog (sign-ins) and AccessFailureLog (failed sign-ins)
are an audit trail; AccessAttempt stays as axes has it, since deleting an attempt is how an administrator lifts a
lockout."""

from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .core.admin import ReadOnlyMixin
from .core.form_fields import RowIdMultipleChoiceField
from .models import User


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta(auth_forms.UserChangeForm.Meta):
        model = User
        fields = "__all__"
        field_classes = {}


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "phone", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "usable_password", "password1", "password2"]})
    ]
    # Set by signing in and by registering, never typed: shown, not edited.
    readonly_fields = ["last_login", "date_joined"]
    # Plain multiple choice lists: Django's two-box filter widget names its search icons with an aria-label on a
    # bare <span>, which assistive technology ignores (WCAG 2.1 4.1.2, axe's aria-prohibited-attr).
    filter_horizontal = []
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]

    actions = ["deactivate", "send_enrolment_link"]
    # How many of the records that keep an account from deletion the confirmation page lists by name.
    PROTECTED_SHOWN = 10

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", RowIdMultipleChoiceField)  # groups and permissions: ids in range only
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_deleted_objects(self, objs, request):
        """People who appear in a change history or an application's events are kept for the record (the
        histories PROTECT their user, portal/core/history.py): Django's confirmation page then refuses the deletion;
        this says why and what to do instead, and lists only the first of those records."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            messages.warning(
                request,
                _(
                    "An account that appears in a change history or in an application's events cannot be deleted: "
                    "the record keeps who did what. Deactivate it instead (the “Deactivate” action, or untick "
                    "“Active”): the person is signed out everywhere and can no longer sign in."
                ),
            )
            if len(protected) > self.PROTECTED_SHOWN:
                more = len(protected) - self.PROTECTED_SHOWN
                protected = [*protected[: self.PROTECTED_SHOWN], _("… and %(count)d more") % {"count": more}]
        return deleted, counts, perms_needed, protected

    @admin.action(description=_("Send a second-factor set-up link"), permissions=["change"])
    def send_enrolment_link(self, request, queryset):
        """For officials and administrators without an authenticator app (new, or after their lost phone's device
        was deleted): a one-time set-up link, emailed to them and shown here to hand over in person."""
        from .enrolment import enrolment_link_send
        from .twofactor import authenticator_of, second_factor_required

        for user in queryset.filter(is_active=True):
            if not second_factor_required(user) or authenticator_of(user) is not None:
                self.message_user(
                    request,
                    _("%(user)s needs no set-up link (no second factor, or an authenticator app already).")
                    % {"user": user.email},
                    messages.WARNING,
                )
                continue
            url = enrolment_link_send(user=user, base_url=request.build_absolute_uri("/"), issued_by=request.user)
            self.message_user(request, _("Set-up link emailed to %(user)s: %(url)s") % {"user": user.email, "url": url})

    @admin.action(description=_("Deactivate the selected accounts"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = 0
        for user in queryset.filter(is_active=True):
            user.is_active = False
            user.save(update_fields=["is_active"])  # ends their sessions (portal/signals.py)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d account deactivated.", "%(count)d accounts deactivated.", count) % {"count": count},
            messages.SUCCESS,
        )


admin.site.unregister(Group)


@admin.register(Group)  # Django's own, with the same plain lists of permissions as an account's (above)
class GroupAdmin(auth_admin.GroupAdmin):
    filter_horizontal = []


for model, model_admin in ((AccessLog, AccessLogAdmin), (AccessFailureLog, AccessFailureLogAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(f"ReadOnly{model_admin.__name__}", (ReadOnlyMixin, model_admin), {}))
