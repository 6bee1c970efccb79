"""Render the draft report with Qt: PDF files, print and print preview.

QTextDocument has no footnotes and its own printing adds only page numbers, so pages
are laid out here (wto-conventions.md, "Footnotes in Qt's PDF and print"): the body is
one QTextDocument whose lines are dealt out to pages; each note goes to the page of its
marker; a page's body area shrinks by the measured height of its note block (a short
rule and the notes, one small QTextDocument) as lines are added; each page's lines,
rule and notes are then painted with QPainter, the notes at the foot of the page.

Only QtGui is used, so PDF output needs no QtWidgets; the same ``paint_report`` draws
on the QPrinter that QPrintPreviewDialog.paintRequested hands over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)

from msmedesk.report.model import (
    DATE_PLACEHOLDER,
    SYMBOL_PLACEHOLDER,
    Footnote,
    Inline,
    NoteRef,
    Paragraph,
    Report,
    Subsection,
    Text,
    heading_case,
)

# WTO page: A4, 2.5 cm margins, header and footer 1.27 cm from the paper edge.
MARGIN_MM = 25.0
HEADER_MM = 12.7
FOOTER_MM = 12.7
INDENT_MM = 12.7  # hanging indent holding "2.1." or "3.1"
RULE_MM = 50.0  # length of the rule above the notes, as Word's separator
FONT_FAMILIES = ["Verdana", "DejaVu Sans"]  # DejaVu Sans descends from Verdana's design
BODY_PT = 9.0
NOTE_PT = 8.0
PDF_DPI = 300
PLACEHOLDER_BACKGROUND = QColor(255, 255, 0)
_LINE_BREAK = "\u2028"  # QChar::LineSeparator: a break that keeps the paragraph whole
# Qt may break a line after "/" or "-"; a WORD JOINER there keeps a document symbol
# ("INF/MSME/W/46/Rev.3") on one line. It prints nothing, and copied text and search
# in the PDF still see the plain symbol.
_WORD_JOINER = "\u2060"
# What QTextCursor.insertText would make a new block of: line ends and the paragraph
# separator become line breaks inside the paragraph; Qt's own frame markers (noncharacters
# that print nothing) are left out.
_BLOCK_BREAKS = {ord("\n"): _LINE_BREAK, 0x2029: _LINE_BREAK, 0xFDD0: None, 0xFDD1: None}


def _font(points: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


@dataclass(frozen=True)
class _Geometry:
    """Page geometry in device pixels, with the paper's top-left corner at (0, 0)."""

    dpi: float
    paper: QRectF
    # Where the painter's origin lies on the paper: devices paint inside their margins.
    origin: QPointF

    @classmethod
    def of(cls, device: QPagedPaintDevice) -> _Geometry:
        dpi = float(device.logicalDpiY())
        layout = device.pageLayout()
        resolution = round(dpi)
        paint = layout.paintRectPixels(resolution)
        return cls(dpi, QRectF(layout.fullRectPixels(resolution)), QPointF(paint.topLeft()))

    def mm(self, value: float) -> float:
        return value * self.dpi / 25.4

    def pt(self, value: float) -> float:
        return value * self.dpi / 72.0

    @property
    def body(self) -> QRectF:
        m = self.mm(MARGIN_MM)
        return self.paper.adjusted(m, m, -m, -m)


@dataclass
class _Line:
    """One laid-out line of the body document."""

    top: float
    bottom: float
    block: int
    index: int  # within its block
    first: bool  # first line of its paragraph
    last: bool  # last line of its paragraph
    keep_with_next: bool  # a title or heading line: never the last line of a page
    notes: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Page:
    lines: list[_Line]
    notes: tuple[int, ...]


class _Builder:
    """Fills QTextDocuments with report text through QTextCursor, never as HTML."""

    def __init__(self, device: QPagedPaintDevice, geometry: _Geometry) -> None:
        self.device = device
        self.geometry = geometry
        self.width = geometry.body.width()
        self.indent = geometry.mm(INDENT_MM)
        self.tab_scale = self._tab_scale()
        self.spacing_scale = self._spacing_scale()

    def new_document(self, points: float) -> QTextDocument:
        doc = QTextDocument()
        # Lay out with the printer's metrics, so that what is measured is what prints.
        doc.documentLayout().setPaintDevice(self.device)
        doc.setDocumentMargin(0)
        doc.setDefaultFont(_font(points))
        doc.setTextWidth(self.width)
        return doc

    def _tab_scale(self) -> float:
        # Qt scales tab positions by device DPI / screen DPI, but not left margins;
        # measure the factor rather than guess the screen's DPI.
        doc = self.new_document(BODY_PT)
        cursor = QTextCursor(doc)
        fmt = QTextBlockFormat()
        fmt.setTabPositions([QTextOption.Tab(1000.0, QTextOption.TabType.LeftTab)])
        cursor.setBlockFormat(fmt)
        cursor.insertText("\tx")
        doc.size()
        # The stub says object: PySide6 gives (x, position) or x, depending on the version.
        found = doc.begin().layout().lineAt(0).cursorToX(1)
        x = found[0] if isinstance(found, tuple) else found
        return x / 1000.0 if isinstance(x, int | float) and x > 0 else 1.0

    def _spacing_scale(self) -> float:
        # Top and bottom block margins get the same scaling as tabs in some Qt
        # versions and none in others: measure it too.
        doc = self.new_document(BODY_PT)
        cursor = QTextCursor(doc)
        fmt = QTextBlockFormat()
        fmt.setBottomMargin(1000.0)
        cursor.setBlockFormat(fmt)
        cursor.insertText("x")
        cursor.insertBlock(QTextBlockFormat())
        cursor.insertText("x")
        doc.size()
        first = doc.begin().layout()
        gap = doc.lastBlock().layout().position().y() - first.lineAt(0).height()
        return gap / 1000.0 if gap > 0 else 1.0

    def spacing(self, fmt: QTextBlockFormat, *, before: float = 0, after: float = 0) -> None:
        """Space above and below a paragraph, in points."""
        fmt.setTopMargin(self.geometry.pt(before) / self.spacing_scale)
        fmt.setBottomMargin(self.geometry.pt(after) / self.spacing_scale)

    def hanging(self, fmt: QTextBlockFormat) -> None:
        """Number at the margin, a tab to the indent, continuation lines at the indent."""
        fmt.setLeftMargin(self.indent)
        fmt.setTextIndent(-self.indent)
        fmt.setTabPositions(
            [QTextOption.Tab(self.indent / self.tab_scale, QTextOption.TabType.LeftTab)]
        )

    @staticmethod
    def char_format(part: Text | None = None, *, bold: bool = False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if part is None:
            return fmt
        if part.style == "sup":
            fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
        elif part.style == "italic":
            fmt.setFontItalic(True)
        elif part.style == "placeholder":
            # Staff must see every gap they still have to fill.
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setBackground(PLACEHOLDER_BACKGROUND)
        return fmt

    @staticmethod
    def insert(cursor: QTextCursor, text: str, fmt: QTextCharFormat) -> None:
        # insertText starts a new block at "\n", U+2029 and Qt's frame markers: a block
        # the report did not make (its keep flag missing) or a paragraph split in two.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        cursor.insertText(text.translate(_BLOCK_BREAKS), fmt)

    def marker(self, cursor: QTextCursor, number: int) -> int:
        """Insert the superscript marker of note ``number``; return its position."""
        position = cursor.position()
        fmt = QTextCharFormat()
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
        cursor.insertText(str(number), fmt)
        return position

    def inline(
        self, cursor: QTextCursor, parts: tuple[Inline, ...], markers: list[tuple[int, int]]
    ) -> None:
        for part in parts:
            if isinstance(part, NoteRef):
                markers.append((part.number, self.marker(cursor, part.number)))
            elif part.style == "symbol":
                joined = part.text.replace("/", "/" + _WORD_JOINER)
                self.insert(cursor, joined.replace("-", "-" + _WORD_JOINER), self.char_format(part))
            else:
                self.insert(cursor, part.text, self.char_format(part))


class _Body:
    """The body document and, per block, whether it must stay with the next one."""

    def __init__(self, builder: _Builder, report: Report) -> None:
        self.doc = builder.new_document(BODY_PT)
        self.keep: list[bool] = []
        self.markers: list[tuple[int, int]] = []
        cursor = QTextCursor(self.doc)

        def block(fmt: QTextBlockFormat, keep: bool) -> None:
            if self.keep:
                cursor.insertBlock(fmt)
            else:
                cursor.setBlockFormat(fmt)
            self.keep.append(keep)

        def centred(after: float) -> QTextBlockFormat:
            fmt = QTextBlockFormat()
            fmt.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            builder.spacing(fmt, after=after)
            return fmt

        def heading(before: float) -> QTextBlockFormat:
            fmt = QTextBlockFormat()
            builder.spacing(fmt, before=before, after=12)
            builder.hanging(fmt)
            return fmt

        bold = builder.char_format(bold=True)
        block(centred(6), keep=True)
        builder.insert(cursor, heading_case(report.title), bold)
        if report.title_note is not None:
            self.markers.append((report.title_note, builder.marker(cursor, report.title_note)))
        block(centred(18), keep=True)
        builder.insert(cursor, heading_case(report.subtitle), bold)
        for section in report.sections:
            block(heading(6), keep=True)
            builder.insert(cursor, f"{section.number}\t{heading_case(section.title)}", bold)
            for item in section.blocks:
                if isinstance(item, Subsection):
                    block(heading(0), keep=True)
                    builder.insert(cursor, f"{item.number}\t{item.title}", bold)
                elif isinstance(item, Paragraph):
                    fmt = QTextBlockFormat()
                    fmt.setAlignment(Qt.AlignmentFlag.AlignJustify)
                    builder.spacing(fmt, after=9)
                    builder.hanging(fmt)
                    block(fmt, keep=False)
                    builder.insert(cursor, f"{item.number}\t", QTextCharFormat())
                    builder.inline(cursor, item.content, self.markers)

    def lines(self) -> list[_Line]:
        """Every line of the body in order, with the notes whose markers it holds."""
        self.doc.size()  # forces the layout
        lines: list[_Line] = []
        index: dict[tuple[int, int], _Line] = {}
        block = self.doc.begin()
        while block.isValid():
            layout = block.layout()
            top = layout.position().y()
            count = layout.lineCount()
            for i in range(count):
                line = layout.lineAt(i)
                entry = _Line(
                    top=top + line.y(),
                    bottom=top + line.y() + line.height(),
                    block=block.blockNumber(),
                    index=i,
                    first=i == 0,
                    last=i == count - 1,
                    keep_with_next=self.keep[block.blockNumber()],
                )
                lines.append(entry)
                index[(block.blockNumber(), i)] = entry
            block = block.next()
        for number, position in self.markers:
            block = self.doc.findBlock(position)
            line = block.layout().lineForTextPosition(position - block.position())
            entry = index[(block.blockNumber(), max(line.lineNumber(), 0))]
            if number not in entry.notes:
                entry.notes.append(number)
        return lines


class _Notes:
    """Note blocks for any set of notes, measured once and cached."""

    def __init__(self, builder: _Builder, report: Report) -> None:
        self.builder = builder
        self.report = report
        self.gap = builder.geometry.pt(12)  # space for the rule between body and notes
        self._docs: dict[tuple[int, ...], QTextDocument] = {}

    def document(self, numbers: tuple[int, ...]) -> QTextDocument:
        if numbers not in self._docs:
            doc = self.builder.new_document(NOTE_PT)
            cursor = QTextCursor(doc)
            for k, number in enumerate(numbers):
                fmt = QTextBlockFormat()
                fmt.setAlignment(Qt.AlignmentFlag.AlignJustify)
                self.builder.spacing(fmt, after=2)
                if k:
                    cursor.insertBlock(fmt)
                else:
                    cursor.setBlockFormat(fmt)
                self.builder.marker(cursor, number)
                self.builder.insert(cursor, " ", QTextCharFormat())
                note = _find_note(self.report, number)
                self.builder.inline(cursor, note.content, [])
            doc.size()
            self._docs[numbers] = doc
        return self._docs[numbers]

    def height(self, numbers: tuple[int, ...]) -> float:
        if not numbers:
            return 0.0
        return self.gap + self.document(numbers).size().height()


def _find_note(report: Report, number: int) -> Footnote:
    try:
        return report.footnote(number)
    except KeyError:
        # A marker without its note still prints, with a visible gap to fill.
        return Footnote(number, (Text(f"[note {number} missing]", "placeholder"),))


def _paginate(lines: list[_Line], notes: _Notes, height: float) -> list[_Page]:
    """Cut the lines into pages whose body and note block fit ``height``.

    Adding a line adds its notes to the page, which shrinks the room for body text;
    the page ends at the last line for which body and notes still fit. Because each
    page is settled before the next starts, the breaks cannot oscillate. A note block
    taller than the page is not continued on the next page (Word would); it overflows.
    """
    pages: list[_Page] = []
    i = 0
    while i < len(lines):
        start = lines[i].top
        held: list[int] = []
        j = i
        while j < len(lines):
            extra = [n for n in lines[j].notes if n not in held]
            need = lines[j].bottom - start + notes.height(tuple(held + extra))
            if need > height and j > i:
                break
            held += extra
            j += 1
        j = _polish_break(lines, i, j)
        page_notes: list[int] = []
        for line in lines[i:j]:
            page_notes += [n for n in line.notes if n not in page_notes]
        pages.append(_Page(lines[i:j], tuple(page_notes)))
        i = j
    return pages


def _polish_break(lines: list[_Line], i: int, j: int) -> int:
    """Move the break before ``lines[j]`` earlier to avoid widows, orphans, lone heads.

    Moving lines to the next page only removes notes from this one, so the page
    still fits.
    """
    changed = True
    while changed and j < len(lines):
        changed = False
        before, after = lines[j - 1], lines[j]
        same = before.block == after.block
        if same and after.last and not before.first and j - 1 > i:
            j -= 1  # widow: the last line of a paragraph alone at the top of a page
            changed = True
        elif same and before.first and j - 1 > i:
            j -= 1  # orphan: the first line of a paragraph alone at the foot
            changed = True
        elif before.keep_with_next and j - 1 > i:
            j -= 1  # a heading must not end a page
            changed = True
    return j


def _draw_lines(painter: QPainter, doc: QTextDocument, lines: list[_Line] | None = None) -> None:
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
                _Line(0, 0, block.blockNumber(), i, False, False, False)
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
    font = _font(BODY_PT, bold=placeholder)
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
        geometry = _Geometry.of(printer)
        builder = _Builder(printer, geometry)
        body = _Body(builder, report)
        notes = _Notes(builder, report)
        area = geometry.body
        pages = _paginate(body.lines(), notes, area.height())
        symbol = Text(report.symbol) if report.symbol else Text(SYMBOL_PLACEHOLDER, "placeholder")
        date = Text(report.date) if report.date else Text(DATE_PLACEHOLDER, "placeholder")
        line_height = QFontMetricsF(_font(BODY_PT), printer).lineSpacing()
        for number, page in enumerate(pages, start=1):
            if number > 1:
                printer.newPage()
            painter.resetTransform()
            # From here on, coordinates are on the paper, whatever the device margins.
            painter.translate(-geometry.origin)
            painter.setPen(QPen(Qt.GlobalColor.black))

            # Header: symbol (and on page 1 the date) right-aligned, as WTO documents.
            header = QRectF(area.left(), geometry.mm(HEADER_MM), area.width(), line_height)
            right = Qt.AlignmentFlag.AlignRight
            _paint_text_line(painter, symbol, header, right, printer)
            if number == 1:
                _paint_text_line(painter, date, header.translated(0, line_height), right, printer)

            # Body: this page's lines of the body document, first line at the top margin.
            painter.save()
            painter.translate(area.left(), area.top() - page.lines[0].top)
            _draw_lines(painter, body.doc, page.lines)
            painter.restore()

            # Notes at the foot of the body area, under a short rule.
            if page.notes:
                doc = notes.document(page.notes)
                top = area.bottom() - doc.size().height()
                rule_y = top - notes.gap / 2
                painter.setPen(QPen(Qt.GlobalColor.black, geometry.pt(0.5)))
                rule_end = area.left() + geometry.mm(RULE_MM)
                painter.drawLine(QPointF(area.left(), rule_y), QPointF(rule_end, rule_y))
                painter.save()
                painter.translate(area.left(), top)
                painter.setPen(QPen(Qt.GlobalColor.black))
                _draw_lines(painter, doc)
                painter.restore()

            # Footer: "- 2 -", centred.
            footer = QRectF(
                area.left(),
                geometry.paper.bottom() - geometry.mm(FOOTER_MM) - line_height,
                area.width(),
                line_height,
            )
            _paint_text_line(
                painter, Text(f"- {number} -"), footer, Qt.AlignmentFlag.AlignHCenter, printer
            )
    finally:
        painter.end()
    return len(pages)


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
