"""Writes with a business meaning on enterprises. Each checks who may do it, validates with full_clean() and runs
in one transaction; simple_history records the actor of every change (`_history_user`)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from portal.core.documents import safe_filename, validate_document
from portal.core.permissions import require_perm
from portal.core.uploads import atomic_with_files

from .models import (
    FIGURE_FIELDS,
    AnnualFigures,
    ClaimProof,
    Enterprise,
    Membership,
    MembershipStatus,
    refresh_figures_summary,
)
from .signals import claim_changed, facts_changed
from .validators import normalize_uscc, validate_uscc

MAX_PROOFS_PER_CLAIM = 10  # files; a licence and a letter or two are what an official needs

# Fields an enterprise member may edit through `enterprise_update`; the USCC is the identity and stays put.
EDITABLE_PROFILE_FIELDS = frozenset(
    field.name
    for field in Enterprise._meta.concrete_fields
    if field.editable and field.name not in {"id", "uscc", "sector", "created", "updated"}
)


def facts_written(enterprise_id: int, enterprise: Enterprise | None = None) -> None:
    """What follows a change of an enterprise's facts, inside the change's transaction: the stored summary columns
    of its figures (size class, latest complete year, ...) are computed again, on `enterprise` too when given, and
    `facts_changed` tells the listeners (the re-evaluation). Every service that changes facts ends with it."""
    summary = refresh_figures_summary(enterprise_id)
    if enterprise is not None:
        for name, value in summary.items():
            setattr(enterprise, name, value)
    facts_changed.send(sender=Enterprise, enterprise_id=enterprise_id)


def _save(instance: models.Model, actor) -> None:
    instance._history_user = actor  # read by simple_history outside a request (tasks, shell, services in tests)
    instance.full_clean()
    instance.save()


def enterprise_claim(
    *, user, uscc: str, name_zh: str | None = None, role: str = "", proofs: list | tuple = ()
) -> Membership:
    """Claim the enterprise with this USCC for `user`, as a pending membership a park official will decide.

    Creates the enterprise profile when the code is new to the portal (then `name_zh` is required), otherwise
    asks to join the existing profile. Refuses a second claim of the same enterprise by the same user. `role` is
    what the claimant says they are (ClaimantRole); `proofs` are (ProofKind, uploaded file) pairs, each checked by
    content before anything is written. After commit, `claim_changed` ("claimed") lets the verified members know.
    """
    require_perm(user, "enterprises.claim_enterprise", message=_("Only enterprise users can claim an enterprise."))
    code = normalize_uscc(uscc)
    try:
        validate_uscc(code)
    except ValidationError as error:
        raise ValidationError({"uscc": error.error_list}) from error
    with transaction.atomic():
        enterprise = Enterprise.objects.select_for_update().filter(uscc=code).first()
        if enterprise is None:
            enterprise = _enterprise_create(user=user, uscc=code, name_zh=name_zh)
        previous = Membership.objects.filter(user=user, enterprise=enterprise).first()
        if previous is not None:
            raise ValidationError({"uscc": _duplicate_claim_message(previous)})
        membership = Membership(user=user, enterprise=enterprise, status=MembershipStatus.PENDING, role=role)
        _save(membership, user)
        _attach_proofs(membership, proofs)
        _announce(membership, "claimed")
    return membership


def claim_proofs_add(*, membership: Membership, actor, proofs: list | tuple) -> list[ClaimProof]:
    """Attach more proof to one's own claim while it is pending (e.g. an authorisation letter asked for)."""
    if membership.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the claimant can add proof to a claim."))
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.status != MembershipStatus.PENDING:
            raise ValidationError(_("This claim has already been decided."), code="already_decided")
        return _attach_proofs(locked, proofs)


def _attach_proofs(membership: Membership, proofs) -> list[ClaimProof]:
    """Check every file first (nothing is written if one is refused), then store them privately."""
    proofs = list(proofs)
    if membership.proofs.count() + len(proofs) > MAX_PROOFS_PER_CLAIM:
        raise ValidationError({"proof": _("A claim holds at most %(count)d files.") % {"count": MAX_PROOFS_PER_CLAIM}})
    for _kind, upload in proofs:
        raw_name = getattr(upload, "name", "") or ""
        try:
            if "\\" in raw_name or "/" in raw_name:
                raise ValidationError(_("The file name is not acceptable."), code="document_name")
            validate_document(upload)
        except ValidationError as error:
            raise ValidationError({"proof": [f"{raw_name}: {message}" for message in error.messages]}) from error
    stored = []
    with atomic_with_files() as files:
        for kind, upload in proofs:
            name = safe_filename(getattr(upload, "name", "") or "proof")
            proof = ClaimProof(membership=membership, kind=kind, original_name=name, size=upload.size)
            proof.file.save(name, upload, save=False)
            files.track(proof.file)
            proof.full_clean()
            proof.save()
            stored.append(proof)
    return stored


def _announce(membership: Membership, event: str) -> None:
    """Tell the listeners of `claim_changed` once the claim is committed; a failure there never undoes it."""
    transaction.on_commit(
        lambda: claim_changed.send(sender=Membership, membership_id=membership.pk, event=event), robust=True
    )


def _enterprise_create(*, user, uscc: str, name_zh: str | None) -> Enterprise:
    name = (name_zh or "").strip()
    if not name:
        raise ValidationError(
            {"name_zh": _("This enterprise is new to the portal: enter its registered name in Chinese.")}
        )
    enterprise = Enterprise(uscc=uscc, name_zh=name)
    enterprise._history_user = user
    enterprise.full_clean()
    try:
        with transaction.atomic():  # savepoint: a concurrent claim of the same new code may win the insert
            enterprise.save()
    except IntegrityError:
        return Enterprise.objects.select_for_update().get(uscc=uscc)
    facts_written(enterprise.pk)  # a new enterprise gets its first assessment
    return enterprise


def enterprise_stubs_create(*, actor, names_by_uscc: dict[str, str]) -> dict[str, int]:
    """Create minimal profiles (code and Chinese name) for codes not yet on record, e.g. from an imported list of
    accreditations; members fill in the rest after claiming them. Returns the primary key of every code given,
    new or existing. Park staff only; raises ValidationError naming the first bad code or name."""
    require_perm(actor, "enterprises.list_enterprises", message=_("Only park officials can register enterprises."))
    names = {normalize_uscc(code): (name or "").strip() for code, name in names_by_uscc.items()}
    with transaction.atomic():
        existing = dict(Enterprise.objects.filter(uscc__in=names).values_list("uscc", "pk"))
        stubs = []
        for code, name in sorted(names.items()):
            if code in existing:
                continue
            stub = Enterprise(uscc=code, name_zh=name)
            try:
                stub.full_clean(validate_unique=False)
            except ValidationError as error:
                raise ValidationError(
                    _("Enterprise %(code)s: %(errors)s"), params={"code": code, "errors": " ".join(error.messages)}
                ) from error
            stubs.append(stub)
        created = bulk_create_with_history(stubs, Enterprise, default_user=actor)
        existing.update({stub.uscc: stub.pk for stub in created})
    return existing


def _duplicate_claim_message(previous: Membership) -> str:
    if previous.status == MembershipStatus.VERIFIED:
        return _("You are already a verified member of this enterprise.")
    if previous.status == MembershipStatus.PENDING:
        return _("You have already claimed this enterprise; a park official will verify the claim.")
    return _("Your claim of this enterprise was rejected (%(reason)s). Please contact the park office.") % {
        "reason": previous.reject_reason
    }


def _decide(*, membership: Membership, actor, status: str, reason: str = "") -> Membership:
    require_perm(actor, "enterprises.verify_membership", message=_("Only park officials can decide on claims."))
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        # Separation of duties: an official who also keeps enterprises never decides a claim of their own, nor
        # one on an enterprise they belong to.
        if (
            locked.user_id == actor.pk
            or Membership.objects.filter(enterprise=locked.enterprise_id, user=actor).exists()
        ):
            raise PermissionDenied(_("You cannot decide on your own claim or on a claim of your own enterprise."))
        if locked.status != MembershipStatus.PENDING:
            raise ValidationError(
                _("This claim has already been decided: it is %(status)s."),
                code="already_decided",
                params={"status": locked.get_status_display()},
            )
        locked.status = status
        locked.reject_reason = reason
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        _save(locked, actor)
        _announce(locked, status)
    membership.refresh_from_db()
    return locked


def membership_verify(*, membership: Membership, actor) -> Membership:
    """Verify a pending claim: its user may then apply for accreditation on the enterprise's behalf."""
    return _decide(membership=membership, actor=actor, status=MembershipStatus.VERIFIED)


def membership_reject(*, membership: Membership, actor, reason: str) -> Membership:
    """Reject a pending claim with a reason the user will read; the user loses access to the enterprise."""
    reason = (reason or "").strip()
    require_perm(actor, "enterprises.verify_membership", message=_("Only park officials can decide on claims."))
    if not reason:
        raise ValidationError({"reject_reason": _("Give the reason for the rejection; the user will read it.")})
    return _decide(membership=membership, actor=actor, status=MembershipStatus.REJECTED, reason=reason)


def enterprise_update(*, enterprise: Enterprise, actor, data: dict) -> Enterprise:
    """Change profile fields of `enterprise` (any of EDITABLE_PROFILE_FIELDS); the sector and the stored size class
    follow the industry code (Enterprise.save)."""
    require_perm(actor, "enterprises.change_enterprise", enterprise)
    unknown = set(data) - EDITABLE_PROFILE_FIELDS
    if unknown:
        raise ValueError(f"not editable through enterprise_update: {sorted(unknown)}")
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        for name, value in data.items():
            setattr(locked, name, value)
        _save(locked, actor)
        facts_written(locked.pk)
    enterprise.refresh_from_db()
    return locked


def annual_figures_save(*, enterprise: Enterprise, actor, year: int, **figures) -> AnnualFigures:
    """Create or update the figures of one financial year; only the figures passed are changed. The enterprise's
    stored `size_class` and `latest_complete_year` follow (`facts_written`), on `enterprise` too."""
    require_perm(actor, "enterprises.change_enterprise", enterprise)
    unknown = set(figures) - set(FIGURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown figures: {sorted(unknown)}")
    with transaction.atomic():
        row = AnnualFigures.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
        row = row or AnnualFigures(enterprise=enterprise, year=year)
        row.enterprise = enterprise
        for name, value in figures.items():
            setattr(row, name, value)
        _save(row, actor)
        facts_written(enterprise.pk, enterprise)
    return row


class YearsInvalid(ValidationError):
    """Some years' figures were refused; `by_year` holds each refused year's ValidationError."""

    def __init__(self, by_year: dict):
        self.by_year = by_year
        super().__init__([message for error in by_year.values() for message in error.messages])


def annual_figures_save_years(*, enterprise: Enterprise, actor, figures_by_year: dict) -> list[AnnualFigures]:
    """Save the figures of several financial years together, all or nothing: when any year is refused, none is
    saved and YearsInvalid says what is wrong with each (the years' figures are checked together, e.g. against
    each other's totals, only once every year is valid on its own)."""
    require_perm(actor, "enterprises.change_enterprise", enterprise)
    refused, rows = {}, []
    with transaction.atomic():
        for year, figures in sorted(figures_by_year.items()):
            try:
                with transaction.atomic():
                    rows.append(annual_figures_save(enterprise=enterprise, actor=actor, year=year, **figures))
            except ValidationError as error:
                refused[year] = error
        if refused:
            raise YearsInvalid(refused)
    return rows


def enterprise_item_save(*, item: models.Model, actor) -> models.Model:
    """Save an IP item, certificate, award, R&D institution, brand, title or standard of an enterprise."""
    require_perm(actor, "enterprises.change_enterprise", item.enterprise)
    with transaction.atomic():
        _save(item, actor)
        facts_written(item.enterprise_id)
    return item


def enterprise_item_delete(*, item: models.Model, actor) -> None:
    """Remove one such record; its history keeps what it was and who removed it."""
    require_perm(actor, "enterprises.change_enterprise", item.enterprise)
    item._history_user = actor
    with transaction.atomic():
        item.delete()
        facts_written(item.enterprise_id)
