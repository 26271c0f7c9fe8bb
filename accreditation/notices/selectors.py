from django.db.models import QuerySet

from accreditation.notices.models import Notice


def inbox_of(user) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user).order_by("-created", "-pk")


def unread_notice_count(user) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()
