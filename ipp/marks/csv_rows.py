"""Reads an uploaded CSV (UTF-8, optional BOM, comma or semicolon) into numbered rows."""

import csv
import io

from ipp.i18n.markers import N_

MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


class CsvInvalid(ValueError):
    """`message` is a msgid; translate it with `params`."""

    def __init__(self, message: str, params: dict | None = None):
        super().__init__(message)
        self.message = message
        self.params = params or {}


def read_csv(data: bytes, *, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row with lower-case headers) per non-empty data row."""
    if len(data) > MAX_CSV_BYTES:
        raise CsvInvalid(N_("The CSV file is larger than 2 MB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvInvalid(N_("The CSV file must be UTF-8 text.")) from None
    if "\x00" in text:
        raise CsvInvalid(N_("The CSV file must be UTF-8 text."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise CsvInvalid(N_("The CSV file is empty.")) from None
    except csv.Error:
        raise CsvInvalid(N_("The CSV file could not be read.")) from None
    if any(name not in header for name in required):
        raise CsvInvalid(N_("The first line must name the columns: %(columns)s."),
                         {"columns": ", ".join(required)})
    rows = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            rows.append((reader.line_num, dict(zip(header, (c.strip() for c in cells),
                                                   strict=False))))
            if len(rows) > MAX_ROWS:
                raise CsvInvalid(N_("At most 5000 rows per file."))
    except csv.Error:
        raise CsvInvalid(N_("The CSV file could not be read.")) from None
    if not rows:
        raise CsvInvalid(N_("The CSV file has no rows."))
    return rows
