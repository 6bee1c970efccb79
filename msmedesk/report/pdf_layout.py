"""The draft report laid out for Qt's PDF and print: the page, the body's lines, the notes.

The body is one QTextDocument, filled through QTextCursor (never as HTML), whose laid-out
lines ``paginate`` deals out to pages: each note goes to the page of its marker, and a
page's body area shrinks by the measured height of its note block as lines are added
(wto-conventions.md, "Footnotes in Qt's PDF and print"). ``pdf_render`` paints the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPagedPaintDevice,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)

from msmedesk.report.model import (
    Footnote,
    Inline,
    NoteRef,
    Paragraph,
    Report,
    Subsection,
    Text,
    heading_case,
)

# WTO page: A4, 2.5 cm margins, the header 1.27 cm from the paper edge.
MARGIN_MM = 25.0
HEADER_MM = 12.7
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


def report_font(points: float, *, bold: bool = False) -> QFont:
    """The report's font (Verdana, else DejaVu Sans) at ``points``."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


@dataclass(frozen=True)
class Geometry:
    """Page geometry in device pixels, with the paper's top-left corner at (0, 0)."""

    dpi: float
    paper: QRectF
    # Where the painter's origin lies on the paper: devices paint inside their margins.
    origin: QPointF

    @classmethod
    def of(cls, device: QPagedPaintDevice) -> Geometry:
        dpi = float(device.logicalDpiY())
        layout = device.pageLayout()
        resolution = round(dpi)
        paint = layout.paintRectPixels(resolution)
        return cls(dpi, QRectF(layout.fullRectPixels(resolution)), QPointF(paint.topLeft()))

    def mm(self, value: float) -> float:
        """``value`` millimetres in device pixels."""
        return value * self.dpi / 25.4

    def pt(self, value: float) -> float:
        """``value`` points in device pixels."""
        return value * self.dpi / 72.0

    @property
    def body(self) -> QRectF:
        m = self.mm(MARGIN_MM)
        return self.paper.adjusted(m, m, -m, -m)


@dataclass
class Line:
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
class Page:
    """The lines of the body on one page and the notes at its foot."""

    lines: list[Line]
    notes: tuple[int, ...]


class Builder:
    """Fills QTextDocuments with report text through QTextCursor, never as HTML."""

    def __init__(self, device: QPagedPaintDevice, geometry: Geometry) -> None:
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
        doc.setDefaultFont(report_font(points))
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


class Body:
    """The body document and, per block, whether it must stay with the next one."""

    def __init__(self, builder: Builder, report: Report) -> None:
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

    def lines(self) -> list[Line]:
        """Every line of the body in order, with the notes whose markers it holds."""
        self.doc.size()  # forces the layout
        lines: list[Line] = []
        index: dict[tuple[int, int], Line] = {}
        block = self.doc.begin()
        while block.isValid():
            layout = block.layout()
            top = layout.position().y()
            count = layout.lineCount()
            for i in range(count):
                line = layout.lineAt(i)
                entry = Line(
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


class Notes:
    """Note blocks for any set of notes, measured once and cached."""

    def __init__(self, builder: Builder, report: Report) -> None:
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
                note = find_note(self.report, number)
                self.builder.inline(cursor, note.content, [])
            doc.size()
            self._docs[numbers] = doc
        return self._docs[numbers]

    def height(self, numbers: tuple[int, ...]) -> float:
        if not numbers:
            return 0.0
        return self.gap + self.document(numbers).size().height()


def find_note(report: Report, number: int) -> Footnote:
    """Footnote ``number``, or a visible placeholder when the report lacks it."""
    try:
        return report.footnote(number)
    except KeyError:
        # A marker without its note still prints, with a visible gap to fill.
        return Footnote(number, (Text(f"[note {number} missing]", "placeholder"),))


def paginate(lines: list[Line], notes: Notes, height: float,
             first_height: float | None = None) -> list[Page]:
    """Cut the lines into pages whose body and note block fit ``height``.

    The first page's body may be shorter (``first_height``): its header is taller.

    Adding a line adds its notes to the page, which shrinks the room for body text;
    the page ends at the last line for which body and notes still fit. Because each
    page is settled before the next starts, the breaks cannot oscillate. A note block
    taller than the page is not continued on the next page (Word would); it overflows.
    """
    pages: list[Page] = []
    i = 0
    while i < len(lines):
        start = lines[i].top
        room = first_height if not pages and first_height is not None else height
        held: list[int] = []
        j = i
        while j < len(lines):
            extra = [n for n in lines[j].notes if n not in held]
            need = lines[j].bottom - start + notes.height(tuple(held + extra))
            if need > room and j > i:
                break
            held += extra
            j += 1
        j = _polish_break(lines, i, j)
        page_notes: list[int] = []
        for line in lines[i:j]:
            page_notes += [n for n in line.notes if n not in page_notes]
        pages.append(Page(lines[i:j], tuple(page_notes)))
        i = j
    return pages


def _polish_break(lines: list[Line], i: int, j: int) -> int:
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
