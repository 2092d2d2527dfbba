"""The screenshot of File ▸ Synchronise's conflicts dialog (docs/screenshot-synchronise.png).

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \\
        uv run python -m tools.screenshot_synchronise [--out docs] [--lang es]

An office and a laptop database in a throwaway folder, both changing the worked example
(the same step's minutes, the fee, a step one deletes and the other changes), then the
merge and its dialog, grabbed with QWidget.grab(). Without a display: offscreen.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def build(out: Path, lang: str) -> Path:
    from models.db import open_database
    from procedures.merge_words import summary_line
    from procedures.services import activities, versions
    from tests.conftest import EXAMPLE
    from tests.procedures.merge_support import bring, edit, export, merge, procedure, steps
    from ui.app import create_application, install_language
    from ui.screens.merge_conflicts import MergeConflicts

    app = create_application()
    install_language(app, lang)
    work = Path(tempfile.mkdtemp(prefix="tramite-sync-"))
    office, laptop = open_database(work / "office.sqlite"), open_database(work / "laptop.sqlite")
    bring(office, EXAMPLE)
    bring(laptop, export(office, work / "to.tramite.json"))
    theirs, mine = steps(laptop), steps(office)
    for db, who, values in ((laptop, "juan", (15, 7, "52.40")), (office, "ana", (12, 9, "48.00"))):
        rows = steps(db)
        edit(db, activities.update_activity, rows[0].uid, "minutes", Decimal(values[0]),
             author=who)
        edit(db, activities.update_activity, rows[6].uid, "minutes", Decimal(values[1]),
             author=who)
        edit(db, versions.update_version, procedure(db).versions[0].uid, "fee",
             Decimal(values[2]), author=who)
    edit(laptop, activities.delete_activities, [theirs[3].uid], author="juan")
    edit(office, activities.update_activity, mine[3].uid, "note", "Se revisa en campo",
         author="ana")
    result = merge(office, export(laptop, work / "back.tramite.json"))
    dialog = MergeConflicts(result.conflicts, summary_line(result))
    dialog.resize(1200, 360)
    dialog.show()
    dialog.model.choose(0, True)
    app.processEvents()
    suffix = "" if lang == "es" else f"-{lang}"
    path = out / f"screenshot-synchronise{suffix}.png"
    dialog.grab().save(str(path))
    dialog.close()
    office.close()
    laptop.close()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "docs"))
    parser.add_argument("--lang", default="es", choices=("es", "en"))
    args = parser.parse_args(argv)
    print(build(Path(args.out), args.lang))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
