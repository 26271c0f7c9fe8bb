"""The client's address, the one sign-in lockout keys on and the security log names.

Behind reverse proxies REMOTE_ADDR is the nearest proxy's address, so every sign-in would share it and anyone
could lock anyone out. `DJANGO_PROXY_COUNT` says how many proxies we run in front of the portal; each appends
the address it saw to X-Forwarded-For, so the client is the entry that many places from the right. Entries
further left are whatever the client sent and are never trusted. django-ipware does the parsing (IPv6,
ports, malformed chains).
"""

from django.conf import settings
from ipware import get_client_ip


def client_ip(request) -> str | None:
    """The address of whoever sent `request` (None if none can be told); django-axes calls this too."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    # ipware counts the proxies listed in the header; the nearest of ours is REMOTE_ADDR, not in the header.
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or remote
