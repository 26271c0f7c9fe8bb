"""The development evaluation score: declared per year by a verified member with its evidence, verified or rejected
by park officials, read by nobody outside the enterprise and the park."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from enterprises.development_scores import (
    development_score_declare,
    development_score_reject,
    development_score_verify,
)
from enterprises.models import DevelopmentScore, MembershipStatus, ScoreState

from .factories import PLATFORM_PAGE, DevelopmentScoreFactory, EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def page(name: str = "score.pdf", content: bytes = PLATFORM_PAGE) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def enterprise(enterprise_user):
    enterprise = EnterpriseFactory()
    MembershipFactory(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    return enterprise


def url(enterprise, name="enterprises:development_scores", **kwargs) -> str:
    return reverse(name, kwargs={"pk": enterprise.pk, **kwargs})


# --- services --------------------------------------------------------------------------------------------------


def test_a_member_declares_a_years_score_with_its_evidence(enterprise, enterprise_user):
    score = development_score_declare(
        enterprise=enterprise, actor=enterprise_user, year=TODAY.year, score=Decimal("62.5"), evidence=page()
    )

    score.refresh_from_db()
    assert (score.year, score.score, score.state, score.declared_by) == (
        TODAY.year,
        Decimal("62.50"),
        ScoreState.DECLARED,
        enterprise_user,
    )
    assert score.evidence_name == "score.pdf"
    assert score.evidence.read() == PLATFORM_PAGE
    assert score.history.count() == 1


def test_the_first_declaration_of_a_year_needs_its_evidence(enterprise, enterprise_user):
    with pytest.raises(ValidationError) as error:
        development_score_declare(enterprise=enterprise, actor=enterprise_user, year=TODAY.year, score=Decimal(60))

    assert "evidence" in error.value.message_dict
    assert DevelopmentScore.objects.count() == 0


def test_evidence_must_be_a_pdf_or_an_image_whose_content_matches_its_name(enterprise, enterprise_user):
    for upload, message in (
        (page("score.docx"), "Upload the platform's page as a PDF, JPEG or PNG file."),
        (page("score.png"), "The content of this file is not PNG."),
    ):
        with pytest.raises(ValidationError) as error:
            development_score_declare(
                enterprise=enterprise, actor=enterprise_user, year=TODAY.year, score=Decimal(60), evidence=upload
            )
        assert error.value.message_dict["evidence"] == [message]
    assert DevelopmentScore.objects.count() == 0


def test_a_score_is_declared_only_for_the_years_the_engine_may_read(enterprise, enterprise_user):
    with pytest.raises(ValidationError) as error:
        development_score_declare(
            enterprise=enterprise, actor=enterprise_user, year=TODAY.year + 1, score=Decimal(60), evidence=page()
        )

    assert list(error.value.message_dict) == ["year"]


def test_a_pending_member_or_an_official_cannot_declare(enterprise, official, make_user):
    from portal.core.roles import Role

    pending = make_user(Role.ENTERPRISE)
    MembershipFactory(user=pending, enterprise=enterprise, status=MembershipStatus.PENDING)
    for actor in (pending, official):
        with pytest.raises(PermissionDenied):
            development_score_declare(
                enterprise=enterprise, actor=actor, year=TODAY.year, score=Decimal(60), evidence=page()
            )


def test_an_official_verifies_a_score(enterprise, official):
    score = DevelopmentScoreFactory(enterprise=enterprise, year=TODAY.year)

    development_score_verify(score_id=score.pk, actor=official, seen_declared_at=score.declared_at)

    score.refresh_from_db()
    assert (score.state, score.verified_by, score.reject_reason) == (ScoreState.VERIFIED, official, "")


def test_a_rejection_needs_a_reason(enterprise, official):
    score = DevelopmentScoreFactory(enterprise=enterprise, year=TODAY.year)
    with pytest.raises(ValidationError):
        development_score_reject(score_id=score.pk, actor=official, reason="  ")

    development_score_reject(score_id=score.pk, actor=official, reason="The page shows 2025, not 2026.")

    score.refresh_from_db()
    assert (score.state, score.reject_reason) == (ScoreState.REJECTED, "The page shows 2025, not 2026.")


def test_an_enterprise_member_cannot_verify_its_own_score(enterprise, enterprise_user):
    score = DevelopmentScoreFactory(enterprise=enterprise)

    with pytest.raises(PermissionDenied):
        development_score_verify(score_id=score.pk, actor=enterprise_user)

    score.refresh_from_db()
    assert score.state == ScoreState.DECLARED


def test_a_verified_score_the_enterprise_changes_goes_back_to_declared(enterprise, enterprise_user, official):
    score = DevelopmentScoreFactory(enterprise=enterprise, year=TODAY.year, score=Decimal("55"))
    development_score_verify(score_id=score.pk, actor=official)

    unchanged = development_score_declare(
        enterprise=enterprise, actor=enterprise_user, year=TODAY.year, score=Decimal("55.00")
    )
    assert unchanged.state == ScoreState.VERIFIED  # saving the same score changes nothing

    changed = development_score_declare(
        enterprise=enterprise, actor=enterprise_user, year=TODAY.year, score=Decimal("71")
    )

    changed.refresh_from_db()
    assert (changed.score, changed.state, changed.verified_by, changed.verified_at) == (
        Decimal("71.00"),
        ScoreState.DECLARED,
        None,
        None,
    )
    assert [record.state for record in changed.history.order_by("history_date")] == [
        ScoreState.DECLARED,
        ScoreState.VERIFIED,
        ScoreState.DECLARED,
    ]


def test_an_official_cannot_verify_a_score_changed_since_they_opened_it(enterprise, official):
    score = DevelopmentScoreFactory(enterprise=enterprise)
    seen = score.declared_at - datetime.timedelta(minutes=5)

    with pytest.raises(ValidationError) as error:
        development_score_verify(score_id=score.pk, actor=official, seen_declared_at=seen)

    assert error.value.messages == ["The enterprise changed this score after you opened the page; check it again."]


# --- pages -----------------------------------------------------------------------------------------------------


def test_a_member_declares_on_the_page_and_sees_it_waiting_for_verification(client, enterprise, enterprise_user):
    client.force_login(enterprise_user)

    response = client.post(
        url(enterprise), {"year": TODAY.year, "score": "62.5", "evidence": page("平台截图.png", PNG)}, follow=True
    )

    score = DevelopmentScore.objects.get(enterprise=enterprise)
    assert (score.score, score.state, score.evidence_name) == (Decimal("62.50"), ScoreState.DECLARED, "平台截图.png")
    text = response.content.decode()
    assert f"The score of {TODAY.year} is declared: 62.5." in text
    assert "Declared, not yet verified" in text
    assert 'data-testid="verify-' not in text  # a member has no verify button


def test_a_bad_score_keeps_what_was_typed_and_says_what_is_wrong(client, enterprise, enterprise_user):
    client.force_login(enterprise_user)

    response = client.post(url(enterprise), {"year": TODAY.year, "score": "101", "evidence": page()})

    assert response.status_code == 400
    assert response.context["form"].errors == {"score": ["Ensure this value is less than or equal to 100."]}
    assert 'value="101"' in response.content.decode()
    assert DevelopmentScore.objects.count() == 0


def test_a_non_member_gets_404_for_the_page_and_the_evidence(client, enterprise, make_user):
    from portal.core.roles import Role

    score = DevelopmentScoreFactory(enterprise=enterprise)
    client.force_login(make_user(Role.ENTERPRISE))

    assert client.get(url(enterprise)).status_code == 404
    assert client.get(url(enterprise, "enterprises:development_score_evidence", score_pk=score.pk)).status_code == 404


def test_a_member_posting_a_verification_gets_404_and_nothing_changes(client, enterprise, enterprise_user):
    score = DevelopmentScoreFactory(enterprise=enterprise)
    client.force_login(enterprise_user)

    response = client.post(url(enterprise, "enterprises:development_score_verify", score_pk=score.pk))

    assert response.status_code == 404
    score.refresh_from_db()
    assert score.state == ScoreState.DECLARED


def test_an_official_downloads_the_evidence_and_verifies_from_the_page(client, enterprise, official):
    score = DevelopmentScoreFactory(enterprise=enterprise, year=TODAY.year, evidence_name="platform.pdf")
    client.force_login(official)

    listing = client.get(url(enterprise)).content.decode()
    evidence = client.get(url(enterprise, "enterprises:development_score_evidence", score_pk=score.pk))
    response = client.post(
        url(enterprise, "enterprises:development_score_verify", score_pk=score.pk),
        {"seen": score.declared_at.isoformat()},
        follow=True,
    )

    assert f'data-testid="verify-{TODAY.year}"' in listing
    assert evidence["Content-Disposition"] == 'attachment; filename="platform.pdf"'
    assert b"".join(evidence.streaming_content) == PLATFORM_PAGE
    assert f"The score of {TODAY.year} is verified." in response.content.decode()
    score.refresh_from_db()
    assert score.state == ScoreState.VERIFIED


def test_the_page_reads_as_many_queries_for_fifty_scores_as_for_one(client, enterprise, official):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    DevelopmentScoreFactory(enterprise=enterprise, year=2000, declared_by=official)
    client.force_login(official)
    client.get(url(enterprise))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(enterprise)).status_code == 200
        return len(queries)

    one = count()
    for year in range(2001, 2050):
        score = DevelopmentScoreFactory(enterprise=enterprise, year=year, declared_by=official)
        development_score_verify(score_id=score.pk, actor=official)
    assert count() == one
