# ruff: noqa: E501  (the package's fixed XML parts read best unbroken)
"""A minimal streaming XLSX writer: rows go straight into the zip, so memory stays flat and fast.

openpyxl's write-only mode needs lxml to be fast (about 17 s for 100,000 rows without it);
a report sheet needs only strings, numbers, dates, one frozen header row and an autofilter."""

import re
import zipfile
from collections.abc import Iterable
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

EPOCH = datetime(1899, 12, 30)
# XML 1.0 refuses most control characters; listing titles come from sellers.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
STYLE_DATE, STYLE_HEADER, STYLE_NUMBER = 1, 2, 3

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _workbook(sheet_name: str, columns: int, rows: int) -> str:
    ref = f"'{sheet_name}'!$A$1:${get_column_letter(columns)}${rows}"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS}><sheets>'
            f'<sheet name={quoteattr(sheet_name)} sheetId="1" r:id="rId1"/></sheets>'
            f'<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" '
            f'hidden="1">{escape(ref)}</definedName></definedNames></workbook>')


def _cell(ref: str, value, header: bool = False) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        serial = (value - EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{STYLE_DATE}"><v>{serial:.8f}</v></c>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}" s="{STYLE_NUMBER}"><v>{value}</v></c>'
    text = escape(_ILLEGAL.sub("", str(value)))
    style = f' s="{STYLE_HEADER}"' if header else ""
    return f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_head(widths: Iterable[float], rtl: bool) -> str:
    cols = "".join(f'<col min="{k}" max="{k}" width="{w}" customWidth="1"/>'
                   for k, w in enumerate(widths, 1))
    view = ('<sheetView workbookViewId="0"' + (' rightToLeft="1"' if rtl else "") + '>'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}>'
            f"<sheetViews>{view}</sheetViews><cols>{cols}</cols><sheetData>")


def write_sheet(target, *, sheet_name: str, header: list[str], rows: Iterable[list],
                widths: list[float], rtl: bool = False, chunk: int = 500) -> int:
    """Writes one sheet (header row, then rows) to a path or binary file; returns the row count."""
    letters = [get_column_letter(k) for k in range(1, len(header) + 1)]
    count = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        book.writestr("xl/styles.xml", STYLES)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            parts = [_sheet_head(widths, rtl), '<row r="1">',
                     *(_cell(f"{c}1", v, True) for c, v in zip(letters, header, strict=True)),
                     "</row>"]
            for count, values in enumerate(rows, 1):
                n = count + 1
                parts.append(f'<row r="{n}">')
                parts.extend(_cell(f"{c}{n}", v) for c, v in zip(letters, values, strict=True))
                parts.append("</row>")
                if count % chunk == 0:
                    sheet.write("".join(parts).encode())
                    parts.clear()
            parts.append(f'</sheetData><autoFilter ref="A1:{letters[-1]}{count + 1}"/></worksheet>')
            sheet.write("".join(parts).encode())
        book.writestr("xl/workbook.xml", _workbook(sheet_name, len(header), count + 1))
    return count
