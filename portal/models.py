"""Accounts: a user signs in with an email address and holds one or more roles (groups)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager, Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from .core.outbox import OutboxMessage  # noqa: F401  (the outbox's table belongs to this app)
from .core.roles import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in. The email address is the login name; roles are groups (see `Role`)."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Emails are written in this language."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        # Sign-in lower-cases what is typed, so an address saved in the admin is kept lower-cased too.
        self.email = (self.email or "").lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    def role_names(self) -> set[str]:
        """The names of this user's role groups, read once per request object."""
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return self._role_names

    def has_role(self, role: Role) -> bool:
        return self.is_active and role.value in self.role_names()

    def add_role(self, role: Role) -> None:
        group, _created = Group.objects.get_or_create(name=role.value)
        self.groups.add(group)
        self.__dict__.pop("_role_names", None)


class EnrolmentLink(models.Model):
    """A one-time link that lets an official or administrator set up their authenticator app (portal/enrolment.py).
    Only its SHA-256 is kept: the link itself is in the person's email or in the administrator's hands."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="enrolment_links"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("issued"), auto_now_add=True)
    used = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("second-factor set-up link")
        verbose_name_plural = _("second-factor set-up links")

    def __str__(self) -> str:
        return f"{self.user} · {self.created:%Y-%m-%d %H:%M}"
