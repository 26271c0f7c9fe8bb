"""The Little Giants portal: project package and the cross-cutting app (accounts, roles, home, health)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
