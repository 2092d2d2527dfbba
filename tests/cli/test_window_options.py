"""`main.window_options`: the window's start skips the commands' parser only where that
parser would have said the same (a window, this database, this language)."""

from __future__ import annotations

import pytest

import main
from cli.run import parse_arguments


@pytest.mark.parametrize("argv", [
    [],
    ["--db", "region.sqlite"],
    ["--db=region.sqlite"],
    ["--db", "postgresql://clerk@server/tramite"],
    ["--lang", "en"],
    ["--lang=es", "--db", "a.sqlite"],
    ["--db", "a.sqlite", "--db", "b.sqlite"],
    ["--db="],
])
def test_the_window_options_are_what_the_parser_reads(argv: list[str]) -> None:
    args = parse_arguments(argv)
    assert args.command is None
    assert main.window_options(argv) == (args.db, args.lang)


@pytest.mark.parametrize("argv", [
    ["metrics", "--entity", "060101"],
    ["--db", "a.sqlite", "portfolio", "--entity", "06", "--json"],
    ["--help"],
    ["-h"],
    ["--lang", "fr"],
    ["--lang=qu"],
    ["--db"],
    ["--db", "--lang", "en"],
    ["--d", "a.sqlite"],
    ["--version"],
    ["a.sqlite"],
])
def test_anything_else_goes_to_the_parser(argv: list[str]) -> None:
    assert main.window_options(argv) is None


def test_a_bad_language_is_still_worded_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main.main(["--lang", "fr"])
    assert stopped.value.code == 2
    assert "--lang" in capsys.readouterr().err
