"""Page setup, fonts and paragraph styles of the printed documents, read from resources/reports."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict
from reportlab.lib import pagesizes
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from clinic_desktop.knowledge.yaml_loader import load_yaml_model
from clinic_desktop.paths import resource_path


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PageMargins(_Strict):
    size: Literal["A4", "LETTER"]
    margin_left: float
    margin_right: float
    margin_top: float
    margin_bottom: float


class FontFamily(_Strict):
    normal: str
    bold: str
    italic: str
    bold_italic: str


class TextStyle(_Strict):
    font: str
    size: float
    leading: float
    color: str
    space_before: float = 0
    space_after: float = 0
    left_indent: float = 0
    first_line_indent: float = 0
    keep_with_next: bool = False


class FooterStyle(_Strict):
    font: str
    size: float


class DiarySetup(_Strict):
    rows: int
    row_height: float
    column_widths: list[float]


class IllustrationSetup(_Strict):
    width: float
    height: float
    by_item: dict[str, list[str]] = {}


class FallbackFont(_Strict):
    """A font tried, in the setup's order, for characters the style's own font lacks."""

    name: str
    file: str
    subfont: int = 0  # the face within a TrueType collection (.ttc)


class PageSetup(_Strict):
    page: PageMargins
    fonts: dict[str, str]
    fallback_fonts: list[FallbackFont] = []
    families: dict[str, FontFamily]
    colors: dict[str, str]
    footer: FooterStyle
    styles: dict[str, TextStyle]
    diary: DiarySetup
    illustration: IllustrationSetup

    @property
    def pagesize(self) -> tuple[float, float]:
        size: tuple[float, float] = getattr(pagesizes, self.page.size)
        return size

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - self.page.margin_left - self.page.margin_right

    def color(self, name: str) -> Color:
        return HexColor(self.colors.get(name, name))


@cache
def load_page_setup(path: Path | None = None) -> PageSetup:
    """The page setup; its fonts are registered with ReportLab once, on first load."""
    setup = load_yaml_model(path or resource_path("reports", "page.yaml"), PageSetup)
    _register_fonts(setup)
    return setup


def _register_fonts(setup: PageSetup) -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in setup.fonts.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
    for family, members in setup.families.items():
        pdfmetrics.registerFontFamily(
            family,
            normal=members.normal,
            bold=members.bold,
            italic=members.italic,
            boldItalic=members.bold_italic,
        )


def load_fallback_font(setup: PageSetup, name: str) -> None:
    """Register one of the setup's fallback fonts with ReportLab, the first time it is needed.

    Only a document with characters the DejaVu fonts lack pays for it (WenQuanYi Micro Hei:
    about 130 ms to read).
    """
    if name in pdfmetrics.getRegisteredFontNames():
        return
    chosen = next((font for font in setup.fallback_fonts if font.name == name), None)
    if chosen is None:
        raise KeyError(f"no fallback font named {name!r} in the page setup")
    path = str(resource_path("fonts", chosen.file))
    pdfmetrics.registerFont(TTFont(name, path, subfontIndex=chosen.subfont))


def paragraph_styles(setup: PageSetup) -> dict[str, ParagraphStyle]:
    """ReportLab styles built from the setup's text styles, keyed by the same names."""
    return {
        name: ParagraphStyle(
            name,
            fontName=style.font,
            bulletFontName=style.font,
            fontSize=style.size,
            leading=style.leading,
            textColor=setup.color(style.color),
            spaceBefore=style.space_before,
            spaceAfter=style.space_after,
            leftIndent=style.left_indent,
            firstLineIndent=style.first_line_indent,
            keepWithNext=int(style.keep_with_next),
        )
        for name, style in setup.styles.items()
    }
