"""The second factor of officials and administrators: an authenticator app (TOTP) with one-time recovery codes.

Built on django-otp: a confirmed `TOTPDevice` per person, and one `StaticDevice` whose tokens are the recovery
codes (django-otp deletes a token when it is used). Wrong codes are throttled by django-otp per device; the
views report each refusal to the `portal.security` log.
"""

import base64
import io
import math
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .core.roles import Role
from .models import User

RECOVERY_CODE_COUNT = 10
# Roles whose holders see every enterprise's figures and decide applications: a password alone is not enough.
ROLES_NEEDING_SECOND_FACTOR = (Role.OFFICIAL, Role.ADMINISTRATOR)
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


class CodeRefused(Exception):
    """A code was not accepted: `reason` is "wrong" or "throttled"; `message` says so in the active language."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Verified:
    device: TOTPDevice | StaticDevice
    recovery_codes_left: int | None  # None when the authenticator app was used


def second_factor_required(user) -> bool:
    """Superusers and holders of the official or administrator role must pass a second factor."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or any(user.has_role(role) for role in ROLES_NEEDING_SECOND_FACTOR)


def authenticator_of(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def authenticator_setup_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator this user is setting up; created with a new random secret on the first call
    and reused afterwards, so that reloading the setup page keeps the QR code already scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def authenticator_setup_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm `device` with a code it produced. Side effects: the device becomes the user's authenticator, any
    other unconfirmed one is deleted, and a fresh set of recovery codes replaces the old; returns those codes.
    Raises CodeRefused (after counting a failure against the device) when the code is wrong."""
    wrong = _("That code is not valid. Enter the 6-digit code the app shows now.")
    with transaction.atomic():
        # Locked, and still unconfirmed: of two submissions at once, only the first confirms it.
        device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
        refusal = CodeRefused("wrong", wrong) if device is None else _attempt(device, _normalise(code), wrong=wrong)
        if refusal is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            return recovery_codes_generate(user=user)
    # Raised outside the transaction, which must keep the failure django-otp counted for throttling.
    raise refusal


def recovery_codes_generate(*, user: User) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones and return them. Side effect: every
    earlier code stops working."""
    with transaction.atomic():
        # The device itself stays: a session that signed in with a recovery code stays verified through it.
        device = StaticDevice.objects.filter(user=user).order_by("pk").first()
        if device is None:
            device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_verify(*, user: User, code: str) -> Verified:
    """Check a code from the authenticator app (6 digits) or a recovery code (8 letters and digits). Side effects:
    a recovery code is used up; a wrong code counts a failure against the device it was meant for, which then
    refuses every code for 1, 2, 4, ... seconds. Raises CodeRefused."""
    code = _normalise(code)
    from_app = len(code) == 6 and code.isdigit()
    wrong = _("That code is not valid. Enter the 6-digit code your authenticator app shows now, or a recovery code.")
    with transaction.atomic():
        devices = (TOTPDevice if from_app else StaticDevice).objects.devices_for_user(user, confirmed=True)
        device = devices.select_for_update().order_by("pk").first()
        refusal = CodeRefused("wrong", wrong) if device is None else _attempt(device, code, wrong=wrong)
    if refusal is not None:
        raise refusal  # outside the transaction, which must keep the failure counted for throttling
    return Verified(device=device, recovery_codes_left=None if from_app else device.token_set.count())


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code in a data: URI (the policy allows data: images and no
    inline style; the SVG carries none)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps expect it typed: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def _normalise(code: str) -> str:
    # People type codes with the spaces or dashes their app or printout shows; recovery codes are lower case.
    return "".join(code.split()).replace("-", "").lower()


def _attempt(device, code: str, *, wrong: str) -> CodeRefused | None:
    """None when `device` accepts `code`; else the refusal: too soon after failures, or a wrong code."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return CodeRefused("throttled", _throttled_message(details))
    return None if device.verify_token(code) else CodeRefused("wrong", wrong)


def _throttled_message(details: dict | None) -> str:
    locked_until = (details or {}).get("locked_until")
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds())) if locked_until else 1
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second, then try again.",
        "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
        seconds,
    ) % {"seconds": seconds}
