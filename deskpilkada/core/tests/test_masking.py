"""Masking of reporters' and members' personal data (UU PDP 27/2022)."""

from __future__ import annotations

import pytest

from deskpilkada.core.masking import mask_email, mask_name, mask_nik, mask_phone


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("Siti Rahmawati", "S***"),
        ("  andi  ", "a***"),
        ("A", "A***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name_keeps_only_the_first_letter(value, masked):
    assert mask_name(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("1375014107900001", "1375********0001"),
        (" 1375014107900001 ", "1375********0001"),
        ("13750141", "13****41"),
        ("123", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_nik_hides_the_middle_digits(value, masked):
    assert mask_nik(value) == masked


def test_mask_nik_never_shows_the_birth_date_part_of_a_nik():
    # Digits 7-12 of a NIK are the holder's birth date (day + 40 for women).
    assert "410790" not in mask_nik("1375014107900001")


def test_mask_phone_and_email_still_mask_as_before():
    assert mask_phone("081234567890") == "0812******90"
    assert mask_email("andi.kesbang@example.go.id") == "a***@example.go.id"
