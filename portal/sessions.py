"""Ending a person's sessions: a disabled account must not stay signed in anywhere."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone


def user_sessions_end(*, user_id: int) -> int:
    """Delete every stored session signed in as this user and return how many there were. Side effect: each of
    their browsers is anonymous from its next request on.

    Sessions hold the user id only inside their encoded data, so this reads every unexpired session once: a
    cost paid when an account is disabled, never on an ordinary request. With sessions that cannot be listed
    (signed cookies, a plain cache) nothing is deleted, and Django's ModelBackend still refuses the inactive user
    on their next request.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0
    decoder = store_class()
    keys = [
        session.session_key
        for session in store_class.get_model_class()
        .objects.filter(expire_date__gt=timezone.now())
        .only("session_key", "session_data")
        .iterator()
        if decoder.decode(session.session_data).get(SESSION_KEY) == str(user_id)
    ]
    for key in keys:
        store_class(session_key=key).delete()  # through the store, which also drops a cached copy
    return len(keys)
