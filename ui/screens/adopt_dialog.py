"""Start a procedure from the catalogue of standardized procedures: choose the entry,
read what it fixes (legal basis, term, requirements, sources) and give the TUPA code.
The dialog writes nothing; the window pushes `AdoptStandard` with `answer()`."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from procedures.i18n import _
from procedures.rules.compliance import term_text
from procedures.services.adopt import StandardChoice
from procedures.vocabulary import label
from ui.item_models.rows import Column, RowsModel


def _term(choice: StandardChoice) -> str:
    entry = choice.entry
    return term_text(entry.plazo, entry.plazo_unit) if entry.plazo is not None else _(
        "not stated by its sources")


class AdoptDialog(QDialog):
    def __init__(self, entity_name: str, choices: tuple[StandardChoice, ...], code: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adopt_dialog")
        self.setWindowTitle(_("New procedure from the standard catalogue"))
        intro = QLabel(_("A standardized procedure is the same in every municipality: its "
                         "name, legal basis, calificación, maximum term and the requirements "
                         "the norm allows. The new procedure of {entity} starts with them and "
                         "an empty step table, for you to map its steps.").format(
                             entity=entity_name), self)
        intro.setWordWrap(True)
        self.model: RowsModel[StandardChoice] = RowsModel([
            Column("code", _("Code"), lambda c: c.entry.code),
            Column("name", _("Standardized procedure"), lambda c: c.entry.name,
                   tooltip=lambda c: c.entry.name),
            Column("calificacion", _("Calificación"), lambda c: label(c.entry.calificacion)),
            Column("term", _("Legal term"), _term),
            Column("existing", _("In its TUPA"), lambda c: c.existing or "—",
                   tooltip=lambda c: _("It has a procedure of this name: {code}").format(
                       code=c.existing) if c.existing else None),
        ], key=lambda c: c.entry.code, parent=self)
        self.model.set_rows(choices)
        self.table = QTableView(self)
        self.table.setObjectName("standard_list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.details = QTextBrowser(self)
        self.details.setObjectName("standard_details")
        self.details.setOpenExternalLinks(True)
        self.code = QLineEdit(code, self)
        self.code.setObjectName("standard_code_field")
        self.code.setMaxLength(30)
        form = QFormLayout()
        form.addRow(_("Code in the TUPA:"), self.code)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton(_("Create the procedure"),
                                    QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.details, 3)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.table.selectionModel().currentRowChanged.connect(self._show)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        if choices:
            self.table.selectRow(0)
        self.resize(980, 600)

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        choice = self.model.row(current.row())
        if choice is None:
            return
        entry = choice.entry
        requirements = "".join(f"<li>{escape(r.name)}</li>" for r in entry.requirements)
        sources = "".join(f'<li><a href="{escape(s.url)}">{escape(s.url)}</a> — '
                          f"{escape(s.supports)}</li>" for s in entry.sources)
        note = f"<p><i>{escape(entry.term_note)}</i></p>" if entry.term_note else ""
        # the words outside the f-string: the catalogue's extractor does not look inside
        basis, term = escape(_("Legal basis")), escape(_("Legal term"))
        allowed, cited = escape(_("Requirements the norm allows")), escape(_("Sources"))
        self.details.setHtml(
            f"<p><b>{escape(entry.name)}</b></p>"
            f"<p>{basis}: {escape(entry.legal_basis)}</p>"
            f"<p>{term}: {escape(_term(choice))}</p>{note}"
            f"<p><b>{allowed}</b></p><ul>{requirements}</ul>"
            f"<p><b>{cited}</b></p><ul>{sources}</ul>")

    def answer(self) -> tuple[str, str] | None:
        """(standard code, TUPA code) of the chosen entry."""
        choice = self.model.row(self.table.currentIndex().row())
        if choice is None:
            return None
        return choice.entry.code, self.code.text().strip()

