"""Speed of the navigator's search (issue: "the region's 140 entities × 250 procedures
staying instant"): a script, not a test.

    uv run python bench/bench_navigator.py

Filters the navigator model of a region (35,000 procedures, names with accents) as a
person types: the first search folds every name once; later ones only scan. Each figure
is printed next to a bare loop measured in the same run: `in` over the same names
already lower-cased, no model. Targets: a later search ≤ 2 × the bare scan (the model
adds little to the scan itself); the first one, which folds 35,000 names (Unicode
decomposition, accents dropped), ≤ 10 × the bare scan.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication

from models.codes import EntityKind
from procedures.services.queries import EntityItem, ProcedureItem
from ui.item_models.navigator import NavigatorModel

NAMES = ("Licencia de funcionamiento para establecimientos de riesgo bajo",
         "Certificado de posesión para servicios básicos", "Matrimonio civil en el local",
         "Constancia de no adeudo de tributos municipales", "Inscripción de organización social")


def region(entities: int = 140, procedures: int = 250) -> tuple[list[EntityItem],
                                                                 list[ProcedureItem]]:
    listed = [EntityItem(n, f"06{n // 10:02d}{n % 10:02d}", f"Municipalidad {n}",
                         EntityKind.DISTRICT, f"Provincia {n // 10}", procedures)
              for n in range(1, entities + 1)]
    every = [ProcedureItem(e.id, f"{e.id}-{p}", f"PA-{p:03d}",
                           f"{NAMES[p % len(NAMES)]} — Trámite {p} de {e.name}")
             for e in listed for p in range(procedures)]
    return listed, every


def timed(action: Callable[..., object], *args: object) -> float:
    started = time.perf_counter()
    action(*args)
    return (time.perf_counter() - started) * 1000


def scan(names: list[str], words: tuple[str, ...]) -> list[str]:
    """The bare baseline: the names that hold every word."""
    return [name for name in names if all(word in name for word in words)]


def main() -> None:
    _app = QCoreApplication.instance() or QCoreApplication(sys.argv)
    listed, every = region()
    firsts, laters, bares = [], [], []
    lowered = [f"{p.code} {p.name}".lower() for p in every]
    for _run in range(5):
        model = NavigatorModel(lambda _entity: [], lambda: every)
        model.set_entities(listed)
        firsts.append(timed(model.set_filter, "posesión"))
        laters.append(timed(model.set_filter, "posesion 123 municipalidad 77"))
        bares.append(timed(scan, lowered, ("posesion", "123")))
    first, later, bare = (statistics.median(x) for x in (firsts, laters, bares))
    print(f"procedures in the region      {len(every):>10,}")
    print(f"bare scan (lower-cased names) {bare:>10.1f} ms")
    print(f"first search (folds names)    {first:>10.1f} ms   {first / bare:5.1f} x bare"
          "   (target <= 10 x)")
    print(f"later search                  {later:>10.1f} ms   {later / bare:5.1f} x bare"
          "   (target <= 2 x)")


if __name__ == "__main__":
    main()
