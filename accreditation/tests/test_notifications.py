"""Every producer delivers through one component: once per user and key, in the recipient's language, with an
email; and one service marks a user's own notices read."""

import pytest
from django.utils import translation

from accreditation.notices.models import Notice, NoticeKind
from accreditation.notices.services import in_language, notice_deliver, notices_mark_read

pytestmark = pytest.mark.django_db


def test_a_notice_reaches_its_user_once_per_key_with_one_email(make_user, mailoutbox):
    user = make_user(email="li.na@example.com")
    first = notice_deliver(user=user, kind=NoticeKind.SUBMITTED, key="event:1", subject="Submitted", body="Body")
    again = notice_deliver(user=user, kind=NoticeKind.SUBMITTED, key="event:1", subject="Submitted", body="Body")

    assert (first, again) == (1, 0)
    assert Notice.objects.filter(user=user).count() == 1
    assert [message.to for message in mailoutbox] == [["li.na@example.com"]]


def test_texts_are_rendered_in_the_recipients_language(make_user):
    user = make_user(language="zh-hans")
    with translation.override("en"), in_language(user):
        assert translation.get_language() == "zh-hans"


def test_marking_read_touches_only_the_users_own_unread_notices(make_user):
    reader, other = make_user(), make_user()
    for index, user in enumerate((reader, reader, other)):
        notice_deliver(user=user, kind=NoticeKind.SUBMITTED, key=f"event:{index}", subject="s", body="b")
    mine = list(Notice.objects.filter(user=reader).order_by("pk"))
    theirs = Notice.objects.get(user=other)

    assert notices_mark_read(user=reader, notice_ids=[mine[0].pk, theirs.pk]) == 1
    assert notices_mark_read(user=reader) == 1
    assert notices_mark_read(user=reader) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
