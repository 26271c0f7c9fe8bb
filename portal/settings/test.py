"""The test suite: the database and broker come from the environment like everywhere else."""

from .base import *  # noqa: F403
from .base import PASSWORD_HASHERS

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
# Argon2 stays available (users seeded with it still sign in) but a fast hasher leads, so that
# factories do not spend a tenth of a second per user.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks in-process; tests of the real broker opt in to it explicitly.
CELERY_TASK_ALWAYS_EAGER = True
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# Uploaded files of a test run go to a throwaway folder.
import tempfile  # noqa: E402

PRIVATE_STORAGE["OPTIONS"]["location"] = tempfile.mkdtemp(prefix="portal-test-private-")  # noqa: F405
