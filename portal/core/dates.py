"""The portal's one "today": the date in the park's time zone (settings.TIME_ZONE), whatever the server's clock
zone. Deadlines, expiry windows and "last year" all turn on it; `date.today()` would read the server's zone and
move those by a day around midnight."""

import datetime

from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()
