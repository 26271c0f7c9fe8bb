"""An upload interrupted mid-way, or failing after its file was written, leaves no orphan file and no half record.

Files are counted in the private storage the models write to (a throwaway folder of the test run, see
portal/settings/test.py): the set of files before and after each attempt must be the same.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accreditation.applications.documents import application_document_upload
from accreditation.applications.models import ApplicationDocument, DocumentRequirement
from accreditation.models import Accreditation, AccreditationImport, Tier
from accreditation.services import accreditation_grant
from accreditation.tests.applications import PDF, Journey
from accreditation.tests.lists import csv_bytes, miit_row
from enterprises.tests.factories import EnterpriseFactory

BOUNDARY = "----portal-test-boundary"


def stored_files() -> set[Path]:
    root = Path(ApplicationDocument.file.field.storage.location)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def multipart(requirement_id: int, content: bytes) -> tuple[bytes, bytes]:
    """The body of the upload form, without and with its closing boundary."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="requirement"\r\n\r\n{requirement_id}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="licence.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    return head + content, head + content + f"\r\n--{BOUNDARY}--\r\n".encode()


class BrokenStream(io.BytesIO):
    """A request body whose connection is reset after `cut` bytes, as a socket read fails when the client goes."""

    def __init__(self, data: bytes, cut: int):
        super().__init__(data)
        self.cut = cut

    def read(self, size=-1):
        if self.tell() >= self.cut:
            raise ConnectionResetError("Connection reset by peer")
        size = self.cut - self.tell() if size is None or size < 0 else min(size, self.cut - self.tell())
        return super().read(size)


@pytest.fixture
def draft(client):
    journey = Journey()
    client.force_login(journey.applicant)
    requirement = DocumentRequirement.objects.get(tier=journey.tier, code="business-licence")
    return journey, requirement, reverse("applications:upload", kwargs={"pk": journey.pk})


@pytest.mark.django_db
def test_a_complete_upload_is_stored(client, draft):
    journey, requirement, url = draft
    _cut, body = multipart(requirement.pk, PDF + b"x" * 5000)
    before = stored_files()

    response = client.generic("POST", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")

    assert response.status_code == 302
    document = ApplicationDocument.objects.get(application=journey.application)
    assert Path(document.file.path).read_bytes() == PDF + b"x" * 5000
    assert stored_files() - before == {Path(document.file.path)}


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["body ends before its closing boundary", "client gone before content-length"])
def test_an_upload_cut_off_mid_file_stores_nothing(client, draft, how):
    journey, requirement, url = draft
    cut, whole = multipart(requirement.pk, PDF + b"x" * 50_000)
    cut = cut[:-20_000]  # the body stops inside the file's content
    before = stored_files()
    if how == "body ends before its closing boundary":
        response = client.generic("POST", url, cut, content_type=f"multipart/form-data; boundary={BOUNDARY}")
    else:  # the server reads what arrived, then the end of the stream, though more was announced
        response = client.generic(
            "POST",
            url,
            cut,
            content_type=f"multipart/form-data; boundary={BOUNDARY}",
            CONTENT_LENGTH=str(len(whole)),
            **{"wsgi.input": io.BytesIO(cut)},
        )

    assert response.status_code == 400
    # Django drops a file part whose closing boundary never came: the form asks for the file again.
    assert response.context["upload_form"].errors["file"] == ["This field is required."]
    assert ApplicationDocument.objects.filter(application=journey.application).count() == 0
    assert stored_files() == before


@pytest.mark.django_db
def test_an_upload_whose_connection_breaks_is_a_bad_request_and_stores_nothing(client, draft):
    journey, requirement, url = draft
    _cut, whole = multipart(requirement.pk, PDF + b"x" * 200_000)
    before = stored_files()

    response = client.generic(
        "POST",
        url,
        whole,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        **{"wsgi.input": BrokenStream(whole, cut=100_000)},
    )

    assert response.status_code == 400
    assert "The request could not be used" in response.content.decode()
    assert ApplicationDocument.objects.filter(application=journey.application).count() == 0
    assert stored_files() == before


# --- a failure after the file was written ---------------------------------------------------------------------
@pytest.fixture
def refuse_inserts():
    """Make the database refuse every INSERT into a table (a constraint failing after the file was saved)."""

    def refuse(table: str) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "CREATE FUNCTION test_refuse_insert() RETURNS trigger AS $$ BEGIN "
                    "RAISE EXCEPTION 'refused by the test' USING ERRCODE = 'check_violation'; END; $$ LANGUAGE plpgsql"
                )
                cursor.execute(
                    f"CREATE TRIGGER test_refuse BEFORE INSERT ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION test_refuse_insert()"
                )
            else:
                cursor.execute(
                    f"CREATE TRIGGER test_refuse BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )

    # The test's transaction is rolled back, and the trigger with it (DDL is transactional on both databases).
    return refuse


@pytest.mark.django_db
def test_a_document_whose_row_is_refused_leaves_no_file(draft, refuse_inserts):
    journey, requirement, _url = draft
    refuse_inserts("accreditation_applicationdocument")
    before = stored_files()

    with pytest.raises(IntegrityError):
        application_document_upload(
            application_id=journey.pk,
            actor=journey.applicant,
            requirement_id=requirement.pk,
            upload=SimpleUploadedFile("licence.pdf", PDF),
        )

    assert ApplicationDocument.objects.count() == 0
    assert stored_files() == before


@pytest.mark.django_db
def test_evidence_whose_record_is_refused_leaves_no_file(official, refuse_inserts):
    refuse_inserts("accreditation_accreditation")
    before = stored_files()

    with pytest.raises(IntegrityError):
        accreditation_grant(
            actor=official,
            enterprise=EnterpriseFactory(),
            tier=Tier.objects.get(code="specialized"),
            granted_on=datetime.date(2025, 7, 1),
            evidence=SimpleUploadedFile("notice.pdf", PDF),
        )

    assert Accreditation.objects.count() == 0
    assert stored_files() == before


@pytest.mark.django_db
def test_an_imported_list_whose_row_is_refused_leaves_no_file(client, official, refuse_inserts):
    client.force_login(official)
    refuse_inserts("accreditation_accreditationimport")
    before = stored_files()
    upload = SimpleUploadedFile("list.csv", csv_bytes([miit_row(EnterpriseFactory())]))

    with pytest.raises(IntegrityError):  # the test client re-raises what the view let through
        client.post(reverse("accreditation:import_upload"), {"file": upload})

    assert AccreditationImport.objects.count() == 0
    assert stored_files() == before


# --- a transaction around the upload that does not keep it ------------------------------------------------------
class Abandoned(Exception):
    pass


def _upload(journey, requirement):
    return application_document_upload(
        application_id=journey.pk,
        actor=journey.applicant,
        requirement_id=requirement.pk,
        upload=SimpleUploadedFile("licence.pdf", PDF),
    )


@pytest.mark.django_db(transaction=True)
def test_a_file_whose_outer_transaction_rolls_back_is_gone_when_the_request_ends(client, reference_data):
    journey = Journey()
    requirement = DocumentRequirement.objects.get(tier=journey.tier, code="business-licence")
    before = stored_files()

    with pytest.raises(Abandoned), transaction.atomic():
        document = _upload(journey, requirement)
        path = Path(document.file.path)
        raise Abandoned
    client.get(reverse("healthz"))  # the end of a request sweeps what rolled back

    assert (ApplicationDocument.objects.count(), path.exists(), stored_files() - before) == (0, False, set())


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_loses_its_file_and_the_committed_upload_keeps_its_own(client, reference_data):
    journey = Journey()
    requirement = DocumentRequirement.objects.get(tier=journey.tier, code="business-licence")

    with transaction.atomic():
        kept = _upload(journey, requirement)
        try:
            with transaction.atomic():
                dropped = _upload(journey, requirement)
                raise Abandoned
        except Abandoned:
            pass
    client.get(reverse("healthz"))

    assert list(ApplicationDocument.objects.values_list("pk", flat=True)) == [kept.pk]
    assert (Path(kept.file.path).exists(), Path(dropped.file.path).exists()) == (True, False)
