"""An A4 PDF with embedded fonts for every shipped script, shaped text and page numbers."""

from fpdf import FPDF

from ipp.i18n.markers import N_
from ipp.reports.fonts import find_fonts
from ipp.reports.translate import Translator

CJK_LOCALES = frozenset({"ja", "ko", "zh_Hans", "zh_Hant"})


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

    def fit(self, text: str, width: float) -> str:
        """The text cut with an ellipsis so that it fits the cell."""
        room = width - 1.5
        if not text or self.get_string_width(text) <= room:
            return text
        cut = text[: max(1, int(len(text) * room / self.get_string_width(text)))]
        while len(cut) > 1 and self.get_string_width(cut + "…") > room:
            cut = cut[:-1]
        return cut + "…"
