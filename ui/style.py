"""The look of the window: Fusion with a calm palette and one style sheet.

Colours: slate text (#2c3e50), soft grey surfaces, one teal accent (#1f7a8c); green,
blue and red only to mean value added, control and no value added (or a problem).
Icons are ours (`ui.icons`, one line style); the platform's stock icons on OK, Cancel
and Close buttons (glossy, in another style) are switched off.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#1f7a8c"

STYLE_SHEET = """
QMainWindow, QDialog { background: #f5f7fa; }
QToolBar { background: #ffffff; border: none; border-bottom: 1px solid #dde3ea;
           spacing: 2px; padding: 2px 6px; }
QToolBar QToolButton { padding: 4px; border-radius: 4px; }
QToolBar QToolButton:hover { background: #e9f2f4; }
QStatusBar { background: #ffffff; border-top: 1px solid #dde3ea; }
QStatusBar QLabel { padding: 0 10px; color: #34495e; }
QStatusBar QLabel#status_database { color: #8a97a5; }
QLabel[state="bad"] { color: #b03a2e; font-weight: 600; }
QLabel#title { font-size: 14pt; font-weight: 600; color: #1f3b57; }
QLabel#subtitle, QLabel#hint { color: #6b7a89; }
QLabel#section { font-weight: 600; color: #1f3b57; padding-top: 4px; }
QLabel#badge { border-radius: 9px; padding: 2px 10px; background: #e9eef4;
               color: #34495e; }
QLabel#badge[kind="to_be"] { background: #e3f4ea; color: #1e7d4f; }
QLabel#footer { background: #ffffff; border: 1px solid #dde3ea; border-radius: 4px;
                padding: 6px 10px; color: #34495e; }
QLabel#empty_title { font-size: 16pt; font-weight: 600; color: #1f3b57; padding: 8px; }
QLabel#empty_text { color: #4d5d6d; font-size: 10.5pt; }
QLabel#empty { color: #6b7a89; font-size: 11pt; }
QTableView, QTreeView, QListView, QTextBrowser { background: #ffffff;
    border: 1px solid #dde3ea; border-radius: 4px;
    selection-background-color: #cde5ea; selection-color: #1b2631; }
QTableView { gridline-color: #e6ebf0; alternate-background-color: #fafbfd; }
QTreeView::item { padding: 2px 0; }
QHeaderView::section { background: #eef2f6; color: #34495e; font-weight: 600;
    padding: 4px 6px; border: none; border-right: 1px solid #dde3ea;
    border-bottom: 1px solid #dde3ea; }
QTabWidget::pane { border: none; }
QTabBar::tab { padding: 6px 12px; color: #4d5d6d; border: none; background: transparent;
               border-bottom: 2px solid transparent; }
QTabBar::tab:hover { color: #1f3b57; }
QTabBar::tab:selected { color: #1f3b57; font-weight: 600; border-bottom: 2px solid #1f7a8c; }
QGroupBox { font-weight: 600; color: #1f3b57; border: 1px solid #dde3ea;
    border-radius: 6px; margin-top: 12px; padding: 10px 8px 6px 8px; background: #ffffff; }
QGroupBox::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; }
QLineEdit, QPlainTextEdit, QComboBox { padding: 3px 5px; border: 1px solid #c9d3dd;
    border-radius: 3px; background: #ffffff; }
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus { border: 1px solid #1f7a8c; }
QTableView QLineEdit { border: 1px solid #1f7a8c; border-radius: 0; padding: 0 3px; }
QDialogButtonBox { dialogbuttonbox-buttons-have-icons: 0; }
QPushButton { padding: 5px 12px; border: 1px solid #c9d3dd; border-radius: 4px;
    background: #ffffff; }
QPushButton:hover { background: #e9f2f4; }
QPushButton:default { border: 1px solid #1f7a8c; }
QPushButton:disabled { color: #a5b1bd; }
"""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f5f7fa"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#cde5ea"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#1b2631"))
    palette.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor("#2c3e50"))
    app.setPalette(palette)
    app.setStyleSheet(STYLE_SHEET)
