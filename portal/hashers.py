"""Password hashing: Argon2id with parameters sized for a web server that signs people in on two cores."""

from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher


class Argon2PasswordHasher(DjangoArgon2PasswordHasher):
    """Argon2id, 19 MiB, 2 passes, 1 lane: the OWASP Password Storage Cheat Sheet's recommended configuration.

    Django's defaults (100 MiB, 2 passes, 8 lanes) cost 230 ms of CPU per sign-in here and spread over both cores,
    so each sign-in stalled every other request for a tenth of a second, and a few sign-in attempts a second were
    enough to saturate the server. These cost 23 ms on one core (benchmarks/README.md, "Load test").
    The algorithm keeps Django's name, so hashes made with the old parameters still verify, and are rehashed
    with these at the person's next sign-in."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
