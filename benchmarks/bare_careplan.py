"""The bare side of bench_careplan_pdf.py: a plain ReportLab script making the same pages.

    python benchmarks/bare_careplan.py SPEC.json CONTENT.pickle OUT.pdf

It registers the same TrueType fonts (SPEC's font files), rebuilds the same
flowables (paragraphs are made anew from their markup and style, as a script
that writes its own document does; tables, drawings and the barcode come as
they are) and lays them out on the same page size and margins, with a page
number in the footer. It imports nothing of Clinic Desktop.
"""

import json
import pickle  # reads the benchmark's own file, written a moment before
import sys

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate


def main() -> None:
    spec_path, content_path, out = sys.argv[1:4]
    with open(spec_path, encoding="utf-8") as file:
        spec = json.load(file)
    for name, path in spec["fonts"].items():
        pdfmetrics.registerFont(TTFont(name, path))
    for family, members in spec["families"].items():
        pdfmetrics.registerFontFamily(family, **members)
    with open(content_path, "rb") as file:
        flowables = pickle.load(file)
    footer_font, footer_size = spec["footer_font"], spec["footer_size"]

    def footer(canvas, document):  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(footer_font, footer_size)
        canvas.drawRightString(
            spec["pagesize"][0] - spec["margins"][1], spec["margins"][3] / 2, f"{document.page}"
        )
        canvas.restoreState()

    left, right, top, bottom = spec["margins"]
    width, height = spec["pagesize"]
    document = BaseDocTemplate(
        out, pagesize=(width, height), initialFontName=footer_font,
        leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
    )  # fmt: skip
    frame = Frame(left, bottom, width - left - right, height - top - bottom, 0, 0, 0, 0)
    document.addPageTemplates([PageTemplate(frames=[frame], onPage=footer)])
    document.build(flowables)


if __name__ == "__main__":
    main()
