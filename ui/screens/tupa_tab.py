"""The *Datos del TUPA* tab: what the TUPA says about the procedure, checked as typed.

Each field commits one undo step when editing ends (ui/undo/procedures.py). The group
"This version" holds what belongs to the open version: its fee and, for a proposal, its
own calificación and plazo. An empty override inherits the procedure's value and says
so, because a proposal usually changes one thing and keeps the rest.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.codes import Calificacion, PlazoUnit, ProcedureKind, VersionKind
from procedures import snapshots as s
from procedures.cells import parse_money
from procedures.durations import parse_minutes
from procedures.errors import DomainError
from procedures.formatting import money, smart_number
from procedures.i18n import _
from procedures.services.queries import procedure_form
from procedures.standard.catalogue import load_catalogue
from procedures.vocabulary import label
from ui.document import Change, Document
from ui.field_words import error_text
from ui.screens.form import ChoiceField, LineField, ProblemLabel, TextField
from ui.undo.procedures import SetProcedureField
from ui.undo.versions import SetVersionField


def _required(text: str) -> str:
    if not text.strip():
        raise ValueError(_("this field cannot be empty"))
    return text.strip()


def _whole(text: str, optional: bool = False) -> int | None:
    cleaned = text.strip().replace(",", "")
    if not cleaned and optional:
        return None
    if not cleaned.isdigit():
        raise ValueError(_("type a whole number, for example 15"))
    return int(cleaned)


class TupaTab(QWidget):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.procedure = ""
        self.version = ""
        self.ubigeo = ""
        #: The counters of the procedure and the version as the fields show them.
        self.revisions: tuple[int | None, int | None] = (None, None)
        self.fields: dict[str, Any] = {}
        self.problems = ProblemLabel(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 6, 0, 0)
        outer.addWidget(scroll)
        outer.addWidget(self.problems)
        grid = QGridLayout(body)
        grid.setContentsMargins(4, 4, 12, 4)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(12)
        # Created in reading order, which is also the order Tab walks through the fields.
        grid.addWidget(self._identity(), 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self._version_box(), 0, 1)
        grid.addWidget(self._service(), 1, 1)
        grid.addWidget(self._texts(), 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        document.changed.connect(self._on_change)

    # ---- Layout -----------------------------------------------------------------------

    def _line(self, key: str, name: str, parse: Any, show: Any = str) -> LineField:
        field = LineField(parse, show, self)
        field.setObjectName(f"field_{key}")
        field.committed.connect(lambda value, k=key: self._commit(k, value))
        self.problems.watch(field, name)
        self.fields[key] = field
        return field

    def _choice(self, key: str, options: list[tuple[Any, str]]) -> ChoiceField:
        field = ChoiceField(options, self)
        field.setObjectName(f"field_{key}")
        field.committed.connect(lambda value, k=key: self._commit(k, value))
        self.fields[key] = field
        return field

    def _text(self, key: str, lines: int = 2) -> TextField:
        field = TextField(self, lines)
        field.setObjectName(f"field_{key}")
        field.committed.connect(lambda value, k=key: self._commit(k, value))
        self.fields[key] = field
        return field

    def _identity(self) -> QGroupBox:
        box = QGroupBox(_("The procedure in the TUPA"), self)
        form = QFormLayout(box)
        form.addRow(_("Code"), self._line("code", _("Code"), _required))
        form.addRow(_("Name"), self._line("name", _("Name"), _required))
        form.addRow(_("Kind"), self._choice("kind", [(k, label(k)) for k in ProcedureKind]))
        form.addRow(_("Approval (calificación)"), self._choice(
            "calificacion", [(c, label(c)) for c in Calificacion]))
        standard = self._choice("standard_code", [(None, _("(not standardized)"))] + [
            (entry.code, f"{entry.code} · {entry.name}") for entry in load_catalogue()])
        standard.setToolTip(_("The standardized procedure it is (D.S. 045-2019-PCM and "
                              "others): it finds the same procedure in other "
                              "municipalities for the benchmark"))
        # The catalogue's names are long: the field keeps the form's width and elides.
        standard.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        standard.setMinimumContentsLength(24)
        form.addRow(_("Standardized procedure"), standard)
        term = QHBoxLayout()
        plazo = self._line("plazo", _("Legal term"), lambda t: _whole(t, optional=True))
        plazo.setMaximumWidth(70)
        term.addWidget(plazo)
        term.addWidget(self._choice("plazo_unit", [(u, label(u)) for u in PlazoUnit]), 1)
        form.addRow(_("Legal term (plazo)"), term)
        form.addRow(_("Yearly demand (cases)"), self._line(
            "annual_demand", _("Yearly demand"), _whole, smart_number))
        form.addRow(_("Citizen's preparation"), self._line(
            "preparation_minutes", _("Preparation"), lambda t: parse_minutes(t),
            lambda v: f"{smart_number(v)} min"))
        return box

    def _version_box(self) -> QGroupBox:
        """Fee and overrides of the open version (the overrides only for a proposal)."""
        self.version_box = QGroupBox(_("This version"), self)
        form = QFormLayout(self.version_box)
        # Labels above the fields: "As the procedure: Prior evaluation, silencio
        # positivo" needs the whole width of the column to be read.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.version_form = form
        fee = self._line("fee", _("Fee"), parse_money, lambda v: money(v, symbol=False))
        fee.setPlaceholderText("0.00")
        fee.setMaximumWidth(160)
        fee.setToolTip(_("Derecho de tramitación of the open version, in soles "
                         "(0 = free of charge)"))
        form.addRow(_("Fee (S/)"), fee)
        first_override = form.rowCount()
        calificacion = self._choice("version_calificacion", [])
        calificacion.setToolTip(_("A proposal may change the calificación; the first option "
                                  "keeps the procedure's"))
        form.addRow(_("Approval (calificación)"), calificacion)
        term = QHBoxLayout()
        plazo = self._line("version_plazo", _("Legal term"),
                           lambda t: _whole(t, optional=True))
        plazo.setMaximumWidth(70)
        plazo.setToolTip(_("Empty: the procedure's legal term applies"))
        term.addWidget(plazo)
        term.addWidget(self._choice("version_plazo_unit", []), 1)
        form.addRow(_("Legal term (plazo)"), term)
        self.inherit_hint = QLabel(_("Empty or “as the procedure”: the procedure's value "
                                     "applies. Requirements: see the Requirements tab."),
                                   self.version_box)
        self.inherit_hint.setObjectName("hint")
        self.inherit_hint.setWordWrap(True)
        form.addRow(self.inherit_hint)
        self.override_rows = range(first_override, form.rowCount())
        return self.version_box

    def _service(self) -> QGroupBox:
        box = QGroupBox(_("Where and who"), self)
        form = QFormLayout(box)
        form.addRow(_("Filed at"), self._choice("filed_at", []))
        form.addRow(_("Approved by"), self._choice("approved_by", []))
        form.addRow(_("Reconsideration"), self._line(
            "reconsideration_authority", _("Reconsideration"), str.strip))
        form.addRow(_("Appeal"), self._line("appeal_authority", _("Appeal"), str.strip))
        form.addRow(_("Channels"), self._text("channels"))
        form.addRow(_("Contact"), self._text("contact"))
        return box

    def _texts(self) -> QGroupBox:
        box = QGroupBox(_("For the citizen's guide"), self)
        form = QFormLayout(box)
        form.addRow(_("What it is for"), self._text("description"))
        form.addRow(_("Who may apply"), self._text("who_may_apply"))
        form.addRow(_("Legal basis"), self._text("legal_basis"))
        form.addRow(_("Notes on the steps"), self._text("steps_note"))
        hint = QLabel(_("Each field is saved when you leave it. Ctrl+Z undoes."), box)
        hint.setObjectName("hint")
        form.addRow(hint)
        return box

    # ---- Content ----------------------------------------------------------------------

    def show_version(self, procedure: str, version: str) -> None:
        self.procedure, self.version = procedure, version
        self.reload()

    def reload(self) -> None:
        if not self.procedure:
            return
        try:
            form = self.document.read(procedure_form, self.procedure)
        except DomainError:
            return
        self.ubigeo = form.ubigeo
        self._fill(form.units, form.procedure)

    def refresh(self) -> None:
        """Show what others changed; a field being typed keeps its text (the whole tab
        waits until the person leaves it: its commit is then checked against what the
        fields showed)."""
        if self.document.closed:
            return
        focus = QApplication.focusWidget()
        if focus is not None and any(focus is f or f.isAncestorOf(focus)
                                     for f in self.fields.values()):
            QTimer.singleShot(600, self.refresh)
            return
        self.reload()

    def _fill(self, units_of_entity: tuple[tuple[str, str], ...],
              procedure: s.Procedure) -> None:
        units = [(None, _("(not set)"))] + [(code, f"{code} · {name}")
                                             for code, name in units_of_entity]
        for key in ("filed_at", "approved_by"):
            self.fields[key].set_options(units)
        version = next((v for v in procedure.versions if v.uid == self.version), None)
        self.revisions = (procedure.revision, version.revision if version else None)
        values = {
            "code": procedure.code, "name": procedure.name, "kind": procedure.kind,
            "calificacion": procedure.calificacion, "plazo": procedure.plazo,
            "standard_code": procedure.standard_code,
            "plazo_unit": procedure.plazo_unit, "annual_demand": procedure.annual_demand,
            "preparation_minutes": procedure.preparation_minutes,
            "filed_at": procedure.filed_at, "approved_by": procedure.approved_by,
            "reconsideration_authority": procedure.reconsideration_authority,
            "appeal_authority": procedure.appeal_authority, "channels": procedure.channels,
            "contact": procedure.contact, "description": procedure.description,
            "who_may_apply": procedure.who_may_apply, "legal_basis": procedure.legal_basis,
            "steps_note": procedure.steps_note,
            "fee": version.fee if version is not None else None,
        }
        for key, value in values.items():
            self.fields[key].set_value(value)
        self._fill_version(procedure, version)

    def _fill_version(self, procedure: s.Procedure, version: s.Version | None) -> None:
        """The open version's own values; an override left empty shows what it inherits."""
        proposal = version is not None and version.kind is VersionKind.TO_BE
        if version is not None:
            title = (_("This proposal: {name}") if proposal
                     else _("This version: {name}")).format(name=version.name)
            self.version_box.setTitle(title)
        for row in self.override_rows:
            self.version_form.setRowVisible(row, proposal)
        inherited = _("As the procedure: {value}")
        self.fields["version_calificacion"].set_options(
            [(None, inherited.format(value=label(procedure.calificacion)))]
            + [(c, label(c)) for c in Calificacion])
        self.fields["version_plazo_unit"].set_options(
            [(None, inherited.format(value=label(procedure.plazo_unit)))]
            + [(u, label(u)) for u in PlazoUnit])
        plazo = self.fields["version_plazo"]
        plazo.setPlaceholderText(str(procedure.plazo) if procedure.plazo is not None else "—")
        if version is None:
            return
        self.fields["version_calificacion"].set_value(version.calificacion)
        self.fields["version_plazo_unit"].set_value(version.plazo_unit)
        plazo.set_value(version.plazo)

    def _commit(self, key: str, value: Any) -> None:
        command: SetVersionField | SetProcedureField
        if key == "fee" or key.startswith("version_"):
            command = SetVersionField(self.document, self.procedure, self.version,
                                      key.removeprefix("version_"), value, self.revisions[1])
        else:
            command = SetProcedureField(self.document, self.ubigeo, self.procedure, key, value,
                                        self.revisions[0])
        if not self.document.push(command):
            self.reload()  # the field shows the stored value again
            # (someone else's change meanwhile: the message offers the refused value)
            self.problems.setText(error_text(command.last_error))
            return
        self.problems.setText("")  # fixed: the message goes

    def _on_change(self, change: Change) -> None:
        mine = change.procedure == self.procedure and change.touches("procedure", "versions")
        if mine or change.touches("entity"):
            self.reload()
