"""The models of eligibility, applications, alerts and reports moved out of the accreditation app into sub-apps of
their own, and the notices then into the notices app: a database as the previous release left it upgrades with
every row, history row and permission in place.

The test takes the database back to the last migration before the move (the state an existing park's database is
in), writes through the models as they were then, and migrates forward again.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accreditation.applications.models import Application, ExpertProfile
from accreditation.notices.models import Notice
from accreditation.tests.applications import Journey
from accreditation.tests.experts import expert

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

BEFORE_THE_MOVE = [
    ("accreditation", "0018_merged_choices_and_history_user"),
    ("eligibility", None),
    ("applications", None),
    ("alerts", None),
    ("reports", None),
    ("notices", None),
]


def migrate(targets):
    """Migrate to `targets` and return the historical models of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    ContentType.objects.clear_cache()
    return executor.loader.project_state([target for target in targets if target[1] is not None]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_a_database_of_the_previous_release_upgrades_with_its_rows_history_and_permissions():
    journey = Journey("park-pool")
    reviewer = expert("Expert Zhao")
    profile = ExpertProfile.objects.get(user=reviewer)
    profile.institution = "Soochow University"
    profile.save()
    history_rows = profile.history.count()
    permission = Permission.objects.get(codename="view_application", content_type__app_label="applications")

    old = migrate(BEFORE_THE_MOVE)
    # The previous release's state: the models belong to the accreditation app, on the same tables.
    old_application = old.get_model("accreditation", "Application").objects.get(pk=journey.pk)
    assert old_application.state == journey.application.state
    old.get_model("accreditation", "Notice").objects.create(
        user_id=journey.applicant.pk,
        application_id=journey.pk,
        kind="submitted",
        key="written-before-the-move",
        subject="Written before the move",
        body="A notice the previous release wrote.",
    )
    assert old.get_model("accreditation", "HistoricalExpertProfile").objects.filter(id=profile.pk).count() == (
        history_rows
    )
    assert ContentType.objects.get(pk=permission.content_type_id).app_label == "accreditation"

    migrate(latest())

    assert Application.objects.get(pk=journey.pk).enterprise == journey.enterprise
    notice = Notice.objects.get(key="written-before-the-move")
    # The notice moved again (to the notices app) and names the page its old link pointed to.
    assert notice.user == journey.applicant
    assert notice.url == reverse("applications:detail", kwargs={"pk": journey.pk})
    assert ExpertProfile.objects.get(pk=profile.pk).history.count() == history_rows
    # The permission row and its content type are the same rows, now under the new app label.
    permission.refresh_from_db()
    assert (permission.content_type.app_label, permission.content_type.model) == ("applications", "application")
    assert not ContentType.objects.filter(app_label="accreditation", model="application").exists()
