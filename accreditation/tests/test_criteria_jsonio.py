"""The JSON face of the engine: `facts_from_json`, `assessment_to_json` and `manage.py evaluate_profile`."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from accreditation.criteria import NONE
from accreditation.criteria.jsonio import ProfileError, facts_from_json
from accreditation.criteria.messages import ALL

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]


def evaluate(*args) -> dict:
    out = io.StringIO()
    call_command("evaluate_profile", *args, stdout=out)
    return json.loads(out.getvalue())


def test_contract_example_round_trip():
    result = evaluate(str(DATA / "example_miit_2022.json"))
    assert result["criteria_version"] == "miit-2022"
    assert result["last_year"] == 2025
    assert list(result["tiers"]) == ["innovative", "specialized", "little-giant", "single-champion"]
    innovative = result["tiers"]["innovative"]
    # Worked by hand: IP 20 + R&D 6M/150M = 4.0% (15); growth 140/125 = +12% (15) + liabilities 40% (10);
    # strategic 10 + main business 93.3% (20): 90.
    assert (innovative["eligible"], innovative["route"], innovative["score"]) == (True, "score", 90)
    assert innovative["subscores"] == {"innovation": 35, "growth": 25, "specialization": 30}
    rd = next(c for c in innovative["criteria"] if c["code"] == "rd-intensity")
    assert rd == {
        "code": "rd-intensity",
        "passed": True,
        "actual": 4.0,
        "required": ">= 1%",
        "points": 15,
        "message": "R&D expense as a share of revenue: 4.0%, 15 of 20 points; 5.0% earns 20 "
        "(CNY 1,500,000 more R&D on last year's revenue)",
    }
    assert set(result["tiers"]["little-giant"]) == {"eligible", "route", "score", "criteria", "missing"}


def test_criteria_option_overrides_the_version():
    result = evaluate(str(DATA / "example_miit_2022.json"), "--criteria", "miit-2026")
    assert result["criteria_version"] == "miit-2026"
    assert result["tiers"]["specialized"]["route"] == "requirements"


def test_version_defaults_to_the_one_in_force_on_as_of():
    assert evaluate(str(DATA / "minimal_unknown.json"))["criteria_version"] == "miit-2022"  # 2026-03-31


def test_everything_unknown_is_cannot_tell_never_a_silent_fail():
    result = evaluate(str(DATA / "minimal_unknown.json"))
    assert result["last_year"] == 2025  # the year before as_of, so the missing figures can be named
    for code, tier in result["tiers"].items():
        assert tier["eligible"] is None, code
        assert tier["missing"], code
    assert "profile.compliance_ok" in result["tiers"]["specialized"]["missing"]


def test_what_if_gives_plain_gaps_in_chinese():
    result = evaluate(str(DATA / "what_if_low_rd.json"), "--lang", "zh-hans")
    specialized = result["tiers"]["specialized"]
    assert specialized["eligible"] is False
    rd = next(c for c in specialized["criteria"] if c["code"] == "rd-intensity")
    # 1,200,000 / 50,000,000 = 2.4%; 3% is 1,500,000: 300,000 more.
    assert (rd["passed"], rd["actual"]) == (False, 2.4)
    with translation.override("zh-hans"):
        expected = translation.gettext(
            "R&D was %(actual)s of revenue in %(year)s, below %(required)s: CNY %(gap)s more R&D was needed on that "
            "year's revenue"
        ) % {"actual": "2.4%", "year": 2025, "required": "3.0%", "gap": "300,000"}
    assert rd["message"] == expected


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO((DATA / "example_miit_2022.json").read_text()))
    assert evaluate("-")["tiers"]["innovative"]["score"] == 90


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("invalid_negative_revenue.json", "years[1].revenue: must be a non-negative integer"),
        ("invalid_unknown_field.json", "profile.niche_snce: unknown field"),
        ("invalid_version.json", "criteria_version: must be one of miit-2022, miit-2026"),
        ("invalid_award.json", "profile.awards[1].level: must be one of national, provincial"),
        ("invalid_syntax.json", "invalid_syntax.json: not valid JSON"),
        ("no_such_file.json", "no_such_file.json: cannot read"),
    ],
)
def test_invalid_input_exits_2_naming_the_field(name, field):
    with pytest.raises(CommandError) as caught:
        call_command("evaluate_profile", str(DATA / name), stdout=io.StringIO())
    assert caught.value.returncode == 2
    assert field in str(caught.value)


def test_exit_code_of_the_real_command():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "portal.settings.test")}
    bad = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "evaluate_profile", str(DATA / "invalid_negative_revenue.json")],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert bad.returncode == 2
    assert "years[1].revenue" in bad.stderr
    good = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "evaluate_profile", str(DATA / "example_miit_2022.json")],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert good.returncode == 0
    assert json.loads(good.stdout)["last_year"] == 2025


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"profile": {"rd_employees": 10, "employees": 5}}, "profile.rd_employees"),
        ({"profile": {"sector": "C39733"}}, "profile.sector"),
        ({"profile": {"ip": {"class1_other": 1.5}}}, "profile.ip.class1_other"),
        ({"profile": {"strategic_emerging": "yes"}}, "profile.strategic_emerging"),
        ({"years": [{"year": 2025, "net_profit": 1.0}]}, "years[0].net_profit"),
        ({"years": [{"year": 2025}, {"year": 2025}]}, "years[1].year"),
        ({"years": [{"revenue": 1}]}, "years[0].year"),
        ({"as_of": "1 June 2026"}, "as_of"),
        ([], "(input)"),
        ({"profile": {"local_points": 15.5}}, "profile.local_points"),
        ({"profile": {"local_points": -1}}, "profile.local_points"),
        ({"profile": {"development_score_previous": 101}}, "profile.development_score_previous"),
        ({"profile": {"international_market_share": -0.1}}, "profile.international_market_share"),
        ({"profile": {"national_market_rank": 0}}, "profile.national_market_rank"),
        ({"profile": {"renewal": "yes"}}, "profile.renewal"),
        ({"profile": {"titles": ["ip-demo"]}}, "profile.titles[0]"),
    ],
)
def test_facts_from_json_names_the_bad_field(data, field):
    with pytest.raises(ProfileError) as caught:
        facts_from_json(data)
    assert caught.value.field == field


def test_null_declares_none_where_the_contract_says_so_and_absent_stays_unknown():
    facts, _, _ = facts_from_json({"profile": {"rd_institution": None, "maker_contest": None}})
    assert (facts.profile.rd_institution_level, facts.profile.maker_contest_group) == (NONE, NONE)
    assert facts.profile.strategic_field is None
    facts, version, as_of = facts_from_json({"as_of": "2026-04-01", "profile": {"strategic_field": None}})
    assert facts.profile.strategic_field == NONE
    assert (version, as_of) == ("miit-2026", dt.date(2026, 4, 1))


def test_every_message_template_has_a_chinese_translation():
    with translation.override("zh-hans"):
        untranslated = [m.text for m in ALL if translation.gettext(m.text) == m.text]
    assert untranslated == []


def test_the_new_optional_fields_are_read():
    facts, _, _ = facts_from_json(
        {
            "profile": {
                "local_points": 15,
                "development_score": 48,
                "development_score_previous": 52.5,
                "international_market_share": 11.5,
                "national_market_rank": 2,
                "renewal": True,
                "titles": ["ip-demonstration"],
            }
        }
    )
    p = facts.profile
    assert (p.local_points, p.development_score, p.development_score_previous) == (15, 48, 52.5)
    assert (p.international_market_share, p.national_market_rank, p.renewal) == (11.5, 2, True)
    assert p.titles == frozenset({"ip-demonstration"})


def renewal_document(**profile) -> dict:
    document = json.loads((DATA / "example_miit_2022.json").read_text())
    document["criteria_version"] = "miit-2026"
    document["profile"].update(profile)
    return document


@pytest.mark.parametrize(
    ("profile", "eligible"),
    [
        ({"development_score": 45, "development_score_previous": 55, "renewal": True}, True),
        ({"development_score": 45, "development_score_previous": 55, "renewal": False}, False),
        ({"development_score": 45, "renewal": True}, None),
    ],
)
def test_a_renewal_takes_the_better_development_score_of_the_last_2_years(profile, eligible, tmp_path):
    path = tmp_path / "renewal.json"
    path.write_text(json.dumps(renewal_document(**profile)))
    specialized = evaluate(str(path))["tiers"]["specialized"]
    assert specialized["eligible"] is eligible
    score = next(c for c in specialized["criteria"] if c["code"] == "development-score")
    if eligible is None:
        assert specialized["missing"] == ["profile.development_score_previous"]
        assert score["message"] == "Cannot tell yet: needs the development evaluation score of 2025"


def jsonl(lines: list[str], *extra) -> tuple[list[dict], int]:
    """Run `evaluate_profile --jsonl` on `lines` through stdin: (output objects, exit status)."""
    out = io.StringIO()
    status = 0
    stdin = sys.stdin
    try:
        sys.stdin = io.StringIO("".join(line + "\n" for line in lines))
        call_command("evaluate_profile", "--jsonl", "-", *extra, stdout=out)
    except CommandError as exc:
        status = exc.returncode
    finally:
        sys.stdin = stdin
    return [json.loads(line) for line in out.getvalue().splitlines()], status


def test_jsonl_gives_one_result_per_line_in_order_equal_to_single_calls():
    example = (DATA / "example_miit_2022.json").read_text()
    low_rd = (DATA / "what_if_low_rd.json").read_text()
    lines = [json.dumps(json.loads(text)) for text in (example, low_rd, example)]
    results, status = jsonl(lines)
    assert status == 0
    assert results == [
        evaluate(str(DATA / "example_miit_2022.json")),
        evaluate(str(DATA / "what_if_low_rd.json")),
        evaluate(str(DATA / "example_miit_2022.json")),
    ]


def test_jsonl_bad_lines_get_an_error_object_and_exit_2():
    good = json.dumps(json.loads((DATA / "example_miit_2022.json").read_text()))
    bad_field = json.dumps({"profile": {"local_points": 16}})
    results, status = jsonl([good, "{not json", bad_field, good])
    assert status == 2
    assert len(results) == 4
    assert results[0] == results[3]
    assert results[0]["last_year"] == 2025
    assert results[1]["field"] == "(input)"
    assert results[1]["error"].startswith("not valid JSON")
    assert results[2] == {"error": "must be a number between 0 and 15", "field": "profile.local_points"}


def test_jsonl_messages_follow_the_language_option():
    good = json.dumps(json.loads((DATA / "what_if_low_rd.json").read_text()))
    (result,), status = jsonl([good], "--lang", "zh-hans")
    (english,), _ = jsonl([good])
    assert status == 0
    messages = [c["message"] for t in result["tiers"].values() for c in t["criteria"]]
    assert messages != [c["message"] for t in english["tiers"].values() for c in t["criteria"]]


def test_jsonl_of_a_missing_file_exits_2():
    with pytest.raises(CommandError) as caught:
        call_command("evaluate_profile", "--jsonl", str(DATA / "no_such_file.jsonl"), stdout=io.StringIO())
    assert caught.value.returncode == 2


def varied_documents(count: int, seed: int) -> list[dict]:
    """The contract's example with its figures moved about, fields dropped (unknown) and numbers given as floats
    now and then (3 and 3.0 are equal but written differently): enough different messages to exercise the batch's
    positional rendering and hand-written JSON against the single call's."""
    import random

    rng = random.Random(seed)
    base = json.loads((DATA / "example_miit_2022.json").read_text())
    out = []
    for _ in range(count):
        doc = json.loads(json.dumps(base))
        doc["criteria_version"] = rng.choice(["miit-2022", "miit-2026"])
        doc["as_of"] = rng.choice(["2026-03-01", "2026-06-01", "2027-02-15"])
        profile = doc["profile"]
        profile["development_score"] = rng.choice([59, 60, 60.0, 64.5, 70, 85])
        profile["development_score_previous"] = rng.choice([55, 60, 66.5])
        profile["renewal"] = rng.random() < 0.3
        profile["national_market_share"] = rng.choice([9.9, 10, 10.0, 25.5])
        profile["employees"] = rng.randint(50, 2000)
        for key in rng.sample(sorted(profile), 3):
            del profile[key]
        for year in doc["years"]:
            for field in ("revenue", "rd_expense", "net_profit"):
                year[field] = int(year[field] * rng.uniform(0.3, 1.5))
        out.append(doc)
    return out


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_jsonl_equals_single_calls_for_varied_documents_in_both_languages(lang, tmp_path):
    documents = varied_documents(25, seed=15)
    results, status = jsonl([json.dumps(doc) for doc in documents], "--lang", lang)
    assert status == 0
    for i, doc in enumerate(documents):
        path = tmp_path / f"{i}.json"
        path.write_text(json.dumps(doc))
        assert results[i] == evaluate(str(path), "--lang", lang), f"document {i} differs"
