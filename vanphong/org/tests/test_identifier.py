import pytest
from django.core.exceptions import ValidationError

from vanphong.org.models import validate_identifier, validate_legacy_identifier


@pytest.mark.rule("QD20-2020-IDENTIFIER")
@pytest.mark.parametrize("value", ["000.00.00.H41", "H41.01", "A" * 35, "G12.34.56.H41.0001"])
def test_identifier_accepts_the_qd20_alphabet_up_to_35(value):
    validate_identifier(value)


@pytest.mark.rule("QD20-2020-IDENTIFIER")
@pytest.mark.parametrize("value", ["", "a.b", "A" * 36, "000-00", "H41 01", "Đ41"])
def test_identifier_refuses_other_characters_and_length(value):
    with pytest.raises(ValidationError):
        validate_identifier(value)


@pytest.mark.rule("QD20-2020-IDENTIFIER")
def test_legacy_identifier_is_the_13_character_form():
    validate_legacy_identifier("000.00.00.H41")
    validate_legacy_identifier("")
    for bad in ["000.00.00.H4", "000.00.00.H411", "00.000.00.H41"]:
        with pytest.raises(ValidationError):
            validate_legacy_identifier(bad)
