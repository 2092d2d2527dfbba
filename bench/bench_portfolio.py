"""Benchmark: the portfolio of a region and of a province against bare baselines.

Issue #17, point 2: "`portfolio --entity CODE --json` … within 3× a bare SQL GROUP BY
over the same activity rows (whole process, same run); the portfolio PDF within 1.5× a
bare ReportLab document of the same pages plus that." Every figure is a whole process
of the same interpreter, the program and its baseline alternated in the same run:

- JSON: `main.py --db DB portfolio --entity CODE --json` (the stored figures) against a
  bare process where `sqlite3` sums the same activity rows per municipality (count,
  minutes × probability, procedures) with one GROUP BY and `json.dump`s the result;
- PDF: `main.py --db DB report portfolio --entity CODE --out FILE` against a bare
  process that runs the same GROUP BY and then builds, with ReportLab's own
  `SimpleDocTemplate`, a document of as many A4 pages as the program's PDF holding as
  many table rows as its tables (plain string cells, a header row per page), in the
  same embedded typeface (the four DejaVu Sans faces the reports register) and with the
  same stream encoding (Flate, no ASCII85).

    uv run python bench/bench_portfolio.py --db /work/data/region.sqlite [--repeat 3]
        [--region 99] [--province 9901]

Without --db (or with a file that does not exist yet) the region is generated first with
`demo --municipalities 140 --procedures 250 --activities 25` (not timed).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from processes import MAIN, PYTHON, ROOT, Run, alternate, load_average, report, run

BARE_SQL = """
SELECT p.entity_id, count(*), sum(a.minutes * a.probability), count(DISTINCT p.id)
FROM activity a
JOIN version v ON a.version_id = v.id
JOIN procedure p ON v.procedure_id = p.id
JOIN entity e ON p.entity_id = e.id
WHERE e.ubigeo LIKE ? || '%'
GROUP BY p.entity_id
"""

BARE_JSON = f"""
import json, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
rows = connection.execute({BARE_SQL!r}, (sys.argv[2],)).fetchall()
json.dump(rows, sys.stdout)
"""

BARE_PDF = f"""
import sqlite3, sys
from pathlib import Path
from reportlab import rl_config
rl_config.useA85 = 0
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

database, code, out, fonts = sys.argv[1], sys.argv[2], sys.argv[5], Path(sys.argv[6])
pages, rows = int(sys.argv[3]), int(sys.argv[4])
for face in ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"):
    pdfmetrics.registerFont(TTFont(face, str(fonts / f"{{face}}.ttf")))
connection = sqlite3.connect(database)
groups = connection.execute({BARE_SQL!r}, (code,)).fetchall()
header = ["Municipality", "Activities", "Minutes", "Procedures", "Per procedure", "Share", "Rank"]
body = []
for index in range(rows):
    entity, activities, minutes, procedures = groups[index % len(groups)]
    body.append([f"Municipality {{entity}}", f"{{activities:,}}", f"{{minutes:,.2f}}",
                 f"{{procedures:,}}", f"{{minutes / procedures:,.2f}}",
                 f"{{activities / procedures:.1f}}", str(index + 1)])
style = TableStyle([("FONT", (0, 0), (-1, -1), "DejaVuSans", 7.2),
                    ("FONT", (0, 0), (-1, 0), "DejaVuSans-Bold", 6.75),
                    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#cccccc"),
                    ("BACKGROUND", (0, 0), (-1, 0), "#e8eef5")])
story = []
for page in range(pages):  # the rows spread evenly, every page holding some
    chunk = body[page * rows // pages:(page + 1) * rows // pages] or [header]
    story.append(Table([header, *chunk], style=style))
    if page < pages - 1:
        story.append(PageBreak())
SimpleDocTemplate(out, pagesize=A4).build(story)
"""
FONTS = ROOT / "resources" / "fonts"


def ensure_region(path: Path) -> None:
    if path.exists():
        return
    print(f"generating the region into {path} (not timed)...", file=sys.stderr)
    run([PYTHON, MAIN, "--db", str(path), "demo", "--municipalities", "140", "--procedures",
         "250", "--activities", "25"])


def pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", path.read_bytes()))


def procedure_counts(printed: str) -> list[int]:
    """Procedures of each municipality in `portfolio --json`'s output (one procedure a
    line), counted in the text: parsing 13 MB of JSON here would make this process big,
    and a child's peak memory counts its parent's at the fork."""
    return [part.count('\n    {"code"') for part in printed.split('\n  {"ubigeo"')[1:]]


LIMITS = ("from procedures.reports.portfolio import DETAIL_PER_ENTITY, FULL_DETAIL_LIMIT, "
          "RANKED; print(DETAIL_PER_ENTITY, FULL_DETAIL_LIMIT, RANKED)")


def table_rows(counts: list[int]) -> int:
    """The body rows of the portfolio PDF's tables (procedures.reports.portfolio): one per
    municipality with procedures, the ranked ones, and each municipality's detail."""
    per_entity, full_limit, ranked = map(int, run([PYTHON, "-c", LIMITS]).out.split())
    counts = [n for n in counts if n]
    total = sum(counts)
    detail = total if total <= full_limit else sum(min(per_entity, n) for n in counts)
    return len(counts) + min(ranked, total) + detail


def lean(found: Run) -> Run:
    """The run without its output (kept, 13 MB a run would grow this process)."""
    return replace(found, out="")


#: What the other commands pay before their own work: the command line's modules
#: (SQLAlchemy, the mapped tables, the services) and opening the database for work.
START_UP = """
import sys
sys.path.insert(0, sys.argv[2])
from cli.run import parse_arguments
from cli.database import open_for_cli
parse_arguments(["--db", sys.argv[1], "portfolio", "--entity", "99", "--json"])
open_for_cli(sys.argv[1], check_pages=False).close()
"""

#: What `portfolio` and `report portfolio` pay on a file that needs nothing done to it
#: (read through plain sqlite3, `procedures.portfolio`): their modules and the checks.
PLAIN_START_UP = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from cli.run import parse_arguments
from procedures.portfolio import plain_connection
parse_arguments(["--db", sys.argv[1], "portfolio", "--entity", "99", "--json"])
with plain_connection(Path(sys.argv[1]).resolve()) as connection:
    assert connection is not None, "the file needs opening for work"
"""


def start_up(db: Path, repeat: int) -> None:
    """The program's start-up alone, next to a bare Python start, for the reader to see
    how much of each ratio is the start-up."""
    bare = lambda: run([PYTHON, "-c", "import sqlite3, json"])  # noqa: E731
    print("\n== start-up of the portfolio commands (plain sqlite3 reader) ==")
    runs, bare_runs = alternate(
        lambda: run([PYTHON, "-c", PLAIN_START_UP, str(db), str(ROOT)]), bare, repeat)
    report("portfolio start-up, no work", runs, "bare python -c 'import sqlite3, json'",
           bare_runs)
    print("\n== start-up shared by the other commands (imports, opening the database) ==")
    runs, bare_runs = alternate(
        lambda: run([PYTHON, "-c", START_UP, str(db), str(ROOT)]), bare, repeat)
    report("main.py start-up, no command", runs, "bare python -c 'import sqlite3, json'",
           bare_runs)


def measure(db: Path, code: str, repeat: int, folder: Path) -> None:
    print(f"\n== portfolio --entity {code} ==")
    program_json = [PYTHON, MAIN, "--db", str(db), "portfolio", "--entity", code, "--json"]
    bare_json = [PYTHON, "-c", BARE_JSON, str(db), code]
    counts: list[int] = []
    groups: list[list[float]] = []

    def program() -> Run:
        found = run(program_json)
        counts[:] = procedure_counts(found.out)
        return lean(found)

    def baseline() -> Run:
        found = run(bare_json)
        groups[:] = json.loads(found.out)
        return lean(found)

    runs, bare = alternate(program, baseline, repeat)
    print(f"{len(counts)} municipalities, {sum(counts):,} procedures; the bare GROUP BY "
          f"sums {sum(int(row[1]) for row in groups):,} activities")
    ratio = report("portfolio --json", runs, "bare sqlite3 GROUP BY + json.dump", bare)
    print(f"{'target':<42} {3:7.2f} ×  {'met' if ratio <= 3 else 'NOT met'}")

    out = folder / f"portfolio-{code}.pdf"
    program_pdf = [PYTHON, MAIN, "--db", str(db), "report", "portfolio", "--entity", code,
                   "--out", str(out)]
    run(program_pdf)  # the pages the bare document copies (not counted)
    pages, rows = pdf_pages(out), table_rows(counts)
    bare_out = folder / f"bare-{code}.pdf"
    bare_pdf = [PYTHON, "-c", BARE_PDF, str(db), code, str(pages), str(rows), str(bare_out),
                str(FONTS)]
    runs, bare = alternate(lambda: run(program_pdf), lambda: run(bare_pdf), repeat)
    if pdf_pages(bare_out) != pages:
        raise SystemExit(f"the bare document has {pdf_pages(bare_out)} pages, not {pages}")
    print(f"PDF: {pages} pages, {rows:,} table rows (the bare document: the same)")
    ratio = report("report portfolio (PDF)", runs, "bare ReportLab document + GROUP BY", bare)
    print(f"{'target':<42} {1.5:7.2f} ×  {'met' if ratio <= 1.5 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--region", default="99", help="the department's code")
    parser.add_argument("--province", default="9901", help="a province's code")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = args.db or folder / "region.sqlite"
        ensure_region(db)
        # Opened for work once (the day's copy, if not made yet): not timed.
        run([PYTHON, MAIN, "--db", str(db), "portfolio", "--entity", args.province])
        print(f"load average before: {load_average()}")
        for code in (args.region, args.province):
            measure(db, code, args.repeat, folder)
        start_up(db, args.repeat)
        print(f"\nload average after: {load_average()}")


if __name__ == "__main__":
    main()

