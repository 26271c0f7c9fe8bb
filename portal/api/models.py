"""API tokens, the log of every call made with the API, and the answers kept for idempotent writes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a token may do. `write` grants every write scope; the finer ones give a system just what it needs."""

    READ = "read", _("Read everything the owner may see")
    WRITE = "write", _("Every write the owner may make")
    FIGURES_WRITE = "figures:write", _("Declare yearly figures")
    ACCREDITATIONS_WRITE = "accreditations:write", _("Record accreditations")


class ApiToken(models.Model):
    """A secret a system presents instead of a password. Only a hash of the secret is kept; the secret itself is
    shown once, when the token is made. `prefix` (not secret) finds the row and names the token on pages."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(_("secret hash"), max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("expires"))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked is None and self.expires > timezone.now()

    def grants(self, scope: str) -> bool:
        """Whether the token holds `scope`; `write` holds every write scope."""
        return scope in self.scopes or (scope.endswith(":write") and Scope.WRITE in self.scopes)


class ApiCall(models.Model):
    """One request to the API: who, with which token, what, and the answer's status. Kept for audit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    token = models.ForeignKey(ApiToken, verbose_name=_("token"), on_delete=models.SET_NULL, null=True, related_name="+")
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    client = models.CharField(_("client address"), max_length=64, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "-at"], name="api_call_token_at")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class IdempotentAnswer(models.Model):
    """The answer given to a write sent with an Idempotency-Key: the same key and body get it again, with no second
    write; the same key with another body is refused."""

    token = models.ForeignKey(ApiToken, verbose_name=_("token"), on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("idempotency key"), max_length=255)
    request_hash = models.CharField(_("request fingerprint"), max_length=64)
    status = models.PositiveSmallIntegerField(_("status"))
    body = models.JSONField(_("body"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotent answer")
        verbose_name_plural = _("idempotent answers")
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="idempotent_answer_one_per_key")]

    def __str__(self) -> str:
        return f"{self.token_id} {self.key}"
