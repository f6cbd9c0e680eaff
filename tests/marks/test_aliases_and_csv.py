"""Pure parts of the library: the alias in the reader's script, CSV reading, mark validation."""

import pytest

from ipp.marks.aliases import alias_for
from ipp.marks.csv_rows import CsvInvalid, read_csv
from ipp.marks.models import OFFICE_TERRITORIES
from ipp.marks.validation import MarkInvalid, parse_mark_input, row_to_input


def test_alias_for_locale():
    aliases = ["耐克", "ナイキ", "나이키", "Найк", "نايك"]
    assert alias_for(aliases, "ja") == "ナイキ"
    assert alias_for(aliases, "ko") == "나이키"
    assert alias_for(aliases, "zh_Hant") == "耐克"
    assert alias_for(aliases, "ru") == "Найк" and alias_for(aliases, "ar") == "نايك"
    assert alias_for(aliases, "de") is None and alias_for([], "ja") is None


def test_read_csv_rows_and_errors():
    rows = read_csv("\ufeffOffice;Number;Text;Nice_Classes\nUSPTO;1;A;25\n\n".encode(),
                    required=("office", "number"))
    assert rows == [(2, {"office": "USPTO", "number": "1", "text": "A", "nice_classes": "25"})]
    for data in (b"\xff\xfe bad", b"", b"a,b\n1,2\n", b"office,number\n"):
        with pytest.raises(CsvInvalid):
            read_csv(data, required=("office", "number"))


def test_row_to_mark_values():
    values = parse_mark_input(row_to_input({
        "office": "euipo", "number": "18", "text": "ZEPHYR", "aliases": "ゼファー|泽菲尔",
        "nice_classes": "25, 18", "territories": "", "expires_on": "2031-01-01"}),
        OFFICE_TERRITORIES)
    assert values["office"] == "EUIPO" and values["territories"] == ["EU"]
    assert values["nice_classes"] == [18, 25] and values["aliases"] == ["ゼファー", "泽菲尔"]
    with pytest.raises(MarkInvalid) as error:
        parse_mark_input(row_to_input({"office": "X", "number": "", "text": "A",
                                       "nice_classes": "x"}), OFFICE_TERRITORIES)
    assert set(error.value.fields) == {"office", "number", "nice_classes"}
