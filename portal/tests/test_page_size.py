"""Staff lists serve at most a hundred rows a page, whatever `?per_page` asks; nonsense gives the usual page."""

import pytest
from django.urls import reverse

from enterprises.tests.factories import EnterpriseFactory
from portal.core.tables import MAX_PER_PAGE

pytestmark = pytest.mark.django_db

LISTS = ["enterprises:list", "accreditation:list", "applications:queue", "accreditation:alerts"]


@pytest.fixture
def staff_client(client, official):
    client.force_login(official)
    return client


@pytest.mark.parametrize("url_name", LISTS)
@pytest.mark.parametrize("asked", ["-1", "0", "lots", "1e9", ""])
def test_a_page_size_that_is_no_size_gives_the_usual_page(staff_client, url_name, asked):
    response = staff_client.get(reverse(url_name), {"per_page": asked})

    assert response.status_code == 200
    assert response.context["table"].paginator.per_page == 50


@pytest.mark.parametrize("url_name", LISTS)
def test_a_huge_page_size_is_cut_to_the_largest_page(staff_client, url_name):
    response = staff_client.get(reverse(url_name), {"per_page": "60000"})

    assert response.status_code == 200
    assert response.context["table"].paginator.per_page == MAX_PER_PAGE


def test_the_enterprise_list_shows_no_more_than_the_largest_page(staff_client):
    EnterpriseFactory.create_batch(MAX_PER_PAGE + 5)

    response = staff_client.get(reverse("enterprises:list"), {"per_page": "60000"})

    assert len(response.context["table"].page.object_list) == MAX_PER_PAGE
    assert response.context["table"].paginator.num_pages == 2


def test_a_size_within_bounds_is_kept(staff_client):
    response = staff_client.get(reverse("enterprises:list"), {"per_page": "20"})

    assert response.context["table"].paginator.per_page == 20
