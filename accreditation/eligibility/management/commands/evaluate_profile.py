"""`manage.py evaluate_profile FILE|- [--jsonl] [--criteria VERSION] [--lang en|zh-hans]`: the what-if contract.

Reads one enterprise as JSON (docs EVALUATE_PROFILE.md), assesses it against every national tier without
touching the database, and writes the assessment as JSON on stdout. Exit 0 when the input is valid (whatever
the verdicts), exit 2 with a message naming the bad field otherwise.

With `--jsonl` it reads one document per line and writes one output object per line, in the same order, in this
one process: a line that is not a valid document gets `{"error": ..., "field": ...}` on its output line and the
run goes on; the exit status is 2 when any line was bad.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accreditation.criteria import VERSIONS, assess
from accreditation.criteria.jsonio import ProfileError, assessment_to_json, facts_from_json, json_line
from accreditation.criteria.messages import one_language
from accreditation.criteria.results import Assessment
from portal.core import dates

LANGUAGES = ("en", "zh-hans")
INVALID = 2


def _judged(line: str, criteria: str | None) -> Assessment | dict:
    """The assessment of one JSON-lines document, or the `{"error", "field"}` object when it is not a valid document
    (messages in the active language)."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"error": f"not valid JSON ({exc})", "field": "(input)"}
    try:
        facts, version, as_of = facts_from_json(data, today=dates.today())
    except ProfileError as exc:
        return {"error": exc.problem, "field": exc.field}
    return assess(facts, version=criteria or version, as_of=as_of)


def judge_line(line: str, criteria: str | None = None) -> dict:
    """The output object of one JSON-lines document: its assessment, or `{"error", "field"}`."""
    judged = _judged(line, criteria)
    return judged if judged.__class__ is dict else assessment_to_json(judged)


# Output lines are written this many at a time: one write per line was a visible part of a batch's time.
LINES_PER_WRITE = 500


class Command(BaseCommand):
    help = "Evaluate one enterprise profile (JSON file, or - for stdin) against every tier; JSON on stdout."
    requires_system_checks = []  # a pure calculation: it must run even while the project is half configured

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON profile, or - to read stdin")
        parser.add_argument("--criteria", choices=tuple(VERSIONS), help="criteria version (default: in force on as_of)")
        parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the messages")
        parser.add_argument("--jsonl", action="store_true", help="one document per line in, one result per line out")

    def handle(self, *args, **options):
        if options["jsonl"]:
            bad = self._jsonl(options["file"], options["criteria"], options["lang"])
            if bad:
                raise CommandError(f"{bad} line(s) were not valid documents", returncode=INVALID)
            return
        data = self._read(options["file"])
        try:
            facts, version, as_of = facts_from_json(data, today=dates.today())
        except ProfileError as exc:
            raise CommandError(str(exc), returncode=INVALID) from None
        version = options["criteria"] or version
        with translation.override(options["lang"]):
            output = assessment_to_json(assess(facts, version=version, as_of=as_of))
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))

    def _jsonl(self, path: str, criteria: str | None, lang: str) -> int:
        """Judge every line of `path` (or stdin), writing one line per line read; returns how many were bad."""
        try:
            stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise CommandError(f"{path}: cannot read ({exc.strerror})", returncode=INVALID) from None
        bad = 0
        write = self.stdout.write  # it ends each write with a newline
        pending: list[str] = []
        try:
            with one_language(lang):
                for line in stream:
                    judged = _judged(line, criteria)
                    if judged.__class__ is dict:
                        bad += 1
                        pending.append(json.dumps(judged, ensure_ascii=False, separators=(",", ":")))
                    else:
                        pending.append(json_line(judged))
                    if len(pending) >= LINES_PER_WRITE:
                        write("\n".join(pending))
                        pending.clear()
                if pending:
                    write("\n".join(pending))
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: not UTF-8 text ({exc})", returncode=INVALID) from None
        finally:
            if stream is not sys.stdin:
                stream.close()
        return bad

    def _read(self, path: str):
        try:
            if path == "-":
                return json.load(sys.stdin)
            with open(path, encoding="utf-8") as handle:
                return json.load(handle)
        except OSError as exc:
            raise CommandError(f"{path}: cannot read ({exc.strerror})", returncode=INVALID) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: not valid JSON ({exc})", returncode=INVALID) from None
