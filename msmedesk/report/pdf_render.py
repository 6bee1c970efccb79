"""Render the draft report with Qt: PDF files, print and print preview.

QTextDocument has no footnotes and its own printing adds only page numbers, so pages
are laid out here (wto-conventions.md, "Footnotes in Qt's PDF and print"): the body is
one QTextDocument whose lines are dealt out to pages; each note goes to the page of its
marker; a page's body area shrinks by the measured height of its note block (a short
rule and the notes, one small QTextDocument) as lines are added; each page's lines,
rule and notes are then painted with QPainter, the notes at the foot of the page. The
layout is ``pdf_layout``'s; this module paints it.

Only QtGui is used, so PDF output needs no QtWidgets; the same ``paint_report`` draws
on the QPrinter that QPrintPreviewDialog.paintRequested hands over.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from msmedesk.report.header import (
    ORIGINAL,
    date_text,
    first_page_count,
    later_page_number,
    symbol_text,
)
from msmedesk.report.model import Report, Text
from msmedesk.report.pdf_layout import (
    BODY_PT,
    HEADER_MM,
    PDF_DPI,
    PLACEHOLDER_BACKGROUND,
    RULE_MM,
    Body,
    Builder,
    Geometry,
    Line,
    Notes,
    Page,
    paginate,
    report_font,
)

# Lines of page 1's header, the blank one before "Original: English" included.
FIRST_HEADER_LINES = 5


def _draw_lines(painter: QPainter, doc: QTextDocument, lines: list[Line] | None = None) -> None:
    """Draw the given lines of the document (all of them by default) in document units.

    Line by line, because QTextDocument draws whole blocks and Qt does not make a
    line taller for a superscript: a clipped slice either cuts the marker at the top
    of a page or leaves a fleck of it at the foot of the page before.
    """
    if lines is None:
        lines = []
        block = doc.begin()
        while block.isValid():
            lines += [
                Line(0, 0, block.blockNumber(), i, False, False, False)
                for i in range(block.layout().lineCount())
            ]
            block = block.next()
    for line in lines:
        layout = doc.findBlockByNumber(line.block).layout()
        # The text colour is the painter's pen: black on paper, whatever the theme.
        layout.lineAt(line.index).draw(painter, layout.position())


def _paint_text_line(
    painter: QPainter,
    part: Text,
    rect: QRectF,
    align: Qt.AlignmentFlag,
    device: QPagedPaintDevice,
) -> None:
    placeholder = part.style == "placeholder"
    font = report_font(BODY_PT, bold=placeholder)
    painter.setFont(font)
    if placeholder:
        metrics = QFontMetricsF(font, device)
        width = metrics.horizontalAdvance(part.text)
        if align & Qt.AlignmentFlag.AlignRight:
            left = rect.right() - width
        elif align & Qt.AlignmentFlag.AlignHCenter:
            left = rect.center().x() - width / 2
        else:
            left = rect.left()
        painter.fillRect(QRectF(left, rect.top(), width, metrics.height()), PLACEHOLDER_BACKGROUND)
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignTop), part.text)


def paint_report(report: Report, printer: QPagedPaintDevice) -> int:
    """Lay out and paint the report on a QPdfWriter or QPrinter; return the page count."""
    QGuiApplication.instance() or QGuiApplication([])
    painter = QPainter()
    # Fail before the work of laying out if the file cannot be written.
    if not painter.begin(printer):
        raise OSError("cannot paint on the printer or PDF file (is the file writable?)")
    try:
        geometry = Geometry.of(printer)
        builder = Builder(printer, geometry)
        body = Body(builder, report)
        notes = Notes(builder, report)
        sheet = _Sheet(painter, printer, geometry, report)
        pages = paginate(body.lines(), notes, geometry.body.height(),
                         geometry.body.height() - sheet.first_drop)
        for number, page in enumerate(pages, start=1):
            if number > 1:
                printer.newPage()
            sheet.paint(number, len(pages), page, body, notes)
    finally:
        painter.end()
    return len(pages)


class _Sheet:
    """Paints laid-out pages: the WTO header, body lines, notes under a rule."""

    def __init__(self, painter: QPainter, printer: QPagedPaintDevice, geometry: Geometry,
                 report: Report) -> None:
        self.painter = painter
        self.printer = printer
        self.geometry = geometry
        self.symbol = symbol_text(report)
        self.date = date_text(report)
        self.line_height = QFontMetricsF(report_font(BODY_PT), printer).lineSpacing()
        # Page 1's header (symbol, date, "Page: 1/N", a blank line, "Original: English")
        # is taller than the top margin: the body starts a blank line below it.
        header_bottom = geometry.mm(HEADER_MM) + (FIRST_HEADER_LINES + 1) * self.line_height
        self.first_drop = max(0.0, header_bottom - geometry.body.top())

    def paint(self, number: int, total: int, page: Page, body: Body, notes: Notes) -> None:
        """Paint page ``number`` of ``total`` (counting from 1)."""
        painter, geometry = self.painter, self.geometry
        area = geometry.body
        painter.resetTransform()
        # From here on, coordinates are on the paper, whatever the device margins.
        painter.translate(-geometry.origin)
        painter.setPen(QPen(Qt.GlobalColor.black))
        self._paint_header(number, total)

        # Body: this page's lines of the body document, first line at the top margin
        # (on page 1, below the header).
        top = area.top() + (self.first_drop if number == 1 else 0)
        painter.save()
        painter.translate(area.left(), top - page.lines[0].top)
        _draw_lines(painter, body.doc, page.lines)
        painter.restore()

        if page.notes:
            self._paint_notes(notes.document(page.notes), notes.gap)

    def _paint_header(self, number: int, total: int) -> None:
        """Page 1: symbol, date, "Page: 1/N", "Original: English" at the right, as WTO
        documents; later pages: the symbol at the right and "- n -" centred under it."""
        area, line_height = self.geometry.body, self.line_height
        line = QRectF(area.left(), self.geometry.mm(HEADER_MM), area.width(), line_height)
        right = Qt.AlignmentFlag.AlignRight
        if number == 1:
            lines = [self.symbol, self.date, Text(first_page_count(total)), None,
                     Text(ORIGINAL)]
        else:
            lines = [self.symbol]
        for k, part in enumerate(lines):
            if part is not None:
                _paint_text_line(self.painter, part, line.translated(0, k * line_height),
                                 right, self.printer)
        if number > 1:
            _paint_text_line(self.painter, Text(later_page_number(number)),
                             line.translated(0, line_height), Qt.AlignmentFlag.AlignHCenter,
                             self.printer)

    def _paint_notes(self, doc: QTextDocument, gap: float) -> None:
        # The notes at the foot of the body area, under a short rule.
        painter, geometry, area = self.painter, self.geometry, self.geometry.body
        top = area.bottom() - doc.size().height()
        rule_y = top - gap / 2
        painter.setPen(QPen(Qt.GlobalColor.black, geometry.pt(0.5)))
        rule_end = area.left() + geometry.mm(RULE_MM)
        painter.drawLine(QPointF(area.left(), rule_y), QPointF(rule_end, rule_y))
        painter.save()
        painter.translate(area.left(), top)
        painter.setPen(QPen(Qt.GlobalColor.black))
        _draw_lines(painter, doc)
        painter.restore()


def render_pdf(report: Report, path: Path) -> int:
    """Write the report as an A4 PDF to ``path``; return the number of pages."""
    QGuiApplication.instance() or QGuiApplication([])
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    # Margins are drawn by paint_report; the writer's own would shift everything.
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(PDF_DPI)
    writer.setTitle(f"{report.title}: {report.subtitle}")
    writer.setCreator("msmedesk")
    return paint_report(report, writer)
