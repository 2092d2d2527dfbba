"""Which version is the baseline and which is in force: one rule for window and reports."""

from __future__ import annotations

from models.codes import VersionKind
from procedures import snapshots as s
from procedures.rules.scenario import baseline_of, in_force
from procedures.services.queries import VersionItem
from procedures.services.reports import version_in_force

AS_IS, TO_BE = VersionKind.AS_IS, VersionKind.TO_BE


def versions(*specs: tuple[str, VersionKind, bool]) -> tuple[s.Version, ...]:
    return tuple(s.Version(name, kind, adopted=adopted) for name, kind, adopted in specs)


def test_without_an_adopted_version_the_baseline_is_in_force() -> None:
    plain = versions(("Propuesta", TO_BE, False), ("Actual", AS_IS, False),
                     ("Actual 2", AS_IS, False))
    assert baseline_of(plain).name == "Actual"
    assert in_force(plain).name == "Actual"
    only_proposals = versions(("P1", TO_BE, False), ("P2", TO_BE, False))
    assert baseline_of(only_proposals).name == in_force(only_proposals).name == "P1"
    assert baseline_of(()) is None and in_force(()) is None


def test_the_adopted_version_is_in_force_whatever_its_kind() -> None:
    """The cases where the window (first adopted of any kind) and the reports (last
    adopted proposal) used to disagree."""
    as_is_adopted = versions(("Actual", AS_IS, False), ("Propuesta", TO_BE, False),
                             ("Actual 2026", AS_IS, True))
    assert in_force(as_is_adopted).name == "Actual 2026"
    two_adopted = versions(("Actual", AS_IS, False), ("P1", TO_BE, True), ("P2", TO_BE, True))
    assert in_force(two_adopted).name == "P2"


def test_the_window_list_and_the_snapshots_give_the_same_answer() -> None:
    snapshots = versions(("Actual", AS_IS, False), ("P1", TO_BE, True), ("Actual 2", AS_IS, True))
    items = tuple(VersionItem(v.name, v.name, v.kind, v.adopted, "") for v in snapshots)
    procedure = s.Procedure("PA-01", "Licencia", versions=snapshots)
    assert in_force(items).name == version_in_force(procedure).name == "Actual 2"
    assert version_in_force(procedure, "P1").name == "P1"
