"""Who changed what is kept for good: a person who appears in a history is deactivated, never deleted, and the
history rows themselves cannot be changed in the database."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accreditation.tests.factories import AccreditationFactory
from enterprises.models import Enterprise, Membership, MembershipStatus
from enterprises.tests.factories import EnterpriseFactory
from portal.models import User

pytestmark = pytest.mark.django_db


def changed_by(instance, user):
    instance._history_user = user  # who django-simple-history records, as a request's user would be
    instance.save()
    return instance.history.latest()


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.mark.parametrize("history", ["enterprise", "membership", "accreditation"])
def test_deleting_a_person_in_a_history_is_refused_with_a_clear_message(admin_client, official, history):
    if history == "enterprise":
        record = changed_by(EnterpriseFactory(), official)
    elif history == "membership":
        record = changed_by(
            Membership(user=official, enterprise=EnterpriseFactory(), status=MembershipStatus.PENDING), official
        )
    else:
        record = changed_by(AccreditationFactory(), official)
    url = reverse("admin:portal_user_delete", args=[official.pk])

    page = admin_client.get(url)
    response = admin_client.post(url, {"post": "yes"})

    assert page.status_code == 200
    assert "cannot be deleted: the record keeps who did what" in page.content.decode()
    assert response.status_code == 200
    assert User.objects.filter(pk=official.pk).exists()
    record.refresh_from_db()
    assert record.history_user_id == official.pk


def test_the_bulk_delete_action_is_refused_the_same_way(admin_client, official):
    changed_by(EnterpriseFactory(), official)

    response = admin_client.post(
        reverse("admin:portal_user_changelist"),
        {"action": "delete_selected", "_selected_action": [official.pk], "post": "yes"},
    )

    assert response.status_code == 200
    assert User.objects.filter(pk=official.pk).exists()


def test_the_deactivate_action_keeps_the_account_and_its_history(admin_client, official):
    record = changed_by(EnterpriseFactory(), official)

    response = admin_client.post(
        reverse("admin:portal_user_changelist"),
        {"action": "deactivate", "_selected_action": [official.pk]},
        follow=True,
    )

    official.refresh_from_db()
    assert official.is_active is False
    assert "1 account deactivated." in response.content.decode()
    record.refresh_from_db()
    assert record.history_user_id == official.pk


def test_a_person_in_no_history_can_still_be_deleted(admin_client, make_user):
    newcomer = make_user()

    admin_client.post(reverse("admin:portal_user_delete", args=[newcomer.pk]), {"post": "yes"})

    assert not User.objects.filter(pk=newcomer.pk).exists()


@pytest.mark.services
@pytest.mark.parametrize("statement", ["UPDATE {table} SET name_zh = 'rewritten'", "DELETE FROM {table}"])
def test_enterprise_history_rows_cannot_be_changed_in_the_database(postgres, official, statement):
    changed_by(EnterpriseFactory(), official)
    table = Enterprise.history.model._meta.db_table

    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(table=table))

    assert Enterprise.history.filter(name_zh="rewritten").count() == 0
