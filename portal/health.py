"""Probes of the services the portal depends on, for /healthz."""

from django.conf import settings
from django.db import DatabaseError, connection


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "down"
    return "up"


def broker_state() -> str:
    """'up' or 'down' for the Redis broker, 'eager' when none is configured (tasks run in-process)."""
    if not settings.REDIS_URL:
        return "eager"
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except redis.RedisError:
        return "down"
    finally:
        if "client" in locals():
            client.close()
    return "up"
