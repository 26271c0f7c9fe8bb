"""Messages of Django itself whose text changed in a Django release before its Chinese catalogue caught up.

Django 5.2's MinimumLengthValidator says "at least %d characters", while Django's own zh_Hans catalogue still
translates only the older "%(min_length)d" wording, so registration showed that one rule in English. Naming the
message here brings it into the portal's catalogue (LOCALE_PATHS come before Django's own) with its translation.
"""

from django.utils.translation import ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
