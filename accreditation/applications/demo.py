"""Demo applications for `seed_demo`: one in every state, driven through the real services, so the official's
queue, the reviewer's worklist and the enterprise's timeline are alive on a newcomer's portal.

The demo enterprise user becomes a verified member of each applying enterprise (enterprises holding no title
yet, in USCC order), the demo official decides and the demo reviewer scores. Scores are drawn from
`random.Random(seed)`. Idempotent: when the demo user already has applications, nothing is added.
"""

import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accreditation.applications import reviews, services
from accreditation.applications.documents import application_document_upload
from accreditation.applications.models import Application, ApplicationState, DocumentRequirement, Recommendation
from accreditation.applications.round_demo import filing_day, seed_rounds
from accreditation.models import Accreditation, Tier
from enterprises.models import Enterprise, Membership, MembershipStatus
from portal.core import dates
from portal.core.demo_accounts import DEMO_ACCOUNTS
from portal.models import User

S = ApplicationState


def one_page_pdf(text: str) -> bytes:
    """A valid one-page PDF saying `text` (ASCII): a demo attachment the application page's viewer can draw."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return pdf_document(f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode(), font)


def pdf_document(content: bytes, *font_objects: bytes) -> bytes:
    """A one-page PDF drawing `content` with font /F1, the first of `font_objects` (objects 5 on; later ones are
    what the first refers to), with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *font_objects,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


DEMO_PDF = one_page_pdf("Demo attachment")

# (tier code, the state to reach). Higher tiers take the recommendation route, park tiers the public notice.
PLAN = (
    ("park-pool", S.DRAFT),
    ("park-pool", S.SUBMITTED),
    ("park-pool", S.UNDER_REVIEW),
    ("park-pool", S.RETURNED),
    ("park-pool", S.PUBLIC_NOTICE),
    ("park-pool", S.ACCREDITED),
    ("park-pool", S.REJECTED),
    ("park-pool", S.WITHDRAWN),
    ("little-giant", S.RECOMMENDED),
    ("little-giant", S.NOT_ACCREDITED),
    ("specialized", S.ACCREDITED),
)


def _account(index: int) -> User:
    return User.objects.get(email=DEMO_ACCOUNTS[index].email)


def seed_applications(*, seed: int, today: datetime.date | None = None) -> int:
    """Create this year's declaration rounds and the demo applications (see PLAN); returns how many applications
    were created. Each is filed inside a round of its tier: today, or on the last day of the latest round."""
    today = today or dates.today()
    seed_rounds(today=today)
    applicant, official, reviewer = _account(0), _account(1), _account(2)
    if Application.objects.filter(created_by=applicant).exists():
        return 0
    holders = Accreditation.objects.values("enterprise_id")
    enterprises = list(Enterprise.objects.exclude(pk__in=holders).order_by("uscc")[: len(PLAN)])
    rng = random.Random(seed)
    created = 0
    for enterprise, (tier_code, target) in zip(enterprises, PLAN, strict=False):
        Membership.objects.get_or_create(
            user=applicant,
            enterprise=enterprise,
            defaults={"status": MembershipStatus.VERIFIED, "decided_by": official, "decided_at": timezone.now()},
        )
        tier = Tier.objects.get(code=tier_code)
        filed = filing_day(tier, today)
        application = services.application_create(actor=applicant, enterprise=enterprise, tier=tier, today=filed)
        _drive(
            application,
            target,
            applicant=applicant,
            official=official,
            reviewer=reviewer,
            rng=rng,
            today=today,
            filed=filed,
        )
        created += 1
    return created


def _drive(application, target, *, applicant, official, reviewer, rng, today, filed) -> None:
    pk = application.pk
    if target == S.DRAFT:
        _upload(application, applicant, required_only=True, first_only=True)
        return
    if target == S.WITHDRAWN:
        services.application_withdraw(application_id=pk, actor=applicant, reason="We will apply next year.")
        return
    _upload(application, applicant)
    services.application_submit(
        application_id=pk,
        actor=applicant,
        signatory_name=application.enterprise.legal_representative or "Demo signatory",
        signatory_position="Legal representative",
        signed_on=filed,
        declaration_confirmed=True,
        today=filed,
    )
    if target == S.SUBMITTED:
        return
    if target == S.REJECTED:
        services.application_reject(application_id=pk, actor=official, reason="The enterprise is not an SME.")
        return
    if target == S.RETURNED:
        services.application_return_for_revision(
            application_id=pk, actor=official, reason="Add the special R&D audit of last year."
        )
        return
    services.application_screen(application_id=pk, actor=official, comment="Complete.")
    (assignment,) = reviews.application_assign_reviewers(
        application_id=pk,
        actor=official,
        reviewers=[reviewer],
        reason="The demo reviewer: the expert of record for the demo's walk-through.",
    )
    reviews.review_declare_no_conflict(assignment_id=assignment.pk, actor=reviewer)
    if target == S.UNDER_REVIEW:
        return
    rubric = application.tier.rubric.all()
    reviews.review_submit(
        assignment_id=assignment.pk,
        actor=reviewer,
        scores={criterion.code: rng.randint(criterion.max_score // 2, criterion.max_score) for criterion in rubric},
        recommendation=Recommendation.APPROVE,
        comment="A credible niche leader; the figures match the audit reports.",
    )
    if application.tier.authority_level == "park":
        # An accredited one was approved a month ago and its notice closed by the official. The other's ended
        # yesterday: it waits for "Close the notice" (`make run` has no scheduler to close it).
        ended_yesterday = today - datetime.timedelta(days=application.tier.public_notice_days + 1)
        approved_on = today - datetime.timedelta(days=30) if target == S.ACCREDITED else ended_yesterday
        services.application_approve(application_id=pk, actor=official, today=approved_on)
        if target == S.ACCREDITED:
            services.application_close_notice(application_id=pk, actor=official, accredited=True, today=today)
        return
    services.application_recommend(application_id=pk, actor=official, comment="Recommended to the province.")
    if target == S.ACCREDITED:
        services.application_record_outcome(
            application_id=pk,
            actor=official,
            accredited=True,
            batch=f"Jiangsu {today.year} batch",
            certificate_number=f"JS-{today.year}-{pk:05d}",
            granted_on=today,
        )
    elif target == S.NOT_ACCREDITED:
        services.application_record_outcome(application_id=pk, actor=official, accredited=False)


def _upload(application, applicant, *, required_only: bool = True, first_only: bool = False) -> None:
    requirements = DocumentRequirement.objects.filter(tier=application.tier)
    if required_only:
        requirements = requirements.filter(required=True)
    for requirement in requirements.order_by("order", "code")[: 1 if first_only else None]:
        application_document_upload(
            application_id=application.pk,
            actor=applicant,
            requirement_id=requirement.pk,
            upload=SimpleUploadedFile(f"{requirement.code}.pdf", DEMO_PDF, content_type="application/pdf"),
        )
