"""Test plumbing of the second factor, kept visible here: production code has no bypass.

Officials, administrators and superusers made by the shared fixtures (conftest.py) carry a confirmed
authenticator whose key is TEST_TOTP_KEY, so a test computes its codes like the person's phone would.
`SignedInClient.force_login` (the `client` fixture) marks the session as having passed the second factor with
that device, as the real two-step sign-in does; pass `second_factor=False` to get a session that still owes it.
"""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.twofactor import authenticator_of, second_factor_required

# RFC 6238's test secret ("12345678901234567890"), hex-encoded as django-otp stores keys.
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def give_authenticator(user) -> TOTPDevice:
    """The user's confirmed authenticator, created with the known test key if they have none."""
    return authenticator_of(user) or TOTPDevice.objects.create(
        user=user, name="Test authenticator", key=TEST_TOTP_KEY, confirmed=True
    )


def code_for(device: TOTPDevice) -> str:
    """A code `device` accepts now, as its owner's app would show it. django-otp accepts each time step once and
    tolerates one step of clock difference: this is the current step's code, or the next step's when the current
    one was already used (a second sign-in within 30 seconds); it waits for the clock when even that was used."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    while device.last_t + 1 > totp.t() + device.tolerance:
        time.sleep(0.5)
    step = max(totp.t(), device.last_t + 1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def mark_verified(client: Client, user) -> None:
    """Record in the client's session that `user` passed the second factor with their authenticator (created
    with the test key when a user who must have one has none, e.g. a role given later in the test)."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = give_authenticator(user).persistent_id
    session.save()


class SignedInClient(Client):
    """Django's test client whose `force_login` signs in completely: password step and, for people who must
    use it, the second factor."""

    def force_login(self, user, backend=None, *, second_factor: bool = True):
        super().force_login(user, backend)
        if second_factor and second_factor_required(user):
            mark_verified(self, user)
