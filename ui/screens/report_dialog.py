"""The Reports dialog (Ctrl+P): which report, its options, its language.

It only says what to build: the choice becomes a `ReportRequest` (without `out`), sent
with `preview_requested` or `save_requested`; `ui.reports` builds it. Kinds that need
an open procedure (or a proposal) stay listed but disabled, with a tooltip saying why,
so a clerk learns what each report needs instead of wondering where it went. Only the
options that apply to the chosen kind are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.codes import VersionKind
from procedures.i18n import LANGUAGE_NAMES, N_, _, current_language, use_language
from procedures.services.queries import ProcedureHeader, VersionItem
from procedures.ubigeo import districts, province_name

if TYPE_CHECKING:
    from procedures.services.reports import ReportRequest

PROCEDURE, ENTITY, REGION = "procedure", "entity", "region"


@dataclass(frozen=True, slots=True)
class ReportKind:
    key: str  # the kind of `ReportRequest`
    title: str  # msgid
    description: str  # msgid
    scope: str  # PROCEDURE, ENTITY or REGION


KINDS: tuple[ReportKind, ...] = (
    ReportKind("guide", N_("Procedure guide"), N_(
        "For residents: requirements, fee, time limit and their steps."), PROCEDURE),
    ReportKind("booklet", N_("Booklet of guides"), N_(
        "The guides of every procedure, with a cover and an index."), ENTITY),
    ReportKind("sheet", N_("Technical sheet"), N_(
        "For the office: ASME table, flowchart, costs and warnings."), PROCEDURE),
    ReportKind("comparison", N_("Comparison"), N_(
        "As-is against a proposal: what changes and the yearly savings."), PROCEDURE),
    ReportKind("tupa", N_("TUPA table"), N_(
        "The municipality's procedures in the columns of the TUPA."), ENTITY),
    ReportKind("portfolio", N_("Portfolio"), N_(
        "Summary of the province or of the whole region, with charts."), REGION),
)
BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True, slots=True)
class ReportSubject:
    """What the window has open when the dialog is asked for.

    `entity` is the municipality chosen in the navigator (the open procedure's when
    none is chosen); the procedure reports always use the procedure's own municipality.
    """

    entity: str
    entity_name: str
    procedure: ProcedureHeader | None = None
    version: str = ""  # uuid of the open version

    def proposals(self) -> tuple[VersionItem, ...]:
        if self.procedure is None:
            return ()
        return tuple(v for v in self.procedure.versions if v.kind is VersionKind.TO_BE)


def report_title(kind: str, subject: str, lang: str) -> str:
    """"PA-02 - Guía del trámite": the window title and the file name, in `lang`."""
    with use_language(lang):
        name = _(BY_KEY[kind].title)
    return f"{subject} - {name}"


def unavailable(kind: ReportKind, subject: ReportSubject) -> str:
    """Why `kind` cannot be built now ("" when it can)."""
    if kind.scope == PROCEDURE and subject.procedure is None:
        return _("Open a procedure first: this report is about one procedure.")
    if kind.key == "comparison" and not subject.proposals():
        return _("This procedure has no proposal to compare yet: make one with "
                 "Procedure ▸ New proposal (Ctrl+Shift+N).")
    return ""


#: Asks for the clerk warnings of a request; answers through the callback (on the UI
#: thread), so the dialog never waits for the database.
#: The dialog passes itself as the owner: an answer after it closed is dropped.
Checker = Callable[["ReportRequest", Callable[[list[str]], None], QWidget], None]


class ReportDialog(QDialog):
    """Signals:
        preview_requested: (ReportRequest) build it and show the print preview.
        save_requested: (ReportRequest) ask for a file and build it there.

    With a `checker`, a guide or a booklet shows its legal warnings (fee above the law,
    forbidden requirements, a version not in force…) before Preview or Save is pressed.
    """

    preview_requested = Signal(object)
    save_requested = Signal(object)

    def __init__(self, subject: ReportSubject, parent: QWidget | None = None,
                 checker: Checker | None = None) -> None:
        super().__init__(parent)
        self.subject = subject
        self.checker = checker
        self._check_token = 0
        self.warnings = QLabel(self)
        self.warnings.setObjectName("report_warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.setStyleSheet("color: #b03a2e;")
        self.warnings_box = QScrollArea(self)
        self.warnings_box.setWidget(self.warnings)
        self.warnings_box.setWidgetResizable(True)
        self.warnings_box.setMaximumHeight(180)
        self.warnings_box.setVisible(False)
        self.setObjectName("report_dialog")
        self.setWindowTitle(_("Print report"))
        self.kinds = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        self.hints: dict[str, QLabel] = {}
        self.subject_label = QLabel(self)
        self.subject_label.setWordWrap(True)  # a procedure's whole name, on two lines
        self.subject_label.setMinimumWidth(260)
        self.versions = QComboBox(self)
        self.large_print = QCheckBox(_("&Large print"), self)
        self.large_print.setToolTip(_("Bigger letters, for people who read with difficulty"))
        self.province = QRadioButton(self)
        self.region = QRadioButton(self)
        self.language = QComboBox(self)
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        self.buttons = QDialogButtonBox(self)
        self.preview_button = self.buttons.addButton(_("&Preview"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button = self.buttons.addButton(_("&Save PDF…"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setToolTip(_("Write the PDF straight into a file, without a preview"))
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.preview_button.setDefault(True)
        self._layout()
        self._fill_scope()
        self.kinds.idToggled.connect(self._kind_toggled)
        self.buttons.accepted.connect(lambda: self._send(self.preview_requested))
        self.save_button.clicked.connect(lambda: self._send(self.save_requested))
        self.buttons.rejected.connect(self.reject)
        first = next((k.key for k in KINDS if not unavailable(k, subject)), "booklet")
        self.choose(first)

    def showEvent(self, event: QShowEvent) -> None:
        # The keyboard starts on the chosen report (arrows choose another, Enter
        # previews), never on a list whose arrows would change an option unseen.
        super().showEvent(event)
        self.radios[self.kind().key].setFocus(Qt.FocusReason.OtherFocusReason)

    def _layout(self) -> None:
        kinds_box = QGroupBox(_("Report"), self)
        kinds_layout = QVBoxLayout(kinds_box)
        kinds_layout.setSpacing(2)
        for number, kind in enumerate(KINDS):
            radio = QRadioButton(_(kind.title), kinds_box)
            radio.setObjectName(f"kind_{kind.key}")
            radio.setAccessibleDescription(_(kind.description))  # read with the radio
            hint = QLabel(_(kind.description), kinds_box)
            hint.setObjectName("hint")
            hint.setContentsMargins(22, 0, 0, 6)  # under the radio's text, one line
            why = unavailable(kind, self.subject)
            for widget in (radio, hint):
                widget.setEnabled(not why)
                widget.setToolTip(why)
            self.kinds.addButton(radio, number)
            self.radios[kind.key] = radio
            self.hints[kind.key] = hint
            kinds_layout.addWidget(radio)
            kinds_layout.addWidget(hint)
        kinds_layout.addStretch(1)
        options_box = QGroupBox(_("Options"), self)
        self.form = form = QFormLayout(options_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Procedure"), self.subject_label)
        self.scope = QVBoxLayout()
        self.scope.addWidget(self.province)
        self.scope.addWidget(self.region)
        form.addRow(_("Scope"), self.scope)
        form.addRow(_("&Version"), self.versions)
        form.addRow("", self.large_print)
        form.addRow(_("Lan&guage"), self.language)
        self.note = QLabel(options_box)
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        form.addRow(self.note)
        columns = QHBoxLayout()
        columns.addWidget(kinds_box)
        columns.addWidget(options_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.warnings_box)
        layout.addWidget(self.buttons)

    def _fill_scope(self) -> None:
        province = self.subject.entity[:4]
        department = self.subject.entity[:2]
        region = next((d.department for d in districts() if d.ubigeo.startswith(department)),
                      department)
        self.province.setText(_("T&his province: {name} ({code})").format(
            name=province_name(province) or province, code=province))
        self.region.setText(_("The whole &region: {name} ({code})").format(
            name=region, code=department))
        self.province.setChecked(True)

    # ---- Choosing ---------------------------------------------------------------------

    def kind(self) -> ReportKind:
        return KINDS[max(self.kinds.checkedId(), 0)]

    def choose(self, key: str) -> None:
        self.radios[key].setChecked(True)
        self._kind_changed()

    def _kind_toggled(self, _id: int, on: bool) -> None:
        if on:
            self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind()
        header = self.subject.procedure
        if kind.scope == PROCEDURE and header is not None:
            title = _("Procedure")
            self.subject_label.setText(f"{header.code} · {header.name}")
        else:
            title = _("Municipality")
            self.subject_label.setText(f"{self.subject.entity_name} ({self.subject.entity})")
        label = self.form.labelForField(self.subject_label)
        if isinstance(label, QLabel):  # the row's title, made by addRow
            label.setText(title)
        self.form.setRowVisible(self.subject_label, kind.scope != REGION)
        self.form.setRowVisible(self.scope, kind.scope == REGION)
        self._fill_versions(kind)
        self.form.setRowVisible(self.versions, kind.key in ("sheet", "comparison"))
        self.form.setRowVisible(self.large_print, kind.key in ("guide", "booklet"))
        self.note.setText(self._note(kind))
        why = unavailable(kind, self.subject)
        for button in (self.preview_button, self.save_button):
            button.setEnabled(not why)
            button.setToolTip(why)
        self._check()

    def _check(self) -> None:
        """Ask for the warnings of what would be printed now; an older answer is dropped."""
        self._check_token += 1
        token = self._check_token
        self.warnings_box.setVisible(False)
        kind = self.kind()
        if self.checker is None or kind.key not in ("guide", "booklet") or \
                unavailable(kind, self.subject):
            return

        def show(lines: list[str]) -> None:
            if token != self._check_token:
                return
            self.warnings.setText(_("Before you print, check:") + "\n" + "\n".join(
                f"• {line}" for line in lines) if lines else "")
            self.warnings_box.setVisible(bool(lines))

        self.checker(self.request(), show, self)

    def _note(self, kind: ReportKind) -> str:
        if kind.key == "guide":
            return _("The guide shows the version in force: the adopted proposal, or the "
                     "as-is version.")
        if kind.key == "comparison":
            return _("Compared with the as-is version.")
        return ""

    def _fill_versions(self, kind: ReportKind) -> None:
        header = self.subject.procedure
        self.versions.clear()
        if header is None:
            return
        items = self.subject.proposals() if kind.key == "comparison" else header.versions
        for item in items:
            self.versions.addItem(item.name, item.uuid)
        chosen = self.versions.findData(self.subject.version)
        self.versions.setCurrentIndex(chosen if chosen >= 0 else self.versions.count() - 1)

    # ---- The request ------------------------------------------------------------------

    def request(self) -> ReportRequest:
        """What to build (`out` is left for the caller)."""
        from procedures.services.reports import ReportRequest  # ReportLab: on first use

        kind = self.kind()
        lang = str(self.language.currentData())
        header = self.subject.procedure
        if kind.scope == PROCEDURE and header is not None:
            version = self.versions.currentText() if kind.key in ("sheet", "comparison") \
                else None
            return ReportRequest(kind=kind.key, entity=header.ubigeo, procedure=header.code,
                                 version=version or None, lang=lang,
                                 large_print=self.large_print.isChecked())
        if kind.scope == REGION:
            code = self.subject.entity[:4] if self.province.isChecked() \
                else self.subject.entity[:2]
            return ReportRequest(kind=kind.key, entity=code, lang=lang)
        return ReportRequest(kind=kind.key, entity=self.subject.entity, lang=lang,
                             large_print=kind.key == "booklet" and self.large_print.isChecked())

    def title(self) -> str:
        """The report's title in its language ("PA-02 - Guía del trámite")."""
        request = self.request()
        return report_title(request.kind, request.procedure or request.entity, request.lang)

    def _send(self, signal: SignalInstance) -> None:
        if unavailable(self.kind(), self.subject):
            return
        request = self.request()
        self.accept()
        signal.emit(request)
