"""The industry code is picked from GB/T 4754 by code or by words in either language; a bad code is refused with
its reason; and the profile is filled section after section."""

import pytest
from django.urls import reverse

from enterprises.forms import SECTIONS
from enterprises.gbt4754 import search_divisions

from .factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client, enterprise_user):
    from enterprises.models import MembershipStatus

    enterprise = EnterpriseFactory()
    MembershipFactory(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    client.force_login(enterprise_user)
    return enterprise


def codes(query: str) -> list[str]:
    return [code for code, _zh, _en in search_divisions(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("C39", "C39"),
        ("c3973", "C39"),
        ("39", "C39"),
        ("software", "I65"),
        ("Software information", "I65"),
        ("软件", "I65"),
        ("计算机", "C39"),
        ("manufacturing computer", "C39"),  # the section's words and the division's together
    ],
)
def test_a_division_is_found_by_code_or_words_in_either_language(query, expected):
    assert expected in codes(query)


def test_a_search_narrows_and_an_empty_one_lists_every_division():
    assert codes("软件")[0] == "I65"  # its own name first, then the rest of its section
    assert codes("no such industry") == []
    assert len(codes("")) == 97


def test_the_search_endpoint_answers_options_in_both_languages(client, member):
    response = client.get(reverse("enterprises:industry_search"), {"industry_code": "software"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<option value="I65">' in page and "软件和信息技术服务业" in page and "Software" in page
    assert page.index("I65") < page.index("I64") and "C39" not in page


def test_the_industry_field_offers_the_list_and_asks_the_search_as_one_types(client, member):
    page = client.get(reverse("enterprises:edit_section", kwargs={"pk": member.pk, "section": "industry"}))
    html = page.content.decode()
    assert 'list="industry-code-options"' in html and '<datalist id="industry-code-options">' in html
    assert f'hx-get="{reverse("enterprises:industry_search")}"' in html
    assert '<option value="C39">' in html


def test_an_unknown_division_is_refused_with_its_reason(client, member):
    url = reverse("enterprises:edit_section", kwargs={"pk": member.pk, "section": "industry"})
    response = client.post(url, {"industry_code": "C99", "niche_market": "Pumps", "niche_since": "2016"})
    assert response.status_code == 200
    assert response.context["form"].errors["industry_code"] == ["Division 99 does not exist in GB/T 4754-2017."]
    assert 'value="C99"' in response.content.decode()  # what was typed stays


def test_saving_a_section_opens_the_next_one(client, member):
    url = reverse("enterprises:edit_section", kwargs={"pk": member.pk, "section": "industry"})
    response = client.post(url, {"industry_code": "C3511", "niche_market": "Pumps", "niche_since": "2016"})
    keys = list(SECTIONS)
    following = keys[keys.index("industry") + 1]
    assert response.status_code == 302
    assert response.url == reverse("enterprises:edit_section", kwargs={"pk": member.pk, "section": following})


def test_saving_the_last_section_returns_to_the_enterprise(client, member):
    last = list(SECTIONS)[-1]
    url = reverse("enterprises:edit_section", kwargs={"pk": member.pk, "section": last})
    response = client.post(url, {"contact_name": "Li Na", "contact_phone": "0512-1234567", "contact_email": "a@b.cn"})
    assert response.status_code == 302
    assert response.url == reverse("enterprises:mine")
