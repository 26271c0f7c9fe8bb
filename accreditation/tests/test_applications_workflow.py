"""The state machine of applications: every move, who may take it, and every refusal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accreditation.applications import services
from accreditation.applications.models import DECIDED_STATES, Application, ApplicationState, DocumentRequirement
from accreditation.applications.workflow import EDGES, TransitionNotAllowed, allowed_targets
from accreditation.models import AccreditationSource
from accreditation.tests.applications import TODAY, Journey, member_of, user_with
from enterprises.models import MembershipStatus
from portal.core.roles import Role

pytestmark = pytest.mark.django_db
S = ApplicationState


def events(application) -> list[tuple[str, str]]:
    return list(application.events.order_by("created", "pk").values_list("from_state", "to_state"))


def test_the_edge_table_reaches_every_state_from_a_draft_and_leaves_no_decided_state():
    reachable, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        for target in allowed_targets(frontier.pop()):
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)

    assert reachable == set(S.values)
    assert [edge for edge in EDGES if edge.source in DECIDED_STATES] == []


def test_a_park_application_goes_from_draft_to_accredited_with_one_event_per_step():
    journey = Journey("park-pool")

    application = journey.to(S.ACCREDITED)

    assert events(application) == [
        ("", S.DRAFT),
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.PUBLIC_NOTICE),
        (S.PUBLIC_NOTICE, S.ACCREDITED),
    ]
    record = application.accreditation
    assert (record.enterprise, record.tier, record.source) == (journey.enterprise, journey.tier, "application")
    assert record.granted_on == TODAY + datetime.timedelta(days=30)
    assert record.created_by == journey.official  # the approving official's decision took effect


def test_approval_opens_a_public_notice_of_the_tiers_days():
    journey = Journey("park-pool")
    journey.tier.public_notice_days = 5
    journey.tier.save()

    application = journey.to(S.PUBLIC_NOTICE)

    assert application.notice_ends_on == TODAY + datetime.timedelta(days=5)
    assert application.events.last().actor == journey.official


def test_the_notice_closes_only_after_its_last_day_and_closing_twice_grants_once():
    journey = Journey("park-pool")
    journey.to(S.PUBLIC_NOTICE)
    last_day = TODAY + datetime.timedelta(days=journey.tier.public_notice_days)

    assert services.applications_close_notices(today=last_day) == []
    assert journey.refresh().state == S.PUBLIC_NOTICE

    assert services.applications_close_notices(today=last_day + datetime.timedelta(days=1)) == [journey.pk]
    assert services.applications_close_notices(today=last_day + datetime.timedelta(days=2)) == []
    application = journey.refresh()
    assert application.state == S.ACCREDITED
    assert application.enterprise.accreditations.count() == 1
    assert application.events.filter(to_state=S.ACCREDITED).count() == 1
    assert application.events.last().actor is None  # the portal itself


def test_an_objection_sends_the_application_back_under_review_and_it_is_not_accredited_on_schedule():
    journey = Journey("park-pool")
    journey.to(S.PUBLIC_NOTICE)

    services.application_object(application_id=journey.pk, actor=journey.official, objection="A competitor objects.")

    application = journey.refresh()
    assert (application.state, application.notice_ends_on) == (S.UNDER_REVIEW, None)
    assert application.events.last().comment == "A competitor objects."
    assert services.applications_close_notices(today=TODAY + datetime.timedelta(days=60)) == []


def test_a_higher_tier_is_recommended_and_its_outcome_recorded_with_batch_and_certificate():
    journey = Journey("specialized")
    journey.to(S.RECOMMENDED)

    services.application_record_outcome(
        application_id=journey.pk,
        actor=journey.official,
        accredited=True,
        batch="Jiangsu 2026 second batch",
        certificate_number="SZ-2026-0042",
        granted_on=datetime.date(2026, 12, 15),
    )

    application = journey.refresh()
    assert application.state == S.ACCREDITED
    record = application.accreditation
    assert (record.batch, record.certificate_number, record.granted_on) == (
        "Jiangsu 2026 second batch",
        "SZ-2026-0042",
        datetime.date(2026, 12, 15),
    )
    assert record.source == AccreditationSource.APPLICATION
    assert record.valid_until == datetime.date(2029, 12, 15)


def test_an_outcome_of_accredited_needs_the_batch_the_certificate_number_may_follow():
    journey = Journey("specialized")
    journey.to(S.RECOMMENDED)

    with pytest.raises(ValidationError) as caught:
        services.application_record_outcome(application_id=journey.pk, actor=journey.official, accredited=True)

    assert sorted(caught.value.message_dict) == ["batch"]
    assert journey.refresh().state == S.RECOMMENDED


def test_not_accredited_creates_no_record():
    journey = Journey("specialized")

    application = journey.to(S.NOT_ACCREDITED)

    assert application.accreditation is None
    assert journey.enterprise.accreditations.count() == 0


def test_a_park_tier_cannot_be_recommended_and_a_higher_tier_cannot_be_approved():
    park, higher = Journey("park-pool"), Journey("specialized")
    park.to(S.UNDER_REVIEW)
    higher.to(S.UNDER_REVIEW)

    with pytest.raises(ValidationError) as park_refused:
        park.recommend()
    with pytest.raises(ValidationError) as higher_refused:
        higher.approve()

    assert park_refused.value.messages == [
        "A park-level tier is decided by the park: approve it for public notice instead."
    ]
    assert higher_refused.value.messages == [
        "Only a park-level tier is approved by the park; recommend this application to its authority."
    ]
    assert (park.refresh().state, higher.refresh().state) == (S.UNDER_REVIEW, S.UNDER_REVIEW)


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED])
def test_the_applicant_may_withdraw_before_a_decision(state):
    journey = Journey("park-pool")
    journey.to(state)

    services.application_withdraw(application_id=journey.pk, actor=journey.applicant, reason="We merge.")

    application = journey.refresh()
    assert application.state == S.WITHDRAWN
    assert events(application)[-1] == (state, S.WITHDRAWN)


@pytest.mark.parametrize("state", [S.PUBLIC_NOTICE, S.RECOMMENDED])
def test_no_withdrawal_once_the_park_decided(state):
    journey = Journey("park-pool" if state == S.PUBLIC_NOTICE else "specialized")
    journey.to(state)

    with pytest.raises(TransitionNotAllowed):
        services.application_withdraw(application_id=journey.pk, actor=journey.applicant)


@pytest.mark.parametrize("state", [S.SUBMITTED, S.UNDER_REVIEW])
def test_return_and_reject_need_a_reason(state):
    journey = Journey()
    journey.to(state)

    for service in (services.application_return_for_revision, services.application_reject):
        with pytest.raises(ValidationError) as caught:
            service(application_id=journey.pk, actor=journey.official, reason="  ")
        assert caught.value.message_dict == {"reason": [caught.value.message_dict["reason"][0]]}
    assert journey.refresh().state == state
    assert events(journey.application)[-1][1] == state


def test_a_returned_application_is_resubmitted_as_the_next_revision():
    journey = Journey()
    journey.to(S.RETURNED)

    application = journey.submit()

    assert (application.state, application.revision_number) == (S.SUBMITTED, 2)
    assert list(application.revisions.values_list("number", flat=True)) == [1, 2]


def test_a_transition_from_a_state_that_does_not_allow_it_says_where_the_application_stands():
    journey = Journey()
    journey.to(S.SUBMITTED)

    with pytest.raises(TransitionNotAllowed) as caught:
        journey.approve()

    assert caught.value.messages == [
        "This application is now “Submitted” and cannot be moved to “Public notice”. Someone else may have "
        "acted on it in the meantime: reload the page to see where it stands."
    ]
    assert caught.value.state == S.SUBMITTED


def test_a_move_overtaken_by_someone_else_is_refused_even_when_the_new_state_would_allow_it():
    journey = Journey()
    journey.to(S.SUBMITTED)
    journey.screen()  # another official screened it while this one read the submitted application

    with pytest.raises(TransitionNotAllowed):
        services.application_return_for_revision(
            application_id=journey.pk, actor=journey.official, reason="Incomplete.", expected_state=S.SUBMITTED
        )
    assert journey.refresh().state == S.UNDER_REVIEW


ALL_MOVES = {
    "submit": lambda j: j.submit(),
    "withdraw": lambda j: services.application_withdraw(application_id=j.pk, actor=j.applicant),
    "screen": lambda j: j.screen(),
    "return": lambda j: j.return_for_revision(),
    "reject": lambda j: services.application_reject(application_id=j.pk, actor=j.official, reason="No."),
    "approve": lambda j: j.approve(),
    "object": lambda j: services.application_object(application_id=j.pk, actor=j.official, objection="No."),
    "recommend": lambda j: j.recommend(),
    "outcome": lambda j: services.application_record_outcome(
        application_id=j.pk, actor=j.official, accredited=True, batch="B", certificate_number="C"
    ),
}


@pytest.mark.parametrize("state", DECIDED_STATES)
@pytest.mark.parametrize("move", sorted(ALL_MOVES))
def test_a_decided_application_never_changes_again(state, move):
    journey = Journey("specialized" if state == S.NOT_ACCREDITED else "park-pool")
    journey.to(state)
    before = events(journey.application)

    with pytest.raises(ValidationError):
        ALL_MOVES[move](journey)
    services.applications_close_notices(today=TODAY + datetime.timedelta(days=365))

    assert journey.refresh().state == state
    assert events(journey.application) == before


@pytest.mark.parametrize(
    ("move", "state", "who"),
    [
        ("submit", S.DRAFT, "official"),
        ("withdraw", S.SUBMITTED, "official"),
        ("screen", S.SUBMITTED, "applicant"),
        ("return", S.SUBMITTED, "applicant"),
        ("reject", S.UNDER_REVIEW, "applicant"),
        ("approve", S.UNDER_REVIEW, "reviewer"),
        ("object", S.PUBLIC_NOTICE, "applicant"),
        ("screen", S.SUBMITTED, "pending member"),
        ("withdraw", S.SUBMITTED, "other enterprise"),
        ("submit", S.DRAFT, "pending member"),
    ],
)
def test_only_the_right_role_may_take_a_move(move, state, who):
    journey = Journey("park-pool")
    journey.to(state)
    from enterprises.tests.factories import EnterpriseFactory

    intruder = {
        "official": journey.official,
        "applicant": journey.applicant,
        "reviewer": user_with(Role.REVIEWER),
        "pending member": member_of(journey.enterprise, status=MembershipStatus.PENDING),
        "other enterprise": member_of(EnterpriseFactory()),
    }[who]
    journey.applicant, journey.official = intruder, intruder

    with pytest.raises(PermissionDenied):
        ALL_MOVES[move](journey)
    assert journey.refresh().state == state


def test_only_the_schedule_or_an_official_closes_a_notice():
    journey = Journey()
    journey.to(S.PUBLIC_NOTICE)
    from accreditation.applications.workflow import transition

    with pytest.raises(PermissionDenied):
        transition(application_id=journey.pk, actor=journey.applicant, target=S.ACCREDITED, sources=(S.PUBLIC_NOTICE,))
    assert journey.refresh().state == S.PUBLIC_NOTICE


def test_a_verified_member_creates_one_open_application_per_tier():
    journey = Journey("innovative")

    with pytest.raises(ValidationError) as caught:
        services.application_create(actor=journey.applicant, enterprise=journey.enterprise, tier=journey.tier)

    assert caught.value.messages == ["This enterprise already has an open application for this tier."]
    journey.to(S.WITHDRAWN)
    again = services.application_create(actor=journey.applicant, enterprise=journey.enterprise, tier=journey.tier)
    assert Application.objects.filter(enterprise=journey.enterprise).count() == 2
    assert again.state == S.DRAFT


def test_a_pending_member_cannot_start_an_application():
    journey = Journey()
    pending = member_of(journey.enterprise, status=MembershipStatus.PENDING)

    with pytest.raises(PermissionDenied):
        services.application_create(actor=pending, enterprise=journey.enterprise, tier=journey.tier)


def test_submission_needs_every_required_document():
    journey = Journey("specialized")
    required = list(DocumentRequirement.objects.filter(tier=journey.tier, required=True).order_by("order"))
    from accreditation.applications.documents import application_document_upload
    from accreditation.tests.applications import pdf

    application_document_upload(
        application_id=journey.pk, actor=journey.applicant, requirement_id=required[0].pk, upload=pdf()
    )

    with pytest.raises(ValidationError) as caught:
        journey.submit()

    assert caught.value.messages == [
        "Upload the required documents first: " + ", ".join(r.name_en for r in required[1:]) + "."
    ]
    application = journey.refresh()
    assert (application.state, application.revision_number, application.revisions.count()) == (S.DRAFT, 0, 0)


def test_submission_needs_a_signed_declaration():
    journey = Journey()
    journey.upload_required()

    with pytest.raises(ValidationError) as caught:
        journey.submit(
            signatory_name=" ",
            signatory_position="",
            signed_on=TODAY + datetime.timedelta(days=1),
            declaration_confirmed=False,
        )

    assert sorted(caught.value.message_dict) == [
        "declaration_confirmed",
        "signatory_name",
        "signatory_position",
        "signed_on",
    ]
    assert journey.refresh().state == S.DRAFT


def test_the_declaration_is_prefilled_from_the_profile():
    journey = Journey()

    initial = services.declaration_initial(journey.application)

    assert (initial["signatory_name"], initial["signatory_position"]) == ("Zhou Min", "Legal representative")
