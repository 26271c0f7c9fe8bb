"""USCC (GB 32100-2015) and GB/T 4754 industry-code validation."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from enterprises.validators import (
    USCC_ALPHABET,
    normalize_uscc,
    uscc_check_character,
    validate_industry_code,
    validate_uscc,
)


def error_of(validator, value) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validator(value)
    return caught.value


@pytest.mark.parametrize("code", ["914403001922038216", "91440300708461136T", "91330100716105852F"])
def test_valid_codes_from_domain_pass(code):
    validate_uscc(code)


def test_wrong_check_character_names_expected_and_given():
    error = error_of(validate_uscc, "91110000100001936J")

    assert error.code == "uscc_check"
    assert error.params == {"expected": "R", "given": "J"}
    assert error.messages == [
        "The check character (the 18th) should be “R” but is “J”: one of the characters was probably mistyped."
    ]


@pytest.mark.parametrize(("code", "length"), [("", 0), ("91440300708461136", 17), ("91440300708461136TX", 19)])
def test_wrong_length_says_actual_length(code, length):
    error = error_of(validate_uscc, code)

    assert error.code == "uscc_length"
    assert error.messages == [f"A Unified Social Credit Code has 18 characters; this one has {length}."]


@pytest.mark.parametrize(
    ("code", "position", "character"), [("9144030070846113OT", 17, "O"), ("I14403001922038216", 1, "I")]
)
def test_forbidden_character_says_which_and_where(code, position, character):
    error = error_of(validate_uscc, code)

    assert error.code == "uscc_character"
    assert error.params == {"position": position, "character": character}


def test_lower_case_is_refused_until_normalised():
    assert error_of(validate_uscc, "91440300708461136t").code == "uscc_character"
    validate_uscc(normalize_uscc("91440300708461136t"))


def test_normalise_folds_full_width_and_strips_every_space():
    def full_width(text: str) -> str:  # what a Chinese input method types
        return "".join(chr(ord(ch) + 0xFEE0) for ch in text)

    pasted = "\u3000" + full_width("9144") + " \u3000" + full_width("0300708461136t") + "\t\n"

    assert normalize_uscc(pasted) == "91440300708461136T"
    assert normalize_uscc(None) == ""


first17 = st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17)


@given(first17)
def test_any_seventeen_symbols_with_their_check_character_validate(head):
    validate_uscc(head + uscc_check_character(head))


@given(first17, st.integers(min_value=0, max_value=17), st.sampled_from(USCC_ALPHABET))
def test_changing_any_one_character_invalidates(head, position, replacement):
    code = head + uscc_check_character(head)
    changed = code[:position] + replacement + code[position + 1 :]
    if changed == code:
        return
    # The weights are distinct non-zero residues modulo the prime 31, so one substitution always shows.
    assert error_of(validate_uscc, changed).code == "uscc_check"


@pytest.mark.parametrize("code", ["C3973", "C39", "C397", "I65", "A01", "T97"])
def test_industry_codes_of_the_2017_edition_pass(code):
    validate_industry_code(code)


@pytest.mark.parametrize(
    ("code", "error_code"),
    [
        ("3973", "industry_format"),
        ("C39731", "industry_format"),
        ("C98", "industry_division"),
        ("I39", "industry_section"),
    ],
)
def test_bad_industry_codes_say_why(code, error_code):
    assert error_of(validate_industry_code, code).code == error_code
