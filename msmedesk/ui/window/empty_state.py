"""The page a new, empty data file shows: load the sample, import an archive, or start."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """What a new, empty data file shows: load the sample, import an archive, or start."""

    def __init__(self, path: Path, parent: QWidget | None = None):
        # Loading the Qt namespace takes PySide6 about 45 ms: not before the first paint.
        from PySide6.QtCore import Qt

        super().__init__(parent)
        heading = QLabel("<h2>This data file holds no records yet</h2>")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        where = QLabel(f"{html.escape(str(path))}")
        where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setAccessibleName("Data file")
        explain = QLabel("To see how msmedesk works, load the records of 2024 from the Group's "
                         "annual report. To carry on from another computer, import an archive "
                         "that msmedesk exported there. Or start entering records yourself.")
        explain.setWordWrap(True)
        explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        explain.setFixedWidth(560)
        # A centred, wrapped label gets no height for its width from the layout: give it.
        explain.setMinimumHeight(explain.heightForWidth(560))
        self.sample_button = QPushButton("&Load the 2024 sample records")
        self.import_button = QPushButton("&Import an archive…")
        self.start_button = QPushButton("&Start entering records")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addSpacing(12)
        layout.addWidget(explain, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(18)
        self.sample_button.setToolTip("Fill this empty file with the Group's 2024 records, "
                                      "to try msmedesk out")
        self.import_button.setToolTip("Take in the records of an archive exported by "
                                      "msmedesk, e.g. msmedesk-2024.json")
        self.start_button.setToolTip("Go to the tabs and enter the first records yourself")
        for button in (self.sample_button, self.import_button, self.start_button):
            button.setMinimumWidth(300)
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.sample_button.setDefault(True)
