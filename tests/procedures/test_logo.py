"""The municipality's logo: accepted only as a real PNG or JPEG, carried by the package
file (base64 in the settings, byte-identical round trip), and printed in the header of
every report kind instead of the placeholder shield, in proportion."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from procedures.errors import InputError
from procedures.exchange.package_read import parse_package
from procedures.exchange.package_write import dumps_package
from procedures.logo import MAX_LOGO_BYTES, check_logo, read_logo_file
from procedures.services.entities import update_entity
from procedures.services.exports import export_package
from procedures.services.imports import import_package
from procedures.services.queries import entity_snapshot
from tests.conftest import EXAMPLE, package_content
from tests.procedures.builders import english_messages
from tests.procedures.test_reports_pdf import build, demo_db  # noqa: F401  fixture

_english = english_messages()  # these tests assert the English messages (msgids)


def image_bytes(size: tuple[int, int] = (300, 120), kind: str = "PNG",
                mode: str = "RGBA") -> bytes:
    image = Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else "white")
    ImageDraw.Draw(image).ellipse((2, 2, size[0] - 3, size[1] - 3), fill="red")
    buffer = BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


PNG = image_bytes()
JPEG = image_bytes((200, 200), "JPEG", "RGB")


# -- which images are accepted ------------------------------------------------------------
def test_png_and_jpeg_are_accepted_as_they_are() -> None:
    assert check_logo(PNG) == PNG
    assert check_logo(JPEG) == JPEG
    assert check_logo(None) is None and check_logo(b"") is None


@pytest.mark.parametrize("data, words", [
    (image_bytes((60, 60), "GIF", "RGB"), "must be a PNG or JPEG image (this one is GIF)"),
    (b"%PDF-1.4 not an image at all", "not a readable PNG or JPEG image"),
    (PNG[: len(PNG) // 2], "damaged"),
    (image_bytes((10, 40)), "10 × 40 pixels; each side must be between 16 and 4000"),
    (image_bytes((4100, 20), mode="L"), "4100 × 20 pixels"),
    (image_bytes((900, 100)), "too narrow to print"),
])
def test_anything_else_is_refused_with_the_reason(data: bytes, words: str) -> None:
    with pytest.raises(ValueError, match=re.escape(words)):
        check_logo(data)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    big.write_bytes(PNG + b"\0" * MAX_LOGO_BYTES)
    with pytest.raises(ValueError, match="at most 1000 KB"):
        read_logo_file(big)
    with pytest.raises(ValueError, match="cannot be read"):
        read_logo_file(tmp_path / "missing.png")
    good = tmp_path / "escudo.jpg"
    good.write_bytes(JPEG)
    assert read_logo_file(good) == JPEG


def test_the_setting_refuses_a_bad_image_at_its_field(sqlite_db) -> None:
    with sqlite_db.session() as session, session.begin():
        import_package(session, EXAMPLE)
    with pytest.raises(InputError) as caught, sqlite_db.session() as session, \
            session.begin():
        update_entity(session, "060101", "logo", b"GIF89a....")
    (problem,) = caught.value.problems
    assert problem.location.path == "entity.logo"
    assert "PNG or JPEG" in problem.message
    with sqlite_db.session() as session, session.begin():
        assert update_entity(session, "060101", "logo", PNG) is None
        assert update_entity(session, "060101", "logo", None) == PNG  # the undo's value
    with sqlite_db.session() as session:
        assert entity_snapshot(session, "060101").settings.logo is None


# -- the package file -------------------------------------------------------------------
def _example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_the_package_carries_the_logo_and_round_trips_byte_identical(sqlite_db,
                                                                     tmp_path: Path) -> None:
    data = _example()
    assert "logo" not in data["entities"][0]["settings"]  # packages without it import
    data["entities"][0]["settings"]["logo"] = base64.b64encode(JPEG).decode()
    source = tmp_path / "with-logo.tramite.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with sqlite_db.session() as session, session.begin():
        import_package(session, source)
    first, second = tmp_path / "first.tramite.json", tmp_path / "second.tramite.json"
    with sqlite_db.session() as session:
        assert entity_snapshot(session, "060101").settings.logo == JPEG
        export_package(session, "060101", first)
    with sqlite_db.session() as session, session.begin():
        import_package(session, first, replace=True)
    with sqlite_db.session() as session:
        export_package(session, "060101", second)
    assert package_content(first) == package_content(second)  # origins name the database
    exported = json.loads(first.read_text(encoding="utf-8"))["entities"][0]["settings"]
    assert base64.b64decode(exported["logo"]) == JPEG
    # A package without a logo keeps the one the municipality set.
    with sqlite_db.session() as session, session.begin():
        import_package(session, EXAMPLE, replace=True)
    with sqlite_db.session() as session:
        assert entity_snapshot(session, "060101").settings.logo == JPEG


def test_without_a_logo_the_written_package_has_no_logo_key() -> None:
    written = json.loads(dumps_package(parse_package(_example())))
    assert "logo" not in written["entities"][0]["settings"]


@pytest.mark.parametrize("value, words", [
    ("not base64 !!", "not valid base64 text"),
    (12, "expected the image as base64 text"),
    (base64.b64encode(b"plain text, not an image").decode(), "not a readable PNG or JPEG"),
    (base64.b64encode(PNG[:200]).decode(), "damaged"),
    ("A" * (4 * MAX_LOGO_BYTES // 3 + 8), "more than 1000 KB"),
])
def test_a_bad_logo_in_a_package_is_a_located_problem(value: object, words: str) -> None:
    data = _example()
    data["entities"][0]["settings"]["logo"] = value
    with pytest.raises(InputError) as caught:
        parse_package(data, "bad.tramite.json")
    (problem,) = caught.value.problems
    assert str(problem).startswith("bad.tramite.json: entities[0].settings.logo: ")
    assert words in str(problem)


# -- every report kind prints it --------------------------------------------------------
KINDS = [
    ("guide", "060101", {"procedure": "PA-02"}),
    ("guide", "060101", {"procedure": "PA-02", "large_print": True}),
    ("booklet", "060101", {}),
    ("sheet", "060101", {"procedure": "PA-02"}),
    ("comparison", "060101", {"procedure": "PA-02", "version": "Propuesta"}),
    ("tupa", "060101", {}),
    ("portfolio", "0601", {}),
]


@pytest.fixture(scope="module")
def logo_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    from models.db import open_database

    path = tmp_path_factory.mktemp("logo") / "logo.sqlite"
    shutil.copyfile(demo_db, path)
    db = open_database(path)
    try:
        with db.session() as session, session.begin():
            update_entity(session, "060101", "logo", PNG)
    finally:
        db.close()
    return path


def _images(path: Path) -> list[list[str]]:
    """`pdfimages -list` rows (page, num, type, width, height, ..., x-ppi, y-ppi, ...)."""
    listing = subprocess.run(["pdfimages", "-list", str(path)], check=True,
                             capture_output=True, text=True).stdout
    return [line.split() for line in listing.splitlines()[2:] if line.strip()]


@pytest.mark.parametrize("kind, entity, options", KINDS)
def test_every_report_prints_the_logo_on_every_page_in_proportion(
        logo_db: Path, tmp_path: Path, kind: str, entity: str,
        options: dict[str, object]) -> None:
    out = tmp_path / f"{kind}.pdf"
    build(logo_db, out, kind, entity, **options)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout)[1])
    images = [row for row in _images(out) if row[2] == "image"]
    assert {int(row[0]) for row in images} == set(range(1, pages + 1))
    for row in images:
        assert (row[3], row[4]) == ("300", "120")  # the logo itself, nothing else
        assert row[12] == row[13]  # same resolution across and down: not stretched


def test_without_a_logo_the_shield_is_drawn_and_no_image(demo_db: Path,  # noqa: F811
                                                        tmp_path: Path) -> None:
    out = tmp_path / "guide.pdf"
    build(demo_db, out, "guide", procedure="PA-02")
    assert _images(out) == []
