"""Imports of announced accreditation lists (XLSX or CSV): a dry-run plan first, then the confirmed apply.

A file is checked before anything is kept: its content must be the type its name says, it must fit the size
caps (also once unzipped: an XLSX is a zip and may be a bomb), and it may hold data only, never formulas.
Rows are then planned in a constant number of queries, so 10,000 rows take seconds: each row will create a
record, matches an existing one (nothing is duplicated, so re-importing a file changes nothing), names an
unknown enterprise (a stub profile may be created for it), or has an error with its reason.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accreditation.applications.services import applications_close_on_records
from accreditation.authority_data import authority_index, match_authority
from accreditation.events import titles_recorded
from accreditation.models import Accreditation, AccreditationImport, AccreditationSource, Authority, ImportStatus, Tier
from accreditation.services import status_on
from enterprises.models import Enterprise
from enterprises.selectors import enterprises_by_uscc
from enterprises.services import enterprise_stubs_create
from enterprises.validators import normalize_uscc, validate_uscc
from portal.core.archives import ArchiveTooLarge, check_unpacked_size
from portal.core.permissions import require_perm
from portal.core.statistics import analyze_if_changed

MAX_BYTES = getattr(settings, "ACCREDITATION_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
# An XLSX whose parts unzip past this, or past this ratio, is treated as a zip bomb.
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_ROWS = 50_000
FIELDS = ("uscc", "name", "tier", "authority", "batch", "granted_on", "certificate_number")
# Accepted header cells per field, compared case-insensitively, so the ministry's own Chinese lists import as-is.
HEADERS = {
    "uscc": ("uscc", "统一社会信用代码", "信用代码", "unified social credit code"),
    "name": ("name", "企业名称", "名称", "enterprise"),
    "tier": ("tier", "层级", "称号", "认定类别"),
    "authority": ("authority", "认定机构", "发布机构"),
    "batch": ("batch", "批次"),
    "granted_on": ("granted date", "granted", "granted on", "认定日期", "发布日期"),
    "certificate_number": ("certificate number", "certificate", "证书编号", "文号"),
}
DANGEROUS_PREFIXES = ("=", "+", "-", "@")


class ImportRefused(Exception):
    """The file as a whole is refused; nothing of it is stored."""


class ImportAlreadyApplied(Exception):
    """The import was confirmed already (a double click, or two officials at once): nothing more is created."""


class Outcome:
    CREATE = "create"
    MATCH = "match"
    UNKNOWN = "unknown"
    ERROR = "error"


@dataclass
class RowProblem:
    column: str  # one of FIELDS
    code: str
    message: str


@dataclass
class PlannedRow:
    number: int
    values: dict
    outcome: str = Outcome.ERROR
    problems: list[RowProblem] = field(default_factory=list)
    uscc: str = ""
    tier: Tier | None = None
    granted_on: datetime.date | None = None
    enterprise_id: int | None = None
    authority: Authority | None = None

    @property
    def reasons(self) -> list[str]:
        return [problem.message for problem in self.problems]

    def refuse(self, column: str, code: str, message: str) -> None:
        self.problems.append(RowProblem(column, code, message))


@dataclass
class ImportPlan:
    rows: list[PlannedRow]

    def of(self, outcome: str) -> list[PlannedRow]:
        return [row for row in self.rows if row.outcome == outcome]

    @property
    def counts(self) -> dict[str, int]:
        return {
            outcome: len(self.of(outcome))
            for outcome in (Outcome.CREATE, Outcome.MATCH, Outcome.UNKNOWN, Outcome.ERROR)
        }


# --- reading a file -------------------------------------------------------------------------------
def read_rows(data: bytes, filename: str) -> list[dict]:
    """The data rows of an uploaded list as dicts of FIELDS, or ImportRefused saying why the file is refused."""
    if not data:
        raise ImportRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than %(size)d MB.") % {"size": MAX_BYTES // (1024 * 1024)})
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx":
        rows = _xlsx_rows(data)
    elif extension == "csv":
        rows = _csv_rows(data)
    else:
        raise ImportRefused(_("Upload an .xlsx or .csv file."))
    return _map_header(rows)


def _xlsx_rows(data: bytes) -> list[list]:
    kind = filetype.guess(data)
    if kind is None or kind.extension not in ("xlsx", "zip"):
        raise ImportRefused(_("This file is not a real Excel workbook (its content does not match .xlsx)."))
    try:
        check_unpacked_size(
            io.BytesIO(data), packed_size=len(data), max_bytes=MAX_UNZIPPED_BYTES, max_ratio=MAX_ZIP_RATIO
        )
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as error:
        raise ImportRefused(_("The workbook is damaged and cannot be opened.")) from error
    except ArchiveTooLarge as error:
        raise ImportRefused(
            _("The workbook unpacks to far more data than it holds; it is refused as unsafe.")
        ) from error
    try:
        return _worksheet_values(data)
    except ImportRefused:
        raise
    except Exception as error:  # openpyxl and defusedxml raise many types for a broken or hostile workbook
        raise ImportRefused(_("The workbook is damaged and cannot be opened.")) from error


def _worksheet_values(data: bytes) -> list[list]:
    import openpyxl  # defusedxml is installed, so openpyxl refuses XML entities instead of expanding them

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    rows = []
    try:
        for row in workbook.worksheets[0].iter_rows():
            values = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    raise ImportRefused(
                        _("Cell %(cell)s holds a formula; the list must hold plain values only.")
                        % {"cell": cell.coordinate}
                    )
                values.append(cell.value)
            rows.append(values)
            if len(rows) > MAX_ROWS + 1:
                raise ImportRefused(_("The list has more than %(rows)d rows.") % {"rows": MAX_ROWS})
    finally:
        workbook.close()
    return rows


def _csv_rows(data: bytes) -> list[list]:
    if b"\x00" in data or filetype.guess(data) is not None:
        raise ImportRefused(_("This file is not a CSV text file (its content does not match .csv)."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRefused(_("The CSV file is neither UTF-8 nor GB18030 text."))
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) > MAX_ROWS + 1:
        raise ImportRefused(_("The list has more than %(rows)d rows.") % {"rows": MAX_ROWS})
    for number, row in enumerate(rows, start=1):
        for value in row:
            if value.startswith(DANGEROUS_PREFIXES) and not _is_number(value):
                raise ImportRefused(
                    _("Row %(row)d holds a formula (%(value)s); the list must hold plain values only.")
                    % {"row": number, "value": value[:30]}
                )
    return rows


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _map_header(rows: list[list]) -> list[dict]:
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise ImportRefused(_("The list has no rows."))
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    columns = {}
    for name, aliases in HEADERS.items():
        for index, cell in enumerate(header):
            if cell in aliases:
                columns[name] = index
                break
    missing = [name for name in ("uscc", "tier", "granted_on") if name not in columns]
    if missing:
        raise ImportRefused(
            _("The first row must name the columns; missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return [{name: (row[index] if index < len(row) else None) for name, index in columns.items()} for row in rows[1:]]


# --- planning -------------------------------------------------------------------------------------
def plan(rows: list[dict], *, today: datetime.date) -> ImportPlan:
    """Decide the outcome of every row, in a constant number of queries."""
    tiers = _tier_lookup()
    authorities = authority_index(Authority.objects.all())
    planned = [_check_row(number, values, tiers, authorities, today) for number, values in enumerate(rows, start=2)]
    valid = [row for row in planned if not row.reasons]
    enterprises = enterprises_by_uscc({row.uscc for row in valid})
    existing = set(
        Accreditation.objects.filter(enterprise_id__in=enterprises.values()).values_list(
            "enterprise_id", "tier_id", "granted_on"
        )
    )
    seen = set()
    for row in valid:
        row.enterprise_id = enterprises.get(row.uscc)
        key = (row.uscc, row.tier.pk, row.granted_on)
        if key in seen or (row.enterprise_id, row.tier.pk, row.granted_on) in existing:
            row.outcome = Outcome.MATCH
        elif row.enterprise_id is None:
            row.outcome = Outcome.UNKNOWN
        else:
            row.outcome = Outcome.CREATE
        seen.add(key)
    return ImportPlan(rows=planned)


def _tier_lookup() -> dict[str, Tier]:
    lookup = {}
    for tier in Tier.objects.all():
        for key in (tier.code, tier.name_en, tier.name_zh):
            lookup[key.strip().lower()] = tier
    return lookup


def _check_row(number: int, values: dict, tiers: dict, authorities: dict, today: datetime.date) -> PlannedRow:
    row = PlannedRow(number=number, values={name: _text(values.get(name)) for name in FIELDS})
    row.uscc = normalize_uscc(values.get("uscc"))
    try:
        validate_uscc(row.uscc)
    except ValidationError as error:
        row.refuse("uscc", "invalid_uscc", _("USCC: %(error)s") % {"error": " ".join(error.messages)})
    row.tier = tiers.get(row.values["tier"].lower())
    if row.tier is None:
        row.refuse("tier", "unknown_tier", _("Unknown tier “%(tier)s”.") % {"tier": row.values["tier"]})
    row.granted_on = _date(values.get("granted_on"))
    if row.granted_on is None:
        message = _("The granted date “%(date)s” is not a date.") % {"date": row.values["granted_on"]}
        row.refuse("granted_on", "invalid_date", message)
    elif row.granted_on > today:
        message = _("The granted date %(date)s is in the future.") % {"date": row.granted_on.isoformat()}
        row.refuse("granted_on", "future_date", message)
    elif row.granted_on.year < 2000:
        message = _("The granted date %(date)s is before 2000.") % {"date": row.granted_on.isoformat()}
        row.refuse("granted_on", "date_before_2000", message)
    # The authority as written must be one the portal knows, so that every record names it in both languages;
    # an empty cell takes the tier's own authority.
    written = row.values["authority"] or (row.tier.authority if row.tier else "")
    row.authority = match_authority(written, authorities)
    if row.values["authority"] and row.authority is None:
        row.refuse(
            "authority",
            "unknown_authority",
            _("Unknown authority “%(authority)s”: write one of %(known)s.")
            % {
                "authority": row.values["authority"],
                "known": "; ".join(sorted({str(authority) for authority in authorities.values()})),
            },
        )
    for name in ("name", "authority", "batch", "certificate_number"):
        if len(row.values[name]) > 200:
            row.refuse(name, "too_long", _("The %(column)s is longer than 200 characters.") % {"column": name})
    return row


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    for pattern in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


# --- applying -------------------------------------------------------------------------------------
def apply(
    import_plan: ImportPlan, *, actor, create_stubs: bool, today: datetime.date, source: str = ""
) -> dict[str, int]:
    """Create the planned records (and stub profiles, if asked) in one transaction. Applications recommended to
    the authority or under public notice for a title the list holds (same enterprise and tier, new or already on
    record) become accredited and are linked to its record. Returns what was created and, under "closed", the
    applications closed (pk and number)."""
    require_perm(actor, "accreditation.import_accreditations")
    with transaction.atomic():
        unknown = import_plan.of(Outcome.UNKNOWN) if create_stubs else []
        stubs = {}
        if unknown:
            names = {row.uscc: row.values["name"] for row in unknown}
            stubs = enterprise_stubs_create(actor=actor, names_by_uscc=names)
        records = []
        for row in [*import_plan.of(Outcome.CREATE), *unknown]:
            valid_until = Accreditation.default_valid_until(row.tier, row.granted_on)
            records.append(
                Accreditation(
                    enterprise_id=row.enterprise_id or stubs[row.uscc],
                    tier=row.tier,
                    granted_on=row.granted_on,
                    valid_until=valid_until,
                    authority=row.values["authority"] or row.tier.authority,
                    granting_authority=row.authority,
                    batch=row.values["batch"],
                    certificate_number=row.values["certificate_number"],
                    criteria_version=row.tier.criteria_version,
                    source=AccreditationSource.IMPORT,
                    status=status_on(valid_until, today),
                    created_by=actor,
                )
            )
        bulk_create_with_history(
            records, Accreditation, batch_size=1000, default_user=actor, default_change_reason="imported"
        )
        titles_recorded.send(sender=Accreditation, record_ids=[record.pk for record in records])
        listed = {(record.enterprise_id, record.tier_id) for record in records} | {
            (row.enterprise_id, row.tier.pk) for row in import_plan.of(Outcome.MATCH) if row.enterprise_id
        }
        closed = applications_close_on_records(actor=actor, pairs=listed, source=source)
        # A national list can add tens of thousands of titles at once: the pool list's plans must know it.
        analyze_if_changed([Accreditation, Accreditation.history.model], len(records))
        analyze_if_changed([Enterprise], len(stubs))
    return {
        "created": len(records),
        "stubs": len(stubs),
        "closed": [{"pk": application.pk, "number": application.number} for application in closed],
    }


def import_confirm(*, import_id: int, actor, today: datetime.date) -> tuple[ImportPlan, dict[str, int]]:
    """Apply a previewed import, once: its row stays locked from the state check to the end of the apply, so a
    second confirmation waits and then finds it applied (ImportAlreadyApplied) instead of creating the same
    records again. Returns the plan and what was created."""
    require_perm(actor, "accreditation.import_accreditations")
    with transaction.atomic():
        batch = AccreditationImport.objects.select_for_update().get(pk=import_id)
        if batch.status != ImportStatus.PREVIEWED:
            raise ImportAlreadyApplied
        with batch.file.open("rb") as handle:
            import_plan = plan(read_rows(handle.read(), batch.original_name), today=today)
        result = apply(
            import_plan, actor=actor, create_stubs=batch.create_stubs, today=today, source=batch.original_name
        )
        batch.status = ImportStatus.APPLIED
        batch.applied = timezone.now()
        batch.summary = {**batch.summary, **import_plan.counts, **result}
        batch.save(update_fields=["status", "applied", "summary"])
    return import_plan, result


# --- one row sent alone (the API) -----------------------------------------------------------------
class RowOnRecord(Exception):
    """The row's title (enterprise, tier, granted date) is on record already: nothing is duplicated."""

    def __init__(self, record_id: int | None):
        super().__init__(record_id)
        self.record_id = record_id


def row_record(*, values: dict, actor, today: datetime.date, source: str) -> Accreditation:
    """Record one row of a list sent alone (by a provincial platform, through the API), checked and applied exactly
    as an imported list's row: a row with errors is a ValidationError per column (the preview's reasons); an
    enterprise not in the portal is refused (no stub profile is made from a single call); a title on record
    already is RowOnRecord. Waiting applications close on the new record as on an imported list's."""
    require_perm(actor, "accreditation.import_accreditations")
    import_plan = plan([values], today=today)
    [row] = import_plan.rows
    if row.outcome == Outcome.ERROR:
        errors = {}
        for problem in row.problems:
            errors.setdefault(problem.column, []).append(ValidationError(problem.message, code=problem.code))
        raise ValidationError(errors)
    if row.outcome == Outcome.UNKNOWN:
        message = _("No enterprise with this USCC is registered in the portal.")
        raise ValidationError({"uscc": [ValidationError(message, code="unknown_enterprise")]})
    on_record = Accreditation.objects.filter(
        enterprise_id=row.enterprise_id, tier=row.tier, granted_on=row.granted_on
    ).values_list("pk", flat=True)
    if row.outcome == Outcome.MATCH:
        raise RowOnRecord(on_record.first())
    try:
        with transaction.atomic():
            apply(import_plan, actor=actor, create_stubs=False, today=today, source=source)
    except IntegrityError:
        # The same title recorded meanwhile by another call (the unique grant constraint caught it).
        raise RowOnRecord(on_record.first()) from None
    return Accreditation.objects.select_related("tier").get(pk=on_record.get())
