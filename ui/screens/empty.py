"""What the workspace shows when no procedure is open: what to do next."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from procedures.i18n import _
from ui.icons import icon


class EmptyState(QWidget):
    """Signals:
        new_procedure, import_file, load_demo: the buttons.
    """

    new_procedure = Signal()
    import_file = Signal()
    load_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("empty_state")
        picture = QLabel(self)
        picture.setPixmap(icon("flow").pixmap(QSize(72, 72)))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(self)
        self.title.setObjectName("empty_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(self)
        self.text.setObjectName("empty_text")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.text.setFixedWidth(560)
        self.text.setMinimumHeight(self.text.fontMetrics().lineSpacing() * 4)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addStretch(1)
        for name, icon_name, text, signal in (
            ("new", "new-procedure", _("New procedure (Ctrl+N)"), self.new_procedure),
            ("import", "import", _("Import a file (Ctrl+I)"), self.import_file),
            ("demo", "demo", _("Load the demo data"), self.load_demo),
        ):
            button = QPushButton(icon(icon_name), text, self)
            button.clicked.connect(signal)
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(picture)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        layout.addLayout(row)
        layout.addStretch(3)
        self.set_database_empty(False)

    def set_database_empty(self, empty: bool) -> None:
        self.database_empty = empty
        if empty:
            self.title.setText(_("This database is empty"))
            self.text.setText(_("Import a package of procedures (.tramite.json) that a "
                                "colleague or a consultant sent you, or load the demo data to "
                                "see how Trámite Claro works. Nothing is shared unless you "
                                "export it."))
        else:
            self.title.setText(_("Choose a procedure"))
            self.text.setText(_("Pick a procedure in the list on the left (type in the search "
                                "box to find it), or create a new one for the chosen "
                                "municipality. Every change is saved at once and can be "
                                "undone with Ctrl+Z."))
        self.buttons["demo"].setVisible(empty)
        # With no municipality there is nowhere to put a new procedure yet.
        self.buttons["new"].setVisible(not empty)
