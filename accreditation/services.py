"""Writes with a business meaning on accreditation records. Each checks who may do it, locks the row it changes,
validates with full_clean() and leaves its trace in the record's history (who, what, when)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from accreditation.events import titles_recorded
from accreditation.models import Accreditation, AccreditationSource, AccreditationStatus, RevocationReason, Tier
from accreditation.models.accreditation import HELD_STATUSES
from accreditation.policy import FALSIFIED_DATA_BAR_YEARS, RENEWAL_DUE_DAYS
from enterprises.models import Enterprise
from portal.core import dates
from portal.core.permissions import require_perm
from portal.core.uploads import atomic_with_files


def _save(record: Accreditation, actor, reason: str) -> None:
    record._history_user = actor
    record._change_reason = reason
    record.full_clean()
    record.save()


def _locked(accreditation_id: int) -> Accreditation:
    return Accreditation.objects.select_for_update().select_related("tier", "enterprise").get(pk=accreditation_id)


def authority_named(text: str):
    """The reference authority one of whose names is `text`, or None."""
    from accreditation.authority_data import authority_index, match_authority
    from accreditation.models import Authority

    return match_authority(text, authority_index(Authority.objects.all())) if text else None


def accreditation_grant(
    *,
    actor,
    enterprise,
    tier: Tier,
    granted_on: datetime.date,
    authority: str = "",
    granting_authority=None,
    batch: str = "",
    certificate_number: str = "",
    valid_until: datetime.date | None = None,
    criteria_version: str = "",
    source: str = AccreditationSource.MANUAL,
    evidence=None,
    today: datetime.date | None = None,
) -> Accreditation:
    """Record a title granted to `enterprise`. Valid-until defaults to the tier's validity from the grant date;
    the status follows the dates (a list announced years ago may arrive already expired or due for renewal)."""
    require_perm(actor, "accreditation.manage_accreditation")
    valid_until = valid_until or Accreditation.default_valid_until(tier, granted_on)
    record = Accreditation(
        enterprise=enterprise,
        tier=tier,
        granted_on=granted_on,
        valid_until=valid_until,
        authority=authority or (granting_authority.name_en if granting_authority else tier.authority),
        granting_authority=granting_authority or authority_named(authority or tier.authority),
        batch=batch,
        certificate_number=certificate_number,
        criteria_version=criteria_version or tier.criteria_version,
        source=source,
        created_by=actor,
        status=status_on(valid_until, today or dates.today()),
    )
    if evidence:
        record.evidence = evidence
    # The evidence file is written by save(): if the row is not kept, the file goes too.
    with atomic_with_files() as files:
        files.watch(record)
        _save(record, actor, "granted")
        titles_recorded.send(sender=Accreditation, record_ids=[record.pk])
    return record


def accreditation_update(*, accreditation: Accreditation, actor) -> Accreditation:
    """Save a correction by park staff (batch, number, dates); a held status follows the new dates."""
    require_perm(actor, "accreditation.manage_accreditation", accreditation)
    with atomic_with_files() as files:
        files.watch(accreditation)  # a replaced evidence file is written by save()
        current = _locked(accreditation.pk)
        if current.status in (AccreditationStatus.ACTIVE, AccreditationStatus.RENEWAL_DUE, AccreditationStatus.EXPIRED):
            accreditation.status = status_on(accreditation.valid_until, dates.today())
        _save(accreditation, actor, "edited")
    return accreditation


def status_on(valid_until: datetime.date | None, today: datetime.date) -> str:
    """The status dates alone give a held record: expired, renewal due, or active."""
    if valid_until is None:
        return AccreditationStatus.ACTIVE
    if valid_until < today:
        return AccreditationStatus.EXPIRED
    if valid_until <= today + datetime.timedelta(days=RENEWAL_DUE_DAYS):
        return AccreditationStatus.RENEWAL_DUE
    return AccreditationStatus.ACTIVE


def accreditation_revoke(
    *, accreditation_id: int, actor, reason: str, note: str = "", today: datetime.date | None = None
) -> Accreditation:
    """Revoke a title for one of the grounds of docs/domain.md section 5. A revoked record never comes back.

    For falsified data every other title the enterprise still holds is revoked with it, for the same reason, and
    the enterprise's applications are barred for FALSIFIED_DATA_BAR_YEARS from `today` (its
    `applications_barred_until`; a longer bar already running stays)."""
    today = today or dates.today()
    with transaction.atomic():
        record = _locked(accreditation_id)
        require_perm(actor, "accreditation.manage_accreditation", record)
        if record.status == AccreditationStatus.REVOKED:
            raise ValidationError(_("This accreditation is already revoked."))
        _revoke(record, actor, reason, note)
        if reason == RevocationReason.FALSIFIED_DATA:
            _withdraw_everything(record, actor, note, today)
    return record


def _revoke(record: Accreditation, actor, reason: str, note: str) -> None:
    record.status = AccreditationStatus.REVOKED
    record.revocation_reason = reason
    record.revocation_note = note
    _save(record, actor, "revoked")


def _withdraw_everything(record: Accreditation, actor, note: str, today: datetime.date) -> None:
    """Falsified data (2026 measures): every held title goes, and no application is accepted for a while."""
    others = (
        Accreditation.objects.select_for_update()
        .filter(enterprise_id=record.enterprise_id, status__in=HELD_STATUSES)
        .exclude(pk=record.pk)
    )
    for other in others:
        _revoke(other, actor, RevocationReason.FALSIFIED_DATA, note)
    enterprise = Enterprise.objects.select_for_update().get(pk=record.enterprise_id)
    until = today + relativedelta(years=FALSIFIED_DATA_BAR_YEARS)
    if enterprise.applications_barred_until is None or enterprise.applications_barred_until < until:
        enterprise.applications_barred_until = until
        enterprise._history_user = actor
        enterprise._change_reason = "applications barred: falsified data"
        enterprise.save(update_fields=["applications_barred_until", "updated"])


def accreditation_start_renewal(*, accreditation_id: int, actor) -> Accreditation:
    """Open the renewal review (复核) of a held title that has an end date."""
    with transaction.atomic():
        record = _locked(accreditation_id)
        require_perm(actor, "accreditation.manage_accreditation", record)
        if record.status not in (
            AccreditationStatus.ACTIVE,
            AccreditationStatus.RENEWAL_DUE,
            AccreditationStatus.EXPIRED,
        ):
            raise ValidationError(_("A renewal can start only for an active, due or expired accreditation."))
        if record.valid_until is None:
            raise ValidationError(_("This title does not expire, so it has no renewal."))
        record.status = AccreditationStatus.UNDER_RENEWAL
        _save(record, actor, "renewal started")
    return record


def accreditation_renew(*, accreditation_id: int, actor, today: datetime.date | None = None) -> Accreditation:
    """A passed renewal review extends the title by the tier's validity from its current end date."""
    with transaction.atomic():
        record = _locked(accreditation_id)
        require_perm(actor, "accreditation.manage_accreditation", record)
        if record.status != AccreditationStatus.UNDER_RENEWAL:
            raise ValidationError(_("Only an accreditation under renewal can be renewed."))
        record.valid_until = record.valid_until + relativedelta(years=record.tier.validity_years or 0)
        record.status = status_on(record.valid_until, today or dates.today())
        _save(record, actor, "renewed")
    return record


def accreditations_refresh_statuses(*, today: datetime.date) -> dict[str, int]:
    """Mark held records past their date as expired and those within the renewal window as due. Idempotent.

    Only the records crossing a date change, a handful a day, so each change is saved with its history entry.
    """
    held = Accreditation.objects.filter(valid_until__isnull=False)
    changes = {
        AccreditationStatus.EXPIRED: held.filter(
            status__in=(AccreditationStatus.ACTIVE, AccreditationStatus.RENEWAL_DUE), valid_until__lt=today
        ),
        AccreditationStatus.RENEWAL_DUE: held.filter(
            status=AccreditationStatus.ACTIVE,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=RENEWAL_DUE_DAYS),
        ),
    }
    counts = {}
    for status, records in changes.items():
        with transaction.atomic():
            changed = list(records.select_for_update())
            for record in changed:
                record.status = status
            bulk_update_with_history(changed, Accreditation, ["status"], default_change_reason=status.label)
        counts[status.value] = len(changed)
    return counts
