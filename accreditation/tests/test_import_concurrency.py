"""Confirming the same import twice at once (a double click, two officials): one applies it, the other is told.
Needs PostgreSQL (row locks); skipped on SQLite, a failure under REQUIRE_SERVICES=1."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from accreditation.models import Accreditation, AccreditationImport
from accreditation.tests.lists import miit_row, xlsx_bytes
from enterprises.tests.factories import EnterpriseFactory
from portal.core.roles import Role
from portal.tests.second_factor import SignedInClient


def post_at_once(clients, url) -> list:
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def run(index, client):
        try:
            barrier.wait(timeout=10)
            responses[index] = client.post(url)
        except Exception as error:  # the outcome under test
            responses[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_import_the_list_once(postgres, reference_data, make_user):
    first, second = make_user(Role.OFFICIAL), make_user(Role.OFFICIAL)
    clients = []
    for official in (first, second):
        client = SignedInClient(raise_request_exception=False)
        client.force_login(official)
        clients.append(client)
    enterprises = EnterpriseFactory.create_batch(30)
    data = xlsx_bytes([miit_row(enterprise) for enterprise in enterprises])
    clients[0].post(reverse("accreditation:import_upload"), {"file": SimpleUploadedFile("miit.xlsx", data)})
    batch = AccreditationImport.objects.get()

    responses = post_at_once(clients, reverse("accreditation:import_confirm", kwargs={"pk": batch.pk}))

    assert sorted(response.status_code for response in responses) == [302, 302], responses
    told = sorted(str(message) for response in responses for message in get_messages(response.wsgi_request))
    assert told == [
        "Imported: 30 records created, 0 stub profiles created, 0 already on record.",
        "This list was already imported.",
    ]
    assert Accreditation.objects.count() == 30
