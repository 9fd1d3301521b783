"""Lay out a :class:`~recovery.report.Report` as a PDF with fpdf2 (the only module that imports it).

Fonts are embedded (Roboto, with DejaVu Sans as fallback for other scripts), so °, ≥,
accented names and notes in any language print correctly on any computer. Every page
carries the export date and "Page N of M". The headings are in the report's language
(:attr:`Report.language`), the same as its content.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from recovery import palette
from recovery.chart_scale import TEMPERATURE_SCALE_C, temperature_ticks
from recovery.date_words import day_month
from recovery.i18n import Language, language
from recovery.paths import ASSETS_DIR
from recovery.report import Report

FONT_DIR = ASSETS_DIR / "fonts"
PAGE_MARGIN_MM = 14
Progress = Callable[[float], None]


def _rgb(colour: palette.RGBA) -> tuple[int, int, int]:
    return tuple(round(channel * 255) for channel in colour[:3])  # type: ignore[return-value]


class _ReportPDF(FPDF):
    def __init__(self, exported_at: str, words: Language | None = None) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.exported_at = exported_at
        self.words = words or language()
        self.set_margins(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM)
        self.set_auto_page_break(True, margin=PAGE_MARGIN_MM + 4)
        self.add_font("Roboto", "", str(FONT_DIR / "Roboto-Regular.ttf"))
        self.add_font("Roboto", "B", str(FONT_DIR / "Roboto-Bold.ttf"))
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.set_fallback_fonts(["DejaVu"], exact_match=False)
        self.set_text_color(*_rgb(palette.TEXT))
        self.set_title(self.words._("Recovery report"))
        self.set_creator("Recovery Companion")
        self.set_lang(self.words.code)

    def footer(self) -> None:
        self.set_y(-PAGE_MARGIN_MM)
        self.set_font("Roboto", size=8)
        self.set_text_color(*_rgb(palette.MUTED_TEXT))
        footer = self.words._(
            "Recovery Companion · exported {when} · patient-reported, not a diagnosis · Page {page} of {pages}"
        )
        self.cell(0, 5, footer.format(when=self.exported_at, page=self.page_no(), pages="{nb}"), align="C")
        self.set_text_color(*_rgb(palette.TEXT))

    def heading(self, text: str, size: float = 12) -> None:
        self.ln(2)
        self.set_font("Roboto", "B", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(1)

    def body(self, text: str, size: float = 9.5, bold: bool = False) -> None:
        self.set_font("Roboto", "B" if bold else "", size)
        self.multi_cell(0, size * 0.48, text, new_x="LMARGIN", new_y="NEXT", align="L")


def _chart(pdf: _ReportPDF, report: Report, height: float = 48) -> None:
    """Pain (blue, left scale) and highest temperature (red, right scale) per day; call days shaded."""
    days = report.review.days
    left = pdf.l_margin + 8
    right = pdf.w - pdf.r_margin - 10
    top = pdf.get_y() + 2
    bottom = top + height
    column = (right - left) / len(days)
    low, high = TEMPERATURE_SCALE_C

    def y_pain(value: float) -> float:
        return bottom - (bottom - top) * value / 10

    def y_temperature(celsius: float) -> float:
        clamped = min(max(celsius, low), high)
        return bottom - (bottom - top) * (clamped - low) / (high - low)

    for index, day in enumerate(days):
        level = str(day.level) if day.level else ""
        if level in ("call_doctor", "emergency"):
            pdf.set_fill_color(*_rgb(palette.LEVEL_TINTS[level]))
            pdf.rect(left + index * column, top, column, bottom - top, style="F")
    pdf.set_draw_color(*_rgb(palette.DIVIDER))
    pdf.set_line_width(0.2)
    pdf.set_font("Roboto", size=7)
    for value in (0, 5, 10):
        pdf.line(left, y_pain(value), right, y_pain(value))
        pdf.set_text_color(*_rgb(palette.PAIN_LINE))
        pdf.text(left - 6, y_pain(value) + 1, str(value))
    for celsius, label in temperature_ticks(report.unit):
        pdf.set_text_color(*_rgb(palette.TEMPERATURE_LINE))
        pdf.text(right + 1.5, y_temperature(celsius) + 1, label)

    def x_of(index: int) -> float:
        return left + column * (index + 0.5)

    temperatures = [(x_of(i), y_temperature(d.highest_temperature_c)) for i, d in enumerate(days) if d.highest_temperature_c]
    pains = [(x_of(i), y_pain(d.worst_pain)) for i, d in enumerate(days) if d.worst_pain is not None]
    pdf.set_draw_color(*_rgb(palette.TEMPERATURE_LINE))
    pdf.set_fill_color(*_rgb(palette.TEMPERATURE_LINE))
    pdf.set_line_width(0.4)
    if len(temperatures) > 1:
        pdf.polyline(temperatures)
    for x, y in temperatures:
        pdf.rect(x - 0.8, y - 0.8, 1.6, 1.6, style="F")
    pdf.set_draw_color(*_rgb(palette.PAIN_LINE))
    pdf.set_fill_color(*_rgb(palette.PAIN_LINE))
    pdf.set_line_width(0.6)
    if len(pains) > 1:
        pdf.polyline(pains)
    for x, y in pains:
        pdf.circle(x, y, 1.0, style="F")
    pdf.set_text_color(*_rgb(palette.MUTED_TEXT))
    labels = [day_month(day.day, pdf.words) for day in days]
    label_every = date_label_step(max(pdf.get_string_width(label) for label in labels), column)
    for index, label in enumerate(labels):
        if index % label_every == 0:
            pdf.text(x_of(index) - pdf.get_string_width(label) / 2, bottom + 3.5, label)
    pdf.set_text_color(*_rgb(palette.TEXT))
    _neutral(pdf)
    pdf.set_y(bottom + 5)
    pdf.body(
        pdf.words._(
            "Blue: worst pain of the day (0-10, left). Red: highest temperature (right). "
            "Shaded days: orange reached 'call today', red reached 'emergency'."
        ),
        8,
    )


def date_label_step(widest: float, column: float, gap: float = 1.5) -> int:
    """Label every n-th day so that no two date labels touch (widths in the same unit as ``column``)."""
    return max(1, math.ceil((widest + gap) / column))


def _neutral(pdf: FPDF) -> None:
    """Back to plain drawing state, so tables are not filled with the chart's colours."""
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(*_rgb(palette.DIVIDER))
    pdf.set_line_width(0.2)


TABLE_STYLE = {"borders_layout": "HORIZONTAL_LINES", "cell_fill_mode": "NONE", "text_align": "LEFT"}


def render_report(report: Report, progress: Progress | None = None) -> bytes:
    """The PDF for ``report``; ``progress`` (0 to 1) is called as the log is laid out."""
    words = language(report.language)
    _ = words._
    pdf = _ReportPDF(report.exported_at, words)
    _neutral(pdf)
    pdf.add_page()
    pdf.heading(report.title, 16)
    pdf.body(report.range_text, 11)
    pdf.ln(2)
    headings = FontFace(emphasis="BOLD", fill_color=_rgb(palette.CHIP))
    pdf.set_font("Roboto", size=9.5)
    with pdf.table(col_widths=(34, 146), first_row_as_headings=False, line_height=4.6, padding=0.8, **TABLE_STYLE) as table:
        for label, value in report.patient:
            row = table.row()
            row.cell(label, style=FontFace(emphasis="BOLD"))
            row.cell(value)
    pdf.ln(2)
    for line in report.summary:
        pdf.body(line, 10)
    _chart(pdf, report)

    pdf.heading(_("Check-ins that reached 'call today' or 'emergency'"))
    if report.events:
        pdf.set_font("Roboto", size=9)
        with pdf.table(col_widths=(28, 22, 130), headings_style=headings, line_height=4.4, padding=0.8, **TABLE_STYLE) as table:
            header = table.row()
            for text in (_("When"), _("Level"), _("Reported")):
                header.cell(text)
            for event in report.events:
                row = table.row()
                row.cell(event.when)
                row.cell(
                    event.level_word,
                    style=FontFace(
                        emphasis="BOLD",
                        color=_rgb(palette.LEVEL_COLOURS[event.level][1]),
                        fill_color=_rgb(palette.LEVEL_COLOURS[event.level][0]),
                    ),
                )
                row.cell(event.what)
    else:
        pdf.body(_("None in this period."))

    # The patient's questions before the plan's tables: page 1 is what a clinician reads in the visit.
    pdf.heading(_("Questions for this visit"))
    if report.questions:
        for question in report.questions:
            pdf.body(f"•  {question}", 10)
    else:
        pdf.body(_("None noted."))

    pdf.heading(_("Restrictions and milestones"))
    pdf.set_font("Roboto", size=8.5)
    with pdf.table(col_widths=(90, 90), headings_style=headings, line_height=4.0, padding=0.6, **TABLE_STYLE) as table:
        header = table.row()
        header.cell(_("Restriction"))
        header.cell(_("Milestone"))
        for index in range(max(len(report.restrictions), len(report.milestones))):
            row = table.row()
            restriction = report.restrictions[index] if index < len(report.restrictions) else None
            milestone = report.milestones[index] if index < len(report.milestones) else None
            row.cell(_("{title}: {status}").format(title=restriction.title, status=restriction.status) if restriction else "")
            row.cell(_("{title}: {status}").format(title=milestone.title, status=milestone.status) if milestone else "")

    if report.instructions:
        pdf.heading(_("Other instructions on the discharge sheet (as the patient entered them)"))
        pdf.body(report.instructions, 9.5)

    pdf.heading(_("Refills and dose changes"))
    if report.pump_events:
        pdf.body("; ".join(report.pump_events), 9.5)
    else:
        pdf.body(_("None logged."))

    if pdf.page == 1:  # the summary fits on one page: the log starts on the next
        pdf.add_page()
    # else the summary spilled over: the log follows on the same page, not after a near-empty one
    pdf.heading(_("Day-by-day log"), 14)
    pdf.set_font("Roboto", size=8.5)
    with pdf.table(
        col_widths=(20, 11, 10, 17, 20, 46, 56), headings_style=headings, line_height=4.0, padding=0.6, **TABLE_STYLE
    ) as table:
        header = table.row()
        # Translators: the log's column headings; the columns are narrow, so short words (or abbreviations) fit best
        for text in (_("Date"), _("Time"), _("Pain"), _("Temp"), _("Level"), _("Signs"), _("Notes")):
            header.cell(text)
        total = max(1, len(report.log))
        for index, entry in enumerate(report.log):
            row = table.row()
            for text in (entry.day, entry.time, entry.pain, entry.temperature, entry.level, entry.signs, entry.notes):
                row.cell(text)
            if progress and index % 25 == 0:
                progress(index / total)
    data = bytes(pdf.output())
    if progress:
        progress(1.0)
    return data


def write_report(report: Report, path: Path, progress: Progress | None = None) -> Path:
    """Render and write the report atomically with mode 0600."""
    from recovery.export import write_private_file

    return write_private_file(path, render_report(report, progress))
