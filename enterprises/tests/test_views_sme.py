"""Pages an enterprise keeps: claiming, my enterprise, the profile in sections, yearly figures and records."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from enterprises.models import AnnualFigures, Enterprise, IPItem, IPType, Membership, MembershipStatus
from enterprises.selectors import PROFILE_FIELDS_FOR_EVALUATION, evaluation_years

from .factories import AnnualFiguresFactory, EnterpriseFactory, IPItemFactory, MembershipFactory, suzhou_uscc

pytestmark = pytest.mark.django_db

NEW_CODE = suzhou_uscc(987654321)
FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


@pytest.fixture
def member(client, enterprise_user):
    """The enterprise user, signed in, verified member of one enterprise."""
    enterprise = EnterpriseFactory()
    MembershipFactory(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    client.force_login(enterprise_user)
    return enterprise


def page_text(response) -> str:
    return response.content.decode()


def with_proof(data: dict) -> dict:
    """A claim's fields plus what every claim carries: the role and a licence (a real PDF header)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    licence = SimpleUploadedFile("licence.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    return {**data, "role": "legal_rep", "licence": licence}


# --- claim ------------------------------------------------------------------------------------------
def test_a_new_code_typed_with_spaces_lower_case_and_full_width_creates_the_profile(client, enterprise_user):
    client.force_login(enterprise_user)
    typed = f" {NEW_CODE[:6]} {NEW_CODE[6:].lower().translate(FULL_WIDTH)} "

    response = client.post(
        reverse("enterprises:claim"), with_proof({"uscc": typed, "name_zh": "苏州新芯微电子有限公司"}), follow=True
    )

    enterprise = Enterprise.objects.get(uscc=NEW_CODE)
    membership = Membership.objects.get(user=enterprise_user)
    assert (membership.enterprise, membership.status) == (enterprise, MembershipStatus.PENDING)
    assert enterprise.name_zh == "苏州新芯微电子有限公司"
    assert "A park official will check your proof; until the claim is verified" in page_text(response)
    assert response.redirect_chain[-1][0] == reverse("enterprises:my_claim", kwargs={"pk": membership.pk})
    assert membership.proofs.get().original_name == "licence.pdf"


def test_a_new_code_without_a_name_asks_for_it_and_keeps_the_code(client, enterprise_user):
    client.force_login(enterprise_user)

    response = client.post(reverse("enterprises:claim"), with_proof({"uscc": NEW_CODE, "name_zh": ""}))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name_zh": ["This enterprise is new to the portal: enter its registered name in Chinese."]
    }
    assert f'value="{NEW_CODE}"' in page_text(response)
    assert (Enterprise.objects.count(), Membership.objects.count()) == (0, 0)


def test_a_mistyped_code_says_which_character_is_wrong(client, enterprise_user):
    client.force_login(enterprise_user)
    wrong = NEW_CODE[:17] + ("0" if NEW_CODE[17] != "0" else "1")

    response = client.post(reverse("enterprises:claim"), {"uscc": wrong, "name_zh": "某公司"})

    assert response.context["form"].errors["uscc"] == [
        f"The check character (the 18th) should be “{NEW_CODE[17]}” but is “{wrong[17]}”: "
        "one of the characters was probably mistyped."
    ]
    assert Enterprise.objects.count() == 0


def test_claiming_a_known_enterprise_asks_to_join_it(client, enterprise_user):
    enterprise = EnterpriseFactory()
    client.force_login(enterprise_user)

    client.post(reverse("enterprises:claim"), with_proof({"uscc": enterprise.uscc}))

    assert Membership.objects.get(user=enterprise_user).enterprise == enterprise
    assert Enterprise.objects.count() == 1


def test_claiming_twice_says_the_claim_is_waiting(client, enterprise_user):
    enterprise = EnterpriseFactory()
    MembershipFactory(user=enterprise_user, enterprise=enterprise)
    client.force_login(enterprise_user)

    response = client.post(reverse("enterprises:claim"), with_proof({"uscc": enterprise.uscc}))

    assert response.context["form"].errors["uscc"] == [
        "You have already claimed this enterprise; a park official will verify the claim."
    ]


# --- my enterprise ----------------------------------------------------------------------------------
def test_my_enterprise_lists_what_is_missing_and_the_annual_update(client, member):
    response = client.get(reverse("enterprises:mine"))

    (card,) = response.context["cards"]
    codes = [item.code for item in card["completeness"].missing]
    year = timezone.localdate().year - 1
    assert f"figures.{year}" in codes
    assert "profile.main_products" in codes
    assert card["update"].year == year
    assert '<progress id="completeness-' in page_text(response)
    assert f"Figures for {year}" in page_text(response)


def test_a_rejected_claim_shows_its_reason_and_no_links(client, enterprise_user):
    enterprise = EnterpriseFactory()
    MembershipFactory(
        user=enterprise_user, enterprise=enterprise, status=MembershipStatus.REJECTED, reject_reason="Wrong person"
    )
    client.force_login(enterprise_user)

    response = client.get(reverse("enterprises:mine"))

    assert "Your claim was rejected: Wrong person." in page_text(response)
    assert reverse("enterprises:figures", kwargs={"pk": enterprise.pk}) not in page_text(response)


# --- profile ----------------------------------------------------------------------------------------
def test_a_section_saves_through_the_service_and_records_who(client, member, enterprise_user):
    url = reverse("enterprises:edit_section", kwargs={"pk": member.pk, "section": "digital"})

    response = client.post(url, {"digital_level": "3", "core_business_on_it": "5", "compliance_ok": "true"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.digital_level, member.core_business_on_it, member.compliance_ok) == (3, 5, True)
    assert member.history.first().history_user == enterprise_user


def test_a_rule_about_another_section_reaches_the_user_instead_of_a_500(client, member):
    # niche_since is 2016 (industry section); a registration in 2020 contradicts it.
    url = reverse("enterprises:edit_section", kwargs={"pk": member.pk, "section": "identity"})
    data = {"name_zh": member.name_zh, "registration_date": "2020-01-01", "district": "320571"}

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "In the niche market since (year): The enterprise cannot have entered its niche market before it was "
        "registered."
    ]
    assert 'value="2020-01-01"' in page_text(response)
    member.refresh_from_db()
    assert member.registration_date is None


def test_an_industry_code_is_folded_and_sets_the_sector(client, member):
    url = reverse("enterprises:edit_section", kwargs={"pk": member.pk, "section": "industry"})

    response = client.post(url, {"industry_code": "\uff43 3511", "niche_market": "Pumps", "niche_since": "2016"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.industry_code, member.sector.code) == ("C3511", "35")


def test_an_industry_code_in_the_wrong_section_says_where_it_belongs(client, member):
    url = reverse("enterprises:edit_section", kwargs={"pk": member.pk, "section": "industry"})

    response = client.post(url, {"industry_code": "C01", "niche_market": "Rice", "niche_since": "2016"})

    assert response.context["form"].errors["industry_code"] == ["Division 01 belongs to section A, not C."]


def test_an_unknown_section_is_not_found(client, member):
    response = client.get(reverse("enterprises:edit_section", kwargs={"pk": member.pk, "section": "secrets"}))

    assert response.status_code == 404


# --- yearly figures ---------------------------------------------------------------------------------
def figures_data(year: int, **overrides) -> dict:
    values = {
        "revenue": "150000000",
        "main_business_revenue": "135000000",
        "main_business_cost": "81000000",
        "total_profit": "18000000",
        "net_profit": "15300000",
        "total_assets": "195000000",
        "total_liabilities": "78000000",
        "taxes": "7500000",
        "exports": "30000000",
        "employees": "180",
        "rd_employees": "45",
        "rd_expense": "7500000",
        "equity_financing": "0",
    } | overrides
    return {"year": str(year), **{f"y{year}-{name}": value for name, value in values.items()}}


def test_the_figures_page_has_one_form_per_completed_year(client, member):
    response = client.get(reverse("enterprises:figures", kwargs={"pk": member.pk}))

    assert [year for year, _form, _on_record in response.context["forms"]] == list(
        evaluation_years(timezone.localdate())
    )


def test_figures_of_a_year_are_saved(client, member, enterprise_user):
    year = timezone.localdate().year - 1

    response = client.post(reverse("enterprises:figures", kwargs={"pk": member.pk}), figures_data(year))

    assert response.status_code == 302
    row = AnnualFigures.objects.get(enterprise=member, year=year)
    assert (row.revenue, row.rd_employees) == (Decimal("150000000"), 45)
    assert row.history.first().history_user == enterprise_user


def test_inconsistent_figures_explain_themselves_and_keep_what_was_typed(client, member):
    year = timezone.localdate().year - 2
    data = figures_data(year, main_business_revenue="160000000", rd_employees="200", taxes="-5")

    response = client.post(reverse("enterprises:figures", kwargs={"pk": member.pk}), data)

    assert response.status_code == 200
    form = {y: f for y, f, _ in response.context["forms"]}[year]
    assert form.errors == {
        "main_business_revenue": [
            "Main-business revenue (160000000 yuan) cannot exceed revenue (150000000 yuan): "
            "it is the part of revenue earned from the main business."
        ],
        "rd_employees": ["R&D staff (200) cannot exceed staff (180): R&D staff are counted among all staff."],
        "taxes": ["Taxes paid (yuan) cannot be negative."],
    }
    assert 'value="160000000"' in page_text(response)
    assert AnnualFigures.objects.count() == 0


def test_three_years_typed_are_saved_by_one_submit(client, member):
    years = evaluation_years(timezone.localdate())
    data = {}
    for offset, year in enumerate(years):
        data |= figures_data(year, employees=str(180 + offset))

    response = client.post(reverse("enterprises:figures", kwargs={"pk": member.pk}), data)

    assert response.status_code == 302
    saved = dict(AnnualFigures.objects.filter(enterprise=member).values_list("year", "employees"))
    assert saved == {year: 180 + offset for offset, year in enumerate(years)}


def test_one_refused_figure_saves_no_year_and_keeps_every_typed_value(client, member):
    latest, middle, oldest = evaluation_years(timezone.localdate())
    data = figures_data(latest, revenue="111111111", main_business_revenue="100000000")
    data |= figures_data(middle, taxes="-5")
    data |= figures_data(oldest, revenue="333333333", main_business_revenue="300000000")

    response = client.post(reverse("enterprises:figures", kwargs={"pk": member.pk}), data)

    assert response.status_code == 200
    forms = {year: form for year, form, _ in response.context["forms"]}
    assert (list(forms[latest].errors), list(forms[middle].errors), list(forms[oldest].errors)) == ([], ["taxes"], [])
    assert 'value="111111111"' in page_text(response)
    assert 'value="333333333"' in page_text(response)
    assert "Nothing is saved yet" in page_text(response)
    assert AnnualFigures.objects.count() == 0


def test_figures_of_a_year_outside_the_three_are_refused(client, member):
    data = figures_data(timezone.localdate().year)

    response = client.post(reverse("enterprises:figures", kwargs={"pk": member.pk}), data, follow=True)

    assert "These figures are for a year that cannot be declared here." in page_text(response)
    assert AnnualFigures.objects.count() == 0


def test_completeness_reaches_100_when_profile_and_three_years_are_filled(client, member):
    today = timezone.localdate()
    for year in evaluation_years(today):
        AnnualFiguresFactory(enterprise=member, year=year)
    Enterprise.objects.filter(pk=member.pk).update(
        registration_date=datetime.date(2010, 1, 1),
        main_products="Chips",
        strategic_emerging=True,
        main_product_field="other",
        key_chain_link=False,
        digital_level=2,
        core_business_on_it=3,
        national_market_share=Decimal("5"),
        compliance_ok=True,
    )
    assert set(PROFILE_FIELDS_FOR_EVALUATION) >= {"registration_date", "compliance_ok"}

    response = client.get(reverse("enterprises:mine"))

    assert response.context["cards"][0]["completeness"].percent == 100
    assert response.context["cards"][0]["update"].state == "done"


# --- records ----------------------------------------------------------------------------------------
def test_an_ip_item_is_added_listed_and_removed(client, member):
    add = reverse("enterprises:item_add", kwargs={"pk": member.pk, "kind": "ip"})
    client.post(add, {"type": IPType.INVENTION_PATENT, "number": "ZL2021-1", "title": "Regulator", "in_use": "on"})
    item = IPItem.objects.get(enterprise=member)

    listing = client.get(reverse("enterprises:items", kwargs={"pk": member.pk, "kind": "ip"}))
    assert "ZL2021-1" in page_text(listing)
    assert 'data-confirm="Remove Invention patent ZL2021-1?"' in page_text(listing)

    delete = reverse("enterprises:item_delete", kwargs={"pk": member.pk, "kind": "ip", "item_pk": item.pk})
    assert client.get(delete).status_code == 405
    assert client.post(delete).status_code == 302
    assert IPItem.objects.count() == 0


def test_a_class_ii_item_cannot_be_high_value(client, member):
    add = reverse("enterprises:item_add", kwargs={"pk": member.pk, "kind": "ip"})

    response = client.post(
        add, {"type": IPType.UTILITY_MODEL, "number": "ZL2021-2", "title": "Clip", "high_value": "on"}
    )

    assert response.context["form"].errors == {
        "high_value": ["Only class-I IP (such as invention patents) can be high-value."]
    }
    assert IPItem.objects.count() == 0


def test_a_duplicate_ip_number_is_refused_with_a_message(client, member):
    IPItemFactory(enterprise=member, number="ZL-7")
    add = reverse("enterprises:item_add", kwargs={"pk": member.pk, "kind": "ip"})

    response = client.post(add, {"type": IPType.INVENTION_PATENT, "number": "ZL-7", "title": "Again"})

    assert response.context["form"].non_field_errors() == ["This IP item has already been entered."]
    assert IPItem.objects.count() == 1


@pytest.mark.parametrize("kind", ["ip", "certificates", "awards", "institutions", "brands", "titles", "standards"])
def test_every_kind_of_record_has_its_pages(client, member, kind):
    assert client.get(reverse("enterprises:items", kwargs={"pk": member.pk, "kind": kind})).status_code == 200
    assert client.get(reverse("enterprises:item_add", kwargs={"pk": member.pk, "kind": kind})).status_code == 200


def test_the_pages_read_in_chinese(client, member):
    response = client.get(reverse("enterprises:mine"), HTTP_ACCEPT_LANGUAGE="zh-CN")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"
