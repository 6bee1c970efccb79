"""File > Open server…: the address of the office's PostgreSQL database, and its password.

The dialog checks its fields as every form does (``validation.server_address``), then
opens the server through the window's opener and closes only once it is open. When the
server asks a password that libpq found nowhere, the dialog asks for it and tries again;
the password goes to the driver and is kept nowhere, not even in the dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from msmedesk.validation.server_address import (
    SSL_MODES,
    ServerFields,
    check_server_fields,
    server_address,
)

from msmedesk.ui.backend import ActionFailed, Backend, PasswordWanted

_ERROR_STYLE = "color: #b00020;"
#: the fields' labels, as the problems beside them name them.
LABELS = {"host": "Server", "port": "Port", "database": "Database", "user": "User name",
          "sslmode": "Secure connection"}
#: asks the password the server wants (given the server's sentence); None when cancelled.
PasswordAsker = Callable[[QWidget, str], "str | None"]


def ask_password(parent: QWidget, asked: str) -> str | None:
    """Ask the password the server wants, hidden as it is typed; None when cancelled."""
    text, ok = QInputDialog.getText(
        parent, "Password", f"{asked}\n\nIt is used for this connection only and is not kept.",
        QLineEdit.EchoMode.Password)
    return text if ok else None


class OpenServerDialog(QDialog):
    """Ask where the office's database is, and open it (``opened`` holds its backend)."""

    def __init__(self, fields: ServerFields,
                 open_server: Callable[[str, str | None], Backend],
                 parent: QWidget | None = None,
                 asker: PasswordAsker = ask_password):
        super().__init__(parent)
        self.setWindowTitle("Open the office's database on a server")
        self._open = open_server
        self._ask = asker
        self.opened: Backend | None = None
        self.address = ""
        self.host = QLineEdit(fields.host)
        self.host.setPlaceholderText("e.g. db.example.org")
        self.port = QLineEdit(fields.port)
        self.port.setPlaceholderText("5432")
        self.port.setMaximumWidth(90)
        self.database = QLineEdit(fields.database)
        self.user = QLineEdit(fields.user)
        self.user.setPlaceholderText("your user name on this computer")
        self.sslmode = QComboBox()
        for mode, label in SSL_MODES:
            self.sslmode.addItem(label, mode)
        self.sslmode.setCurrentIndex(max(0, [m for m, _ in SSL_MODES].index(fields.sslmode)
                                         if fields.sslmode in dict(SSL_MODES) else 0))
        self.errors = {key: QLabel() for key in (*LABELS, "")}
        form = QFormLayout()
        for key, widget in (("host", self.host), ("port", self.port),
                            ("database", self.database), ("user", self.user),
                            ("sslmode", self.sslmode)):
            widget.setAccessibleName(LABELS[key])
            form.addRow(f"&{LABELS[key]}:", widget)
            form.addRow("", self.errors[key])
        for error in self.errors.values():
            error.setStyleSheet(_ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
        note = QLabel("The password is never typed here: the server's password file "
                      "(~/.pgpass) gives it, or msmedesk asks for it when the server wants it.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.errors[""])
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.host.setFocus()

    def fields(self) -> ServerFields:
        """What the dialog holds now."""
        return ServerFields(self.host.text(), self.port.text(), self.database.text(),
                            self.user.text(), str(self.sslmode.currentData()))

    def accept(self) -> None:
        """Open the server; stay open, saying why, when the fields or the server refuse."""
        for label in self.errors.values():
            label.hide()
        fields = self.fields()
        problems = check_server_fields(fields)
        for problem in problems:
            label = self.errors.get(problem.field, self.errors[""])
            label.setText(f"{LABELS.get(problem.field, 'The address')} {problem.message}.")
            label.show()
        if problems:
            self.adjustSize()
            return
        self.address = server_address(fields)
        password: str | None = None
        while True:
            try:
                self.opened = self._open(self.address, password)
            except PasswordWanted as exc:
                password = self._ask(self, str(exc))
                if password is None:
                    return
                continue
            except ActionFailed as exc:
                self.errors[""].setText(str(exc))
                self.errors[""].show()
                self.adjustSize()
                return
            break
        super().accept()
