"""The prioritisation matrix in the portfolio PDF: on the page of the ranked table, its
numbers those of the table, in both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from procedures.i18n import use_language
from procedures.services import copying as ec
from tests.procedures.copy_support import EMPTY, NEAR, load
from tests.procedures.test_reports_pdf import assert_sound, build, page_texts


def test_portfolio_draws_the_matrix_above_its_ranked_table(sqlite_db: Any, db_path: Path,
                                                            tmp_path: Path) -> None:
    source = load(sqlite_db, tmp_path)
    with sqlite_db.session() as session, session.begin():
        ec.copy_procedure(session, source, [NEAR, EMPTY])
    for lang, title, axis, table in (
            ("es", "Demanda anual × carga para el ciudadano (procedimientos mapeados)",
             "Casos al año", "Qué procedimientos simplificar primero"),
            ("en", "Yearly demand × burden on the resident (mapped procedures)",
             "Cases per year", "Which procedures to simplify first")):
        out = tmp_path / f"portfolio-{lang}.pdf"
        with use_language(lang):
            build(db_path, out, "portfolio", entity="06", lang=lang)
        assert_sound(out, tmp_path)
        page = next(p for p in page_texts(out) if table in p)
        assert title in page and axis in page
        # the copies have no yearly demand (left for their clerks): said, not drawn
        assert ("2 procedimientos mapeados no tienen demanda anual" if lang == "es" else
                "2 mapped procedures have no yearly demand") in page
        assert page.index(title) < page.index("PA-07 Certificado de posesión")
