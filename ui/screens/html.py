"""Small HTML builders for the read-only sheets (costs, warnings, comparison).

Qt's rich text understands a subset of HTML 4 and CSS; these helpers stay inside it.
Every text is escaped; numbers come formatted by `procedures.formatting`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

CSS = """
body { font-size: 10pt; color: #2c3e50; }
h2 { font-size: 13pt; color: #1f3b57; margin: 6px 0 2px 0; }
h3 { font-size: 10.5pt; color: #1f3b57; margin: 14px 0 4px 0; }
p.lead { font-size: 11pt; margin: 2px 0 8px 0; }
p.note { color: #6b7a89; margin: 2px 0; }
table.grid { border-collapse: collapse; }
table.grid th { background: #e9eef4; color: #34495e; padding: 4px 8px; text-align: left;
                font-weight: 600; }
table.grid td { padding: 3px 8px; border-bottom: 1px solid #e6ebf0; }
table.grid td.num, table.grid th.num { text-align: right; }
tr.total td { font-weight: 600; border-top: 1px solid #b8c4d0; }
tr.sub td { color: #6b7a89; font-size: 9pt; }
.good { color: #1e7d4f; } .bad { color: #b03a2e; } .warn { color: #b9770e; }
.added { background: #e3f4ea; } .removed { background: #fbe9e7; color: #8e3b2f; }
.changed { background: #fdf3df; } .merged { background: #f1e6f7; color: #6a1b9a; }
"""


def page(*parts: str) -> str:
    return f"<html><head><style>{CSS}</style></head><body>{''.join(parts)}</body></html>"


def h2(text: str) -> str:
    return f"<h2>{escape(text)}</h2>"


def h3(text: str) -> str:
    return f"<h3>{escape(text)}</h3>"


def para(text: str, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f"<p{klass}>{escape(text)}</p>"


def raw_para(html: str, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f"<p{klass}>{html}</p>"


def table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = (),
          row_css: Sequence[str] | None = None, width: str = "100%",
          raw: Sequence[int] = ()) -> str:
    """A grid; columns in `numeric` align right; cells of `raw` columns are HTML already.
    `row_css` gives a class per row."""
    def cell(tag: str, number: int, text: str) -> str:
        klass = ' class="num"' if number in numeric else ""
        plain = tag == "th" or number not in raw
        return f"<{tag}{klass}>{escape(text) if plain else text}</{tag}>"

    head = "".join(cell("th", n, h) for n, h in enumerate(header))
    body = []
    for index, row in enumerate(rows):
        klass = f' class="{row_css[index]}"' if row_css and row_css[index] else ""
        body.append(f"<tr{klass}>" + "".join(cell("td", n, c) for n, c in enumerate(row))
                    + "</tr>")
    return (f'<table class="grid" width="{width}" cellspacing="0">'
            f"<tr>{head}</tr>{''.join(body)}</table>")


def span(text: str, css: str) -> str:
    return f'<span class="{css}">{escape(text)}</span>'
