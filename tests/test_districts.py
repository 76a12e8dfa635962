from fractions import Fraction

import pytest

from cdd.office.calendar import parse_period
from cdd.office.districts import UnknownDistrict


def test_four_provinces_with_official_codes(registry):
    assert registry.provinces() == {"57": "เชียงราย", "27": "สระแก้ว", "52": "ลำปาง", "31": "บุรีรัมย์"}
    counts = {code: len(registry.in_province(code)) for code in registry.provinces()}
    assert counts == {"57": 18, "27": 9, "52": 13, "31": 23}
    assert registry.by_code("5704").name == "เทิง" and registry.by_code("2707").name == "เขาฉกรรจ์"


@pytest.mark.parametrize(
    "written",
    ["เทิง", "อำเภอเทิง", "อ.เทิง", "อ. เทิง", " เทิง ", "เ\u200bทิง", "5704", "๕๗๐๔", "อำเภอ เทิง"],
)
def test_name_variations_match(registry, written):
    assert registry.match(written).code == "5704"


def test_sara_am_typed_as_two_characters(registry):
    assert registry.match("วังน\u0e49\u0e4d\u0e32เย็น").code == "2704"
    assert registry.match("วังน\u0e4d\u0e49\u0e32เย็น").code == "2704"
    assert registry.match("อ.เมืองล\u0e4d\u0e32ปาง").code == "5201"


def test_unknown_name_suggests_but_never_chooses(registry):
    with pytest.raises(UnknownDistrict) as error:
        registry.match("เขาคอกระเจี")
    assert error.value.suggestion.code == "2707"
    assert "เขาฉกรรจ์" in str(error.value) and "หรือไม่" in str(error.value)
    with pytest.raises(UnknownDistrict) as error:
        registry.match("แม่สายย", province_code="57")
    assert error.value.suggestion.code == "5709"


def test_reference_figures_are_valid_per_period(registry):
    q2 = parse_period("2567-Q2")
    assert registry.references("5704", q2) == {"otop_operators": 164, "shop_target": 8, "tambons": 10}
    assert registry.reference("5704", "otop_operators", parse_period("2566-12")) is None  # before 9 Jan 2567
    assert registry.references("2701", parse_period("2568-01"))["leaders_target"] == Fraction(126)


def test_no_invented_figures_for_lampang_and_buriram(registry):
    for code in ("5201", "3101"):
        assert registry.references(code, parse_period("2567")) == {}


def test_chiang_rai_tambons_total_124(registry):
    period = parse_period("2567-Q3")
    assert sum(registry.references(d.code, period)["tambons"] for d in registry.in_province("57")) == 124
