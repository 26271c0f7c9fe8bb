"""Random sequences of actions by random roles never break the workflow: no state is skipped (every change
follows an edge of the table), a decided application never changes, and every change has its event."""

import contextlib
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from accreditation.applications import reviews, services
from accreditation.applications.models import DECIDED_STATES, Application, ApplicationState
from accreditation.applications.workflow import EDGE_TABLE
from accreditation.tests.applications import TODAY, Journey, member_of, user_with
from enterprises.models import MembershipStatus
from enterprises.tests.factories import EnterpriseFactory
from portal.core.roles import Role

pytestmark = pytest.mark.django_db
S = ApplicationState
ROLES = ("applicant", "official", "reviewer", "pending member", "stranger")
SCORES = {"specialization": 7, "refinement": 7, "distinctiveness": 7, "innovation": 7}


class ApplicationMachine(RuleBasedStateMachine):
    @initialize(tier=st.sampled_from(["park-pool", "specialized"]))
    def start(self, tier):
        self.journey = Journey(tier)
        self.journey.upload_required()
        self.users = {
            "applicant": self.journey.applicant,
            "official": self.journey.official,
            "reviewer": user_with(Role.REVIEWER),
            "pending member": member_of(self.journey.enterprise, status=MembershipStatus.PENDING),
            "stranger": member_of(EnterpriseFactory()),
        }
        self.today = TODAY
        self.state = S.DRAFT
        self.events = 1  # the creation

    def act(self, action) -> None:
        with contextlib.suppress(ValidationError, PermissionDenied):  # refusals are fine; half-done moves are not
            action()
        self.check_change()

    def check_change(self) -> None:
        application = Application.objects.get(pk=self.journey.pk)
        events = list(application.events.order_by("created", "pk"))
        if application.state != self.state:
            assert self.state not in DECIDED_STATES
            assert (self.state, application.state) in EDGE_TABLE
            assert len(events) == self.events + 1
            assert (events[-1].from_state, events[-1].to_state) == (self.state, application.state)
        else:
            assert len(events) == self.events
        self.state, self.events = application.state, len(events)

    @rule(role=st.sampled_from(ROLES), confirmed=st.booleans())
    def submit(self, role, confirmed):
        self.act(
            lambda: services.application_submit(
                application_id=self.journey.pk,
                actor=self.users[role],
                signatory_name="Zhou Min",
                signatory_position="Legal representative",
                signed_on=self.today,
                declaration_confirmed=confirmed,
                today=self.today,
            )
        )

    @rule(role=st.sampled_from(ROLES))
    def withdraw(self, role):
        self.act(lambda: services.application_withdraw(application_id=self.journey.pk, actor=self.users[role]))

    @rule(role=st.sampled_from(ROLES))
    def screen(self, role):
        self.act(lambda: services.application_screen(application_id=self.journey.pk, actor=self.users[role]))

    @rule(role=st.sampled_from(ROLES), reason=st.sampled_from(["", "Add the audit."]))
    def return_for_revision(self, role, reason):
        self.act(
            lambda: services.application_return_for_revision(
                application_id=self.journey.pk, actor=self.users[role], reason=reason
            )
        )

    @rule(role=st.sampled_from(ROLES), reason=st.sampled_from(["", "Not an SME."]))
    def reject(self, role, reason):
        self.act(
            lambda: services.application_reject(application_id=self.journey.pk, actor=self.users[role], reason=reason)
        )

    @rule(role=st.sampled_from(ROLES))
    def approve(self, role):
        self.act(
            lambda: services.application_approve(
                application_id=self.journey.pk, actor=self.users[role], today=self.today
            )
        )

    @rule(role=st.sampled_from(ROLES))
    def object(self, role):
        self.act(
            lambda: services.application_object(application_id=self.journey.pk, actor=self.users[role], objection="X")
        )

    @rule(role=st.sampled_from(ROLES))
    def recommend(self, role):
        self.act(lambda: services.application_recommend(application_id=self.journey.pk, actor=self.users[role]))

    @rule(role=st.sampled_from(ROLES), accredited=st.booleans())
    def record_outcome(self, role, accredited):
        self.act(
            lambda: services.application_record_outcome(
                application_id=self.journey.pk,
                actor=self.users[role],
                accredited=accredited,
                batch="Batch 7",
                certificate_number="C-1",
                granted_on=self.today,
            )
        )

    @rule(days=st.integers(min_value=1, max_value=10))
    def time_passes_and_notices_close(self, days):
        self.today += datetime.timedelta(days=days)
        self.act(lambda: services.applications_close_notices(today=self.today))

    @rule(role=st.sampled_from(ROLES))
    def assign_and_review(self, role):
        reviewer = self.users["reviewer"]

        def review():
            (assignment,) = reviews.application_assign_reviewers(
                application_id=self.journey.pk,
                actor=self.users[role],
                reviewers=[reviewer],
                reason="The only expert of this field.",
            ) or [self.journey.application.assignments.filter(reviewer=reviewer).last()]
            reviews.review_declare_no_conflict(assignment_id=assignment.pk, actor=reviewer)
            reviews.review_submit(
                assignment_id=assignment.pk, actor=reviewer, scores=SCORES, recommendation="approve", comment="Fine."
            )

        self.act(review)

    @invariant()
    def a_decided_application_holds_its_outcome(self):
        if not hasattr(self, "journey"):
            return
        application = Application.objects.get(pk=self.journey.pk)
        if application.state == S.ACCREDITED:
            assert application.accreditation is not None
        if application.state in (S.PUBLIC_NOTICE,):
            assert application.notice_ends_on is not None
        assert application.revisions.count() == application.revision_number


def test_random_actions_by_random_roles_keep_the_workflow_sound():
    run_state_machine_as_test(
        ApplicationMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
