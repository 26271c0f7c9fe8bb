"""Helpers of the application tests: a journey that drives one application through the real services."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from accreditation.applications import reviews, services
from accreditation.applications.documents import application_document_upload
from accreditation.applications.models import Application, ApplicationState, DocumentRequirement
from accreditation.tests.factories import open_round
from enterprises.models import MembershipStatus
from enterprises.tests.factories import EnterpriseFactory, MembershipFactory
from portal.core.roles import Role
from portal.tests.factories import UserFactory
from portal.tests.second_factor import give_authenticator
from portal.twofactor import second_factor_required

S = ApplicationState
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
TODAY = datetime.date(2026, 11, 28)


def pdf(name: str = "licence.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def user_with(role: Role, **fields):
    user = UserFactory(**fields)
    user.add_role(role)
    if second_factor_required(user):
        give_authenticator(user)  # the known test authenticator of officials and administrators
    return user


def member_of(enterprise, status=MembershipStatus.VERIFIED, **fields):
    user = user_with(Role.ENTERPRISE, **fields)
    reason = "Not an employee." if status == MembershipStatus.REJECTED else ""
    MembershipFactory(user=user, enterprise=enterprise, status=status, reject_reason=reason)
    return user


class Journey:
    """One enterprise, a verified member, an official, and their application for `tier_code`."""

    def __init__(self, tier_code: str = "park-pool", *, official=None, applicant=None):
        from accreditation.models import Tier

        self.enterprise = EnterpriseFactory(legal_representative="Zhou Min")
        self.applicant = applicant or member_of(self.enterprise, full_name="Li Na")
        self.official = official or user_with(Role.OFFICIAL, full_name="Wang Qiang")
        self.tier = Tier.objects.get(code=tier_code)
        open_round(self.tier)
        self.application = services.application_create(actor=self.applicant, enterprise=self.enterprise, tier=self.tier)

    @property
    def pk(self) -> int:
        return self.application.pk

    def refresh(self) -> Application:
        self.application.refresh_from_db()
        return self.application

    def upload_required(self) -> None:
        for requirement in DocumentRequirement.objects.filter(tier=self.tier, required=True):
            application_document_upload(
                application_id=self.pk, actor=self.applicant, requirement_id=requirement.pk, upload=pdf()
            )

    def submit(self, **overrides) -> Application:
        if not self.application.documents.exists():
            self.upload_required()
        arguments = {
            "signatory_name": "Zhou Min",
            "signatory_position": "Legal representative",
            "signed_on": TODAY,
            "declaration_confirmed": True,
            "today": TODAY,
        }
        return services.application_submit(application_id=self.pk, actor=self.applicant, **(arguments | overrides))

    def screen(self) -> Application:
        return services.application_screen(application_id=self.pk, actor=self.official)

    def return_for_revision(self, reason: str = "Add the 2025 audit report.") -> Application:
        return services.application_return_for_revision(application_id=self.pk, actor=self.official, reason=reason)

    def approve(self, override_reason: str = "") -> Application:
        return services.application_approve(
            application_id=self.pk, actor=self.official, today=TODAY, override_reason=override_reason
        )

    def recommend(self, override_reason: str = "") -> Application:
        return services.application_recommend(
            application_id=self.pk, actor=self.official, override_reason=override_reason
        )

    def assign(self, *reviewers, reason: str = "Chosen by hand: the only experts of this niche.") -> list:
        return reviews.application_assign_reviewers(
            application_id=self.pk, actor=self.official, reviewers=reviewers, reason=reason
        )

    def to(self, state: str) -> Application:
        """Drive the application to `state` along the usual path."""
        path = {
            S.DRAFT: [],
            S.SUBMITTED: [self.submit],
            S.UNDER_REVIEW: [self.submit, self.screen],
            S.RETURNED: [self.submit, self.return_for_revision],
            S.PUBLIC_NOTICE: [self.submit, self.screen, self.approve],
            S.RECOMMENDED: [self.submit, self.screen, self.recommend],
            S.ACCREDITED: [self.submit, self.screen, self.approve, self._close],
            S.NOT_ACCREDITED: [self.submit, self.screen, self.recommend, self._not_accredited],
            S.REJECTED: [self.submit, lambda: self._reject()],
            S.WITHDRAWN: [self._withdraw],
        }[state]
        for step in path:
            step()
        return self.refresh()

    def _close(self):
        return services.applications_close_notices(today=TODAY + datetime.timedelta(days=30))

    def _not_accredited(self):
        return services.application_record_outcome(application_id=self.pk, actor=self.official, accredited=False)

    def _reject(self):
        return services.application_reject(application_id=self.pk, actor=self.official, reason="Not an SME.")

    def _withdraw(self):
        return services.application_withdraw(application_id=self.pk, actor=self.applicant)
