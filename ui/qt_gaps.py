"""Words Qt's own Spanish catalogue (qtbase_es.qm) leaves in English, translated by ours.

Qt's standard dialogs (QFileDialog, QMessageBox, QInputDialog, QColorDialog…) take their
words from qtbase_<lang>.qm; a few of the file dialog's labels are missing there and
would show in English in a Spanish window. This translator answers those from our
gettext catalogue. It is installed *before* Qt's, so Qt asks it only when qtbase has
no translation (Qt asks the most recently installed translator first).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

from procedures.i18n import N_, current_language, translations

#: (Qt's context, Qt's English text) -> our msgid (the same English text).
GAPS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): N_("&Look in:"),
    ("QFileDialog", "Files of &type:"): N_("Files of &type:"),
    ("QAbstractFileIconProvider", "Drive"): N_("Drive"),
    ("QAbstractFileIconProvider", "Folder"): N_("Folder"),
}


class GapTranslator(QTranslator):
    """Translates only the `GAPS`, in the current language of `procedures.i18n`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        msgid = GAPS.get((context, source_text))
        if msgid is None or current_language() == "en":
            return ""
        return translations(current_language()).gettext(msgid)

    def isEmpty(self) -> bool:
        return False
