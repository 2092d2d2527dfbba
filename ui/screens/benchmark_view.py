"""Benchmark window: one procedure across the municipalities of a province or the region.

The rows, the median, the best quartile and the outliers come from
`services.benchmark` on the worker thread; cells are written by
`procedures.standard.benchmark.cell_text`, as on paper and in the terminal. Double-click
a row (or Open) to open that municipality's procedure in the main window; a row found
only by its name is a proposal, and *Confirm as the same* links it.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from procedures.i18n import _
from procedures.services.benchmark import run_benchmark
from procedures.services.matching import link_procedures
from procedures.standard.benchmark import (
    COLUMNS,
    Benchmark,
    BenchmarkRow,
    MatchKind,
    cell_text,
    column_title,
    statistic_text,
)
from ui.document import Document

UUID_ROLE = Qt.ItemDataRole.UserRole + 1


class CostChart(QWidget):
    """Unit cost of each municipality as a bar, the median as a dashed line (the same
    chart as the PDF's; colours: the procedure asked about dark blue, outliers red)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: Benchmark | None = None
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def show_result(self, result: Benchmark | None) -> None:
        self.result = result
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.result is None or not self.result.rows:
            return
        rows = list(self.result.rows)[:40]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.width(), self.height()
        top = max(float(r.figures.unit_cost) for r in rows) or 1.0
        slot = (width - 20) / len(rows)
        named = slot >= 60  # room for each municipality's name under its bar
        plot_h = height - (44 if named else 30)
        metrics = painter.fontMetrics()
        for index, row in enumerate(rows):
            value = float(row.figures.unit_cost)
            bar_h = plot_h * value / top
            colour = ("#C62828" if "unit_cost" in row.outliers else "#1B4F72"
                      if row.match.procedure_uuid == self.result.reference.procedure_uuid
                      else "#9AA5B1")
            left = 10 + index * slot
            painter.fillRect(QRectF(left + slot * 0.15, 20 + plot_h - bar_h,
                                    slot * 0.7, bar_h), QColor(colour))
            painter.setPen(QColor("#1C1C1C"))
            if named:
                name = metrics.elidedText(row.match.entity, Qt.TextElideMode.ElideMiddle,
                                          int(slot) - 6)
                painter.drawText(QRectF(left, height - 20, slot, 18),
                                 Qt.AlignmentFlag.AlignHCenter, name)
        median = self.result.median.get("unit_cost")
        if median is not None:
            y = 20 + plot_h - plot_h * float(median) / top
            pen = painter.pen()
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setColor(QColor("#1C1C1C"))
            painter.setPen(pen)
            painter.drawLine(10, int(y), width - 10, int(y))
            painter.drawText(QRectF(10, 0, width - 20, 18), Qt.AlignmentFlag.AlignRight,
                             _("median {value}").format(
                                 value=statistic_text("unit_cost", median)))
        painter.end()


class BenchmarkWindow(QDialog):
    """Signals: open_requested(procedure uuid)."""

    open_requested = Signal(str)

    def __init__(self, document: Document, procedure_uuid: str, ubigeo: str,
                 parent: QWidget | None = None, scope: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("benchmark_window")
        self.setWindowTitle(_("Benchmark"))
        self.document = document
        self.procedure_uuid = procedure_uuid
        self.outcome: Benchmark | None = None
        self.title = QLabel(self)
        self.title.setObjectName("benchmark_title")
        self.title.setWordWrap(True)
        self.scope = QComboBox(self)
        self.scope.setObjectName("benchmark_scope")
        self.scope.addItem(_("The whole department ({code})").format(code=ubigeo[:2]),
                           ubigeo[:2])
        self.scope.addItem(_("The province ({code})").format(code=ubigeo[:4]), ubigeo[:4])
        if scope is not None and len(scope) == 4:
            if scope != ubigeo[:4]:  # another province, chosen in the list
                self.scope.addItem(_("The province ({code})").format(code=scope), scope)
            self.scope.setCurrentIndex(self.scope.findData(scope))
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = QLabel(self)
        self.summary.setObjectName("benchmark_summary")
        self.summary.setWordWrap(True)
        self.chart = CostChart(self)
        self.model = QStandardItemModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("benchmark_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self._open())
        self.notes = QLabel(self)
        self.notes.setObjectName("hint")
        self.notes.setWordWrap(True)
        self.open_button = QPushButton(_("&Open the procedure"), self)
        self.open_button.clicked.connect(self._open)
        self.confirm_button = QPushButton(_("&Confirm as the same procedure"), self)
        self.confirm_button.setToolTip(_(
            "This row was found by its name only: confirm that it is the same procedure "
            "(a link is stored)"))
        self.confirm_button.clicked.connect(self._confirm)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.scope)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.confirm_button)
        actions.addStretch(1)
        actions.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.chart)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        layout.addLayout(actions)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.resize(1200, 640)
        self._update()

    # ---- Loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Run the benchmark for the chosen scope on the worker; the rows arrive later."""
        scope = str(self.scope.currentData())
        database, uuid = self.document.database, self.procedure_uuid

        def work(progress: object) -> Benchmark:
            with database.session() as session:
                return run_benchmark(session, scope, uuid)

        self.summary.setText(_("Measuring the procedure in every municipality…"))
        self.document.tasks.run(work, on_done=self.show_result, on_error=self._failed,
                                parent=self)

    def _failed(self, error: BaseException) -> None:
        self.outcome = None
        self.model.clear()
        self.chart.show_result(None)
        self.summary.setText(str(error))
        self.notes.setText("")
        self._update()

    def show_result(self, result: Benchmark) -> None:
        self.outcome = result
        ref = result.reference
        self.title.setText(f"<b>{ref.code} — {ref.name}</b><br>{ref.entity}")
        self.model.clear()
        self.model.setHorizontalHeaderLabels([column_title(k) for k in COLUMNS])
        for row in result.rows:
            self.model.appendRow(self._items(row))
        for label, values in ((_("Median"), result.median),
                              (_("Best quartile"), result.quartile)):
            items = [QStandardItem(label)] + [
                QStandardItem(statistic_text(k, values[k]) if k in values else "")
                for k in COLUMNS[1:]]
            for column, item in enumerate(items):
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                if column > 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(items)
        self.chart.show_result(result)
        median = result.median
        self.summary.setText(_(
            "{n} municipalities, by unit cost. Median unit cost {cost}, fee {fee}, "
            "{days} business days. ● best quartile of unit cost · ! outlier · "
            "? same name only (a proposal)").format(
            n=len(result.rows), cost=statistic_text("unit_cost", median["unit_cost"]),
            fee=statistic_text("fee", median["fee"]),
            days=statistic_text("business_days", median["business_days"])))
        missing = [m.entity for m in result.not_mapped]
        self.notes.setText(_("In the TUPA but not mapped: {names}").format(
            names=", ".join(missing)) if missing else "")
        self._update()

    def _items(self, row: BenchmarkRow) -> list[QStandardItem]:
        items = []
        for key in COLUMNS:
            text = cell_text(row, key)
            if key == "entity":
                marks = ("● " if "unit_cost" in row.best else "") + (
                    "! " if row.outliers else "") + (
                    "? " if row.match.kind is MatchKind.NAME else "")
                text = marks + text
            item = QStandardItem(text)
            if key != "entity" and key != "version":
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if key in row.outliers:
                item.setForeground(QColor("#C62828"))
            item.setData(row.match.procedure_uuid, UUID_ROLE)
            items.append(item)
        return items

    # ---- Acting on a row ----------------------------------------------------------------

    def selected_row(self) -> BenchmarkRow | None:
        index = self.table.currentIndex()
        if self.outcome is None or not index.isValid() or index.row() >= len(self.outcome.rows):
            return None
        return self.outcome.rows[index.row()]

    def _update(self) -> None:
        row = self.selected_row()
        self.open_button.setEnabled(row is not None)
        self.confirm_button.setEnabled(row is not None and row.match.kind is MatchKind.NAME)

    def _open(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_requested.emit(row.match.procedure_uuid)

    def _confirm(self) -> None:
        row = self.selected_row()
        if row is None or row.match.kind is not MatchKind.NAME:
            return
        self.document.write(link_procedures, self.procedure_uuid, row.match.procedure_uuid)
        self.refresh()
