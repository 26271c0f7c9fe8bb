"""What an enterprise hears of an official's decision on its development evaluation score, and what the decision
and a declaration set off: an inbox notice and an email per verified member, and a re-evaluation."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accreditation.eligibility.models import EligibilityAssessment
from accreditation.notices.models import Notice, NoticeKind
from accreditation.score_notices import notify_score_decided
from enterprises.development_scores import (
    development_score_declare,
    development_score_reject,
    development_score_verify,
)
from enterprises.models import MembershipStatus
from enterprises.tests.factories import PLATFORM_PAGE, DevelopmentScoreFactory, EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def enterprise(enterprise_user):
    enterprise = EnterpriseFactory()
    MembershipFactory(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    return enterprise


def test_a_verification_tells_each_verified_member_once(
    enterprise, enterprise_user, official, make_user, django_capture_on_commit_callbacks
):
    from portal.core.roles import Role

    MembershipFactory(user=make_user(Role.ENTERPRISE), enterprise=enterprise, status=MembershipStatus.PENDING)
    score = DevelopmentScoreFactory(enterprise=enterprise, year=TODAY.year)

    with django_capture_on_commit_callbacks(execute=True):
        development_score_verify(score_id=score.pk, actor=official)
    notify_score_decided(score.pk)  # a task run twice sends once

    notice = Notice.objects.get(kind=NoticeKind.SCORE_VERIFIED)  # (the re-evaluation may raise alerts too)
    assert notice.user == enterprise_user
    assert notice.subject == f"The development evaluation score of {enterprise.name} for {TODAY.year} is verified"
    assert [message.subject for message in mail.outbox if message.subject == notice.subject] == [notice.subject]


def test_a_rejection_tells_the_members_why(enterprise, enterprise_user, official, django_capture_on_commit_callbacks):
    score = DevelopmentScoreFactory(enterprise=enterprise, year=TODAY.year)

    with django_capture_on_commit_callbacks(execute=True):
        development_score_reject(score_id=score.pk, actor=official, reason="The page shows 2025, not 2026.")

    notice = Notice.objects.get(kind=NoticeKind.SCORE_REJECTED)
    assert notice.user == enterprise_user
    assert "The page shows 2025, not 2026." in notice.body


def test_a_declared_score_queues_the_enterprises_reevaluation_on_commit(
    enterprise, enterprise_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        development_score_declare(
            enterprise=enterprise,
            actor=enterprise_user,
            year=TODAY.year,
            score=Decimal("62.5"),
            evidence=SimpleUploadedFile("score.pdf", PLATFORM_PAGE),
        )

    assert len(queued) >= 1
    assert EligibilityAssessment.objects.filter(enterprise=enterprise).exists()


def test_a_declared_score_moves_the_facts_fingerprint_so_the_nightly_run_judges_the_enterprise_again(
    enterprise, enterprise_user
):
    from accreditation.eligibility.reevaluation import plan_fingerprints, reevaluation_plan

    def fingerprint() -> str:
        return plan_fingerprints([enterprise.pk], reevaluation_plan(as_of=TODAY))[enterprise.pk]

    before = fingerprint()
    development_score_declare(
        enterprise=enterprise,
        actor=enterprise_user,
        year=TODAY.year,
        score=Decimal("62.5"),
        evidence=SimpleUploadedFile("score.pdf", PLATFORM_PAGE),
    )

    assert fingerprint() != before


def test_the_inbox_links_the_notice_to_the_enterprises_scores_page(
    client, enterprise, enterprise_user, official, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    score = DevelopmentScoreFactory(enterprise=enterprise, year=TODAY.year)
    with django_capture_on_commit_callbacks(execute=True):
        development_score_verify(score_id=score.pk, actor=official)
    client.force_login(enterprise_user)

    inbox = client.get(reverse("notices:inbox")).content.decode()

    notice = enterprise_user.notices.get()
    assert f'<a href="{reverse("notices:open", kwargs={"pk": notice.pk})}" data-testid="notice-link">' in inbox
    scores_page = reverse("enterprises:development_scores", kwargs={"pk": enterprise.pk})
    assert client.get(reverse("notices:open", kwargs={"pk": notice.pk}))["Location"] == scores_page
