"""An A4 PDF with embedded fonts for every shipped script, shaped text and page numbers."""

import re

from fpdf import FPDF

from ipp.i18n.markers import N_
from ipp.reports.fonts import find_fonts
from ipp.reports.translate import Translator

CJK_LOCALES = frozenset({"ja", "ko", "zh_Hans", "zh_Hant"})
# Scripts that need harfbuzz shaping or bidi reordering: Hebrew, Arabic, Syriac, Thaana, NKo,
# Indic, Thai, Lao, Tibetan, Myanmar, Khmer, and the Arabic/Hebrew presentation forms.
_NEEDS_SHAPING = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f"
                            "\u1780-\u17ff\ufb1d-\ufdff\ufe70-\ufeff]")


class ReportPDF(FPDF):
    """Primary font by the reader's language, the others as fallbacks for names in data."""

    def __init__(self, tr: Translator, *, orientation: str = "L"):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        fonts = find_fonts()
        for family in ("latin", "cjk", "arabic"):
            path = getattr(fonts, family)
            extra = {"collection_font_number": 0} if path.suffix == ".ttc" else {}
            self.add_font(family, fname=str(path), **extra)
        primary = "cjk" if tr.lang in CJK_LOCALES else "arabic" if tr.rtl else "latin"
        self.set_font(primary, size=9)
        self.set_fallback_fonts([f for f in ("latin", "cjk", "arabic") if f != primary],
                                exact_match=False)
        # harfbuzz shaping joins Arabic letters and orders right-to-left runs.
        self.set_text_shaping(True)
        self._shaping = self.text_shaping
        self._widths: dict[tuple, float] = {}
        self.tr = tr
        self.align = "R" if tr.rtl else "L"
        self.alias_nb_pages()
        self.set_auto_page_break(True, margin=14)
        self.set_margins(10, 10, 10)

    def footer(self) -> None:
        self.set_y(-11)
        size = self.font_size_pt
        self.set_font_size(7)
        self.cell(0, 5, self.tr(N_("Page %(page)s of %(pages)s"), page=str(self.page_no()),
                                pages="{nb}"), align="C")
        self.set_font_size(size)

    def line_text(self, text: str, *, size: float = 9, height: float = 6) -> None:
        self.set_font_size(size)
        self.multi_cell(0, height, text, align=self.align, new_x="LMARGIN", new_y="NEXT")

    def shape_for(self, text: str) -> None:
        """Shaping and bidi only for text that needs them: for Latin and CJK they change
        nothing on the page but cost most of a table's time (a cell at a time)."""
        self.text_shaping = self._shaping if _NEEDS_SHAPING.search(text) else None

    def width_of(self, text: str) -> float:
        """get_string_width, remembered: a table repeats the same labels and dates."""
        key = (text, self.font_family, self.font_size_pt)
        width = self._widths.get(key)
        if width is None:
            self.shape_for(text)
            width = self._widths[key] = self.get_string_width(text)
        return width

    def table_cell(self, width: float, height: float, text: str, **options) -> None:
        text = self.fit(text, width)
        self.shape_for(text)
        self.cell(width, height, text, **options)
        self.text_shaping = self._shaping

    def fit(self, text: str, width: float) -> str:
        """The text cut with an ellipsis so that it fits the cell."""
        room = width - 1.5
        if not text or self.width_of(text) <= room:
            return text
        cut = text[: max(1, int(len(text) * room / self.width_of(text)))]
        while len(cut) > 1 and self.width_of(cut + "…") > room:
            cut = cut[:-1]
        return cut + "…"
