"""The pump card as a one-page PDF: who, which pump and medicine, whom to call, and the cautions away from home.

In the current language, like the lines and cautions passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from recovery import palette
from recovery.export.pdf import _neutral, _ReportPDF, _rgb
from recovery.i18n import _
from recovery.pump import Item


def render_card(lines: Sequence[tuple[str, str]], cautions: Sequence[Item], emergency_number: str, exported_at: str) -> bytes:
    pdf = _ReportPDF(exported_at)
    _neutral(pdf)
    pdf.add_page()
    pdf.set_draw_color(*_rgb(palette.LEVEL_COLOURS["emergency"][0]))
    pdf.set_line_width(0.8)
    top = pdf.get_y()
    pdf.set_font("Roboto", "B", 16)
    pdf.cell(0, 9, _("I have an implanted drug pump"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Roboto", "", 10.5)
    pdf.multi_cell(
        0,
        5,
        _(
            "In an emergency call {number}. Show this card to the ambulance crew, the emergency department, "
            "any doctor, dentist or scanner staff, and at airport security."
        ).format(number=emergency_number),
        new_x="LMARGIN",
        new_y="NEXT",
        align="L",
    )
    pdf.ln(2)
    for label, value in lines:
        pdf.set_font("Roboto", "B", 11)
        pdf.cell(38, 7, label)
        pdf.set_font("Roboto", "", 11)
        pdf.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.rect(pdf.l_margin - 3, top - 3, pdf.w - pdf.l_margin - pdf.r_margin + 6, pdf.get_y() - top + 6)
    _neutral(pdf)
    pdf.ln(8)
    pdf.heading(_("Cautions"))
    for caution in cautions:
        pdf.body(caution.title, 10.5, bold=True)
        pdf.body(caution.detail, 10)
        pdf.ln(1.5)
    pdf.ln(2)
    pdf.body(
        _("Cut out the framed part and keep it with your ID. This card was made by Recovery Companion from your own entries."),
        8.5,
    )
    return bytes(pdf.output())


def write_card(path: Path, lines: Sequence[tuple[str, str]], cautions: Sequence[Item], emergency_number: str, exported_at: str) -> Path:
    from recovery.export import write_private_file

    return write_private_file(path, render_card(lines, cautions, emergency_number, exported_at))
