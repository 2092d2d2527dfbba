"""The municipality at a glance: shown when a municipality is chosen in the navigator.

Counts (mapped or not, with or without a proposal), the yearly totals, legal warnings
by kind, the prioritisation matrix with the candidates to simplify first, every
procedure with its figures, and the latest changes. Everything comes from
`procedures.services.overview.entity_overview`, read on the database worker; the widget
only shows it. A double-click on a procedure (or a click on its dot) opens it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from procedures.formatting import minus_number, money, number
from procedures.i18n import _, ngettext
from procedures.priority import Point
from procedures.services.entity_figures import ProcedureFigures
from procedures.services.overview import Overview, RecentChange, entity_overview
from procedures.vocabulary import warning_kind
from ui.document import Change, Document
from ui.icons import icon
from ui.item_models.rows import Column, RowsModel
from ui.screens.priority_chart import PriorityChart

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class _Sorted(QSortFilterProxyModel):
    """Sorts a RowsModel by each column's own sort value (numbers as numbers)."""

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RowsModel)
        a = model.sort_value(left.row(), left.column())
        b = model.sort_value(right.row(), right.column())
        return bool(a < b)


def _table(name: str, model: RowsModel[Any], sortable: bool = False) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    if sortable:
        proxy = _Sorted(view)
        proxy.setSourceModel(model)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    else:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    return view


class Fact(QFrame):
    """A figure with its name under it (the portfolio's fact boxes, on screen)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fact")
        self.setStyleSheet("QFrame#fact { background: #ffffff; border: 1px solid #dde3ea; "
                           "border-radius: 6px; }")
        self.value = QLabel(self)
        self.value.setObjectName("fact_value")
        self.value.setStyleSheet("font-size: 15pt; font-weight: 600; color: #1f3b57;")
        self.name = QLabel(name, self)
        self.name.setObjectName("hint")
        self.name.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setObjectName("hint")
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.value)
        layout.addWidget(self.name)
        layout.addWidget(self.detail)

    def show_figure(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("section")
    return label


class OverviewScreen(QWidget):
    """Signals:
        procedure_chosen: (uuid) open this procedure.
        copy_requested / adopt_requested: the header's buttons.
    """

    procedure_chosen = Signal(str)
    adopt_requested = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overview")
        self.document = document
        self.ubigeo = ""
        self.overview: Overview | None = None
        self._token = 0
        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("subtitle")
        self.adopt = QPushButton(icon("new-procedure"), _("New from the standard catalogue…"),
                                 self)
        self.adopt.setObjectName("adopt_standard")
        self.adopt.clicked.connect(lambda: self.adopt_requested.emit(self.ubigeo))
        self.facts = {key: Fact(name) for key, name in (
            ("procedures", _("Procedures in the TUPA")),
            ("proposals", _("With a proposal (to-be)")),
            ("cost", _("Yearly cost to the municipality")),
            ("hours", _("Residents' hours per year")))}
        self.chart = PriorityChart(self)
        self.chart.procedure_chosen.connect(self.procedure_chosen)
        self.candidates_model: RowsModel[tuple[int, Point]] = RowsModel([
            Column("rank", _("#"), lambda r: str(r[0]), align=RIGHT, sort=lambda r: r[0]),
            Column("procedure", _("Procedure"), lambda r: f"{r[1].code} {r[1].name}",
                   tooltip=lambda r: f"{r[1].code} {r[1].name}"),
            Column("cases", _("Cases"), lambda r: number(r[1].cases), align=RIGHT,
                   header_tooltip=_("Cases per year")),
            Column("burden", _("Per case"), lambda r: money(r[1].burden), align=RIGHT,
                   header_tooltip=_("Burden on the resident per case (S/)")),
            Column("yearly", _("A year"), lambda r: money(r[1].yearly), align=RIGHT,
                   header_tooltip=_("Yearly cost to residents")),
        ], key=lambda r: r[1].uuid, parent=self)
        self.candidates = _table("candidates", self.candidates_model)
        self.candidates.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.candidates.doubleClicked.connect(
            lambda index: self._open(self.candidates_model, index))
        self.procedures_model: RowsModel[ProcedureFigures] = RowsModel([
            Column("code", _("Code"), lambda p: p.code),
            Column("name", _("Procedure"), lambda p: p.name, tooltip=lambda p: p.name),
            Column("steps", _("Steps"), lambda p: number(p.activities) if p.mapped
                   else _("not mapped"), align=RIGHT, sort=lambda p: p.activities),
            Column("proposal", _("Proposal"), lambda p: _("yes") if p.has_proposal else "—",
                   sort=lambda p: p.has_proposal),
            Column("unit_cost", _("Unit cost"), lambda p: money(p.unit_cost) if p.mapped
                   else "—", align=RIGHT, sort=lambda p: p.unit_cost),
            Column("yearly", _("Yearly cost"), lambda p: money(p.yearly_entity_cost)
                   if p.mapped else "—", align=RIGHT, sort=lambda p: p.yearly_entity_cost),
            Column("hours", _("Residents' hours a year"),
                   lambda p: minus_number(p.yearly_citizen_hours, 1) if p.mapped else "—",
                   align=RIGHT, sort=lambda p: p.yearly_citizen_hours),
            Column("warnings", _("Warnings"), lambda p: number(len(p.warnings))
                   if p.warnings else "—", align=RIGHT, sort=lambda p: len(p.warnings),
                   tooltip=lambda p: "\n".join(warning_kind(c) for c in p.warnings) or None),
        ], key=lambda p: p.uuid, parent=self)
        self.procedures = _table("overview_procedures", self.procedures_model, sortable=True)
        self.procedures.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.procedures.doubleClicked.connect(self._open_procedure)
        self.warnings_model: RowsModel[tuple[str, int]] = RowsModel([
            Column("kind", _("Legal warning"), lambda r: warning_kind(r[0])),
            Column("count", _("Procedures"), lambda r: number(r[1]), align=RIGHT),
        ], key=lambda r: r[0], parent=self)
        self.warnings = _table("overview_warnings", self.warnings_model)
        self.warnings.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.recent_model: RowsModel[RecentChange] = RowsModel([
            Column("when", _("When"), lambda c: c.when.strftime("%d/%m/%Y %H:%M")),
            Column("who", _("Who"), lambda c: c.who or "—"),
            Column("what", _("What"), lambda c: c.summary, tooltip=lambda c: c.summary),
        ], key=lambda c: c.id, parent=self)
        self.recent = _table("overview_recent", self.recent_model)
        self.recent.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.matrix_note = QLabel(self)
        self.matrix_note.setObjectName("hint")
        self.matrix_note.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("hint")
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        document.changed.connect(self._on_change)

    def _build(self) -> None:
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(self.adopt, 0, Qt.AlignmentFlag.AlignTop)
        facts = QHBoxLayout()
        for fact in self.facts.values():
            facts.addWidget(fact, 1)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        grid.addWidget(_section(_("Where to start: yearly demand × burden on the resident")),
                       0, 0)
        grid.addWidget(_section(_("Candidates to simplify first")), 0, 1)
        grid.addWidget(self.chart, 1, 0)
        grid.addWidget(self.candidates, 1, 1)
        grid.addWidget(self.matrix_note, 2, 0, 1, 2)
        grid.addWidget(_section(_("Procedures")), 3, 0, 1, 2)
        grid.addWidget(self.procedures, 4, 0, 1, 2)
        grid.addWidget(_section(_("Legal warnings by kind")), 5, 0)
        grid.addWidget(_section(_("Recent changes")), 5, 1)
        grid.addWidget(self.warnings, 6, 0)
        grid.addWidget(self.recent, 6, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        for row, height in ((1, 290), (4, 260), (6, 200)):
            grid.setRowMinimumHeight(row, height)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addLayout(facts)
        layout.addLayout(grid, 1)
        layout.addWidget(self.status)
        scroll = QScrollArea(self)
        scroll.setObjectName("overview_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # ---- Loading ----------------------------------------------------------------------

    def show_entity(self, ubigeo: str, name: str = "") -> None:
        """Show this municipality (its figures arrive from the worker)."""
        if ubigeo != self.ubigeo:
            self.ubigeo = ubigeo
            self.overview = None
            self.title.setText(name or ubigeo)
            self.subtitle.setText(_("Computing the figures of its procedures…"))
        # After a short pause: arrowing down the list computes only where it stops.
        self._timer.start()

    def refresh(self) -> None:
        if not self.ubigeo:
            return
        self._token += 1
        token, ubigeo, database = self._token, self.ubigeo, self.document.database

        def work(_progress: Any) -> Overview:  # worker thread
            with database.session() as session:
                return entity_overview(session, ubigeo)

        self.document.tasks.run(work, on_done=lambda o: self._deliver(token, o), owner=self)

    @property
    def pending(self) -> bool:
        """True while newer figures are on their way (tests wait on this)."""
        return self._timer.isActive() or self._token != getattr(self, "_delivered", -1)

    def _deliver(self, token: int, overview: Overview) -> None:
        if token != self._token:
            return  # overtaken by a newer request
        self._delivered = token
        self.overview = overview
        self.title.setText(overview.name)
        self.subtitle.setText(_("Ubigeo {ubigeo} · the version in force of each procedure; "
                                "double-click one to open it").format(ubigeo=overview.ubigeo))
        self.facts["procedures"].show_figure(number(overview.total), _(
            "{mapped} mapped with steps · {not_mapped} not mapped").format(
                mapped=number(overview.mapped), not_mapped=number(overview.not_mapped)))
        self.facts["proposals"].show_figure(number(overview.with_proposal), ngettext(
            "{n} without a proposal", "{n} without a proposal",
            overview.without_proposal).format(n=number(overview.without_proposal)))
        self.facts["cost"].show_figure(money(overview.yearly_cost),
                                       _("of the mapped procedures"))
        self.facts["hours"].show_figure(minus_number(overview.citizen_hours),
                                        _("of the mapped procedures"))
        data = overview.matrix
        self.chart.set_matrix(data)
        self.candidates_model.set_rows(list(enumerate(data.candidates, start=1)))
        for column in (0, 2, 3, 4):  # the figures whole; the name takes what is left
            self.candidates.resizeColumnToContents(column)
        note = _("Each dot is a mapped procedure; the shaded quarter has more demand and "
                 "more burden than the median. Candidates: the highest yearly cost to "
                 "residents (cases × cost per case).")
        if data.left_out:
            note += " " + ngettext("{n} mapped procedure has no yearly demand and is not "
                                   "on the chart.",
                                   "{n} mapped procedures have no yearly demand and are not "
                                   "on the chart.", data.left_out).format(n=data.left_out)
        self.matrix_note.setText(note)
        self.procedures_model.set_rows(overview.procedures)
        self.warnings_model.set_rows(overview.warnings)
        self.recent_model.set_rows(overview.recent)
        self.status.setText(_("No legal warnings.") if not overview.warnings else "")
        self.status.setVisible(not overview.warnings)

    def _on_change(self, change: Change) -> None:
        if self.ubigeo and self.isVisible():
            self._timer.start()
        elif self.ubigeo:
            self.overview = None  # stale: read again when shown

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.ubigeo and self.overview is None:
            self._timer.start()

    def _open(self, model: RowsModel[Any], index: QModelIndex) -> None:
        key = model.key(index.row())
        if isinstance(key, str) and key:
            self.procedure_chosen.emit(key)

    def _open_procedure(self, index: QModelIndex) -> None:
        proxy = self.procedures.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        self._open(self.procedures_model, proxy.mapToSource(index))
