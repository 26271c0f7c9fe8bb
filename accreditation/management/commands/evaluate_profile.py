"""`manage.py evaluate_profile FILE|- [--criteria VERSION] [--lang en|zh-hans]`: the what-if contract.

Reads one enterprise as JSON (docs EVALUATE_PROFILE.md), assesses it against every national tier without
touching the database, and writes the assessment as JSON on stdout. Exit 0 when the input is valid (whatever
the verdicts), exit 2 with a message naming the bad field otherwise.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accreditation.criteria import VERSIONS, assess
from accreditation.criteria.jsonio import ProfileError, assessment_to_json, facts_from_json

LANGUAGES = ("en", "zh-hans")
INVALID = 2


class Command(BaseCommand):
    help = "Evaluate one enterprise profile (JSON file, or - for stdin) against every tier; JSON on stdout."
    requires_system_checks = []  # a pure calculation: it must run even while the project is half configured

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON profile, or - to read stdin")
        parser.add_argument("--criteria", choices=tuple(VERSIONS), help="criteria version (default: in force on as_of)")
        parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the messages")

    def handle(self, *args, **options):
        data = self._read(options["file"])
        try:
            facts, version, as_of = facts_from_json(data)
        except ProfileError as exc:
            raise CommandError(str(exc), returncode=INVALID) from None
        version = options["criteria"] or version
        with translation.override(options["lang"]):
            output = assessment_to_json(assess(facts, version=version, as_of=as_of))
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))

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
