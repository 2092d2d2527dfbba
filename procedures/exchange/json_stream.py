"""A large JSON object read in chunks: its members in order, one array member element by element.

A package of the whole region is half a gigabyte of text; decoded at once it would take
several gigabytes of Python objects. Here the text is read a chunk at a time and each
member of the top-level object is decoded by Python's own (C) decoder as soon as it is
complete, except the members named in `streamed`, whose arrays come one element at a
time. Syntax errors are those `json.loads` reports for the whole text (the same reason,
line and column), raised as `JsonSyntaxError`.

The decoder is the caller's (the package reader's keeps numbers exact), and each value
decoded at once — a member, or an element of a streamed array — may be given limits of
characters and of values (commas and colons, counted in the text before it is decoded,
so a value over the limit never takes the memory its decoding would): `ValueTooLarge`.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from typing import Any, NamedTuple, Protocol

#: Characters read at a time; a value longer than this is read in several.
CHUNK = 8 * 1024 * 1024
#: Text already decoded is forgotten only past this much (small files stay whole).
MIN_DROP = 1024 * 1024
_SPACE = re.compile(r"[ \t\n\r]*")
_TRAILING_COMMA_ERRORS = sys.version_info >= (3, 13)  # "Illegal trailing comma …"


class Readable(Protocol):
    """A text stream: an open file, or a text already in memory."""

    def read(self, size: int = -1, /) -> str: ...


class JsonSyntaxError(Exception):
    """Not valid JSON: the decoder's reason (`JSONDecodeError.msg`) and where."""

    def __init__(self, reason: str, line: int, column: int) -> None:
        super().__init__(f"{reason}: line {line} column {column}")
        self.reason = reason
        self.line = line
        self.column = column


class ValueTooLarge(Exception):
    """A value decoded at once (member `key`, element `index` of it) is over a limit:
    of values (`values` true) or of characters."""

    def __init__(self, key: str | None, index: int | None, values: bool) -> None:
        super().__init__(f"{key}[{index}]: too many {'values' if values else 'characters'}")
        self.key = key
        self.index = index
        self.values = values


class Member(NamedTuple):
    """A member of the top-level object, decoded whole."""

    key: str
    value: Any


class Element(NamedTuple):
    """One element of a streamed array member (`position` from 0)."""

    key: str
    position: int
    value: Any


class Whole(NamedTuple):
    """The document when it is not an object: decoded whole."""

    value: Any


class _Text:
    """The text read so far that is still needed, and where it starts in the file."""

    def __init__(self, stream: Readable, chunk: int, decoder: json.JSONDecoder | None,
                 max_characters: int | None, max_values: int | None) -> None:
        self.stream = stream
        self.chunk = chunk
        self.max_characters = max_characters
        self.max_values = max_values
        self.text = ""
        self.pos = 0
        self.eof = False
        self.line = 1  # the file's line and column where `text` starts
        self.column = 1
        self.decoder = decoder or json.JSONDecoder()
        self.longest = 0
        #: (start, end, separators in text[start:end]): the last count of the held text,
        #: so that each character is counted about once, not once per value it follows.
        #: When not `exact`, the count is only at least that (it still counts text that
        #: values have passed, or that was dropped): enough while it is under the limit.
        self.counted = (0, 0, 0)
        self.exact = True

    def more(self) -> bool:
        """Read another chunk (at least as much as is held: long values stay linear)."""
        if self.eof:
            return False
        read = self.stream.read(max(self.chunk, len(self.text) - self.pos))
        if not read:
            self.eof = True
            return False
        self.text += read
        return True

    def drop(self, reading: bool = False) -> None:
        """Forget the text before `pos` once it is most of what is held (so each character
        is copied about once), or (`reading`: more is about to be read onto it) once it is
        past `MIN_DROP`, so the dead text is not copied with the live; counting its lines
        for the positions of errors."""
        if self.pos < MIN_DROP or (not reading and self.pos < len(self.text) // 2):
            return
        lines = self.text.count("\n", 0, self.pos)
        if lines:
            self.line += lines
            self.column = self.pos - self.text.rfind("\n", 0, self.pos)
        else:
            self.column += self.pos
        low, high, count = self.counted
        if high <= self.pos:  # nothing counted is kept
            self.counted, self.exact = (0, 0, 0), True
        elif low < self.pos:  # the count goes on counting the text dropped: at least
            self.counted, self.exact = (0, high - self.pos, count), False
        else:
            self.counted = (low - self.pos, high - self.pos, count)
        self.text = self.text[self.pos:]
        self.pos = 0

    def peek(self) -> str:
        """The next character after white space ("" at the end of the file)."""
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def value(self, key: str | None = None, index: int | None = None) -> Any:
        """Decode the value at `pos` (after white space), reading more when it is cut.

        A cut value fails where the text ends, or (a string) where it starts; a real
        error fails in the same place again once more text is there. `key` and `index`
        name the value for `ValueTooLarge`."""
        self.peek()
        # Hold twice the longest value so far past `pos`: a value is rarely cut, and a
        # cut one is decoded again from its start.
        if len(self.text) - self.pos < 2 * self.longest and not self.eof:
            self.drop(reading=True)
        while len(self.text) - self.pos < 2 * self.longest and self.more():
            pass
        start = self.pos
        last: tuple[str, int] | None = None
        while True:
            if self._over_limits(start):
                found, end = self._bounded(start, key, index)
            else:
                try:
                    found, end = self.decoder.raw_decode(self.text, start)
                except json.JSONDecodeError as error:
                    cut = (error.msg.startswith("Unterminated string")
                           or (error.msg, error.pos) != last)
                    if cut and self.more():
                        last = (error.msg, error.pos)
                        continue
                    raise self.error(error.msg, error.pos) from None
            if end == len(self.text) and self.more():
                continue  # a number may go on in the next chunk
            self.pos = end
            self.longest = max(self.longest, end - start)
            return found

    def _separators(self, start: int, end: int) -> int:
        return self.text.count(",", start, end) + self.text.count(":", start, end)

    def _over_limits(self, start: int) -> bool:
        """Whether the text held from `start` could hold a value over a limit (it holds
        more characters, or more separators, than a value may)."""
        held = len(self.text) - start
        if self.max_characters is not None and held > self.max_characters:
            return True
        return (self.max_values is not None and held > self.max_values
                and self._separators_at_most(start) > self.max_values
                and self._held_separators(start) > self.max_values)

    def _separators_at_most(self, start: int) -> int:
        """At least `_separators(start, len(text))`: the last count with the text read
        since added, and the text before `start` not taken off (an element of a
        package is a small part of the limit, so the exact count is rarely needed)."""
        end = len(self.text)
        low, high, count = self.counted
        if low <= start <= high <= end:
            count += self._separators(high, end)
            self.counted = (low, end, count)
        else:
            count = self._separators(start, end)
            self.counted, self.exact = (start, end, count), True
        return count

    def _held_separators(self, start: int) -> int:
        """`_separators(start, len(text))`, from the last count when it is exact and
        overlaps: the text before `start` it held is taken off, the text read since is
        added."""
        end = len(self.text)
        low, high, count = self.counted
        if self.exact and low <= start <= high <= end:
            count += self._separators(high, end) - self._separators(low, start)
        else:
            count = self._separators(start, end)
        self.counted, self.exact = (start, end, count), True
        return count

    def _bounded(self, start: int, key: str | None, index: int | None) -> tuple[Any, int]:
        """Decode the value at `start` from no more text than the limits allow (up to
        the separator past `max_values`, at most `max_characters`): it ends within
        that text or is too large."""
        end = len(self.text)
        if self.max_characters is not None:
            end = min(end, start + self.max_characters)
        by_values = False
        if self.max_values is not None and self._separators(start, end) > self.max_values:
            low, high = start, end  # the first place with more separators than allowed
            while low < high:
                middle = (low + high) // 2
                if self._separators(start, middle) > self.max_values:
                    high = middle
                else:
                    low = middle + 1
            end, by_values = low, True
        piece = self.text[start:end]
        try:
            found, length = self.decoder.raw_decode(piece)
        except json.JSONDecodeError as error:
            if error.msg.startswith("Unterminated string") or error.pos >= len(piece) - 8:
                raise ValueTooLarge(key, index, by_values) from None
            raise self.error(error.msg, start + error.pos) from None
        if length == len(piece) and not isinstance(found, (list, dict)):
            # A number cut by the limit: numbers are short, decode it whole.
            return self.decoder.raw_decode(self.text, start)
        return found, start + length

    def error(self, reason: str, pos: int) -> JsonSyntaxError:
        """The syntax error at `pos` of `text`, located in the file."""
        before = self.text.count("\n", 0, pos)
        column = pos - self.text.rfind("\n", 0, pos) if before else self.column + pos
        return JsonSyntaxError(reason, self.line + before, column)

    def expect(self, char: str, reason: str) -> None:
        if self.peek() != char:
            raise self.error(reason, self.pos)
        self.pos += 1


def read_members(stream: Readable, streamed: frozenset[str] = frozenset(),
                 chunk: int = CHUNK, *, decoder: json.JSONDecoder | None = None,
                 max_characters: int | None = None, max_values: int | None = None,
                 ) -> Iterator[Member | Element | Whole]:
    """The top-level object of `stream`, member by member; a member named in `streamed`
    whose value is an array comes as `Member(key, [])` and then one `Element` per element.
    A document that is not an object comes as one `Whole`. `decoder` decodes each value
    (default: Python's); `max_characters` and `max_values` bound each value decoded at
    once (`ValueTooLarge`)."""
    text = _Text(stream, chunk, decoder, max_characters, max_values)
    if text.peek() != "{":
        yield Whole(text.value())
    else:
        text.pos += 1
        if text.peek() == "}":
            text.pos += 1
        else:
            yield from _members(text, streamed)
    if text.peek():
        raise text.error("Extra data", text.pos)


def _members(text: _Text, streamed: frozenset[str]) -> Iterator[Member | Element]:
    while True:
        if text.peek() != '"':
            raise text.error("Expecting property name enclosed in double quotes", text.pos)
        key = text.value("")
        text.expect(":", "Expecting ':' delimiter")
        if key in streamed and text.peek() == "[":
            text.pos += 1
            yield Member(key, [])  # the array begins: its elements follow
            yield from _elements(text, key)
        else:
            yield Member(key, text.value(key))
        if _closed(text, "}", "object"):
            return


def _elements(text: _Text, key: str) -> Iterator[Element]:
    if text.peek() == "]":
        text.pos += 1
        return
    index = 0
    while True:
        yield Element(key, index, text.value(key, index))
        index += 1
        if _closed(text, "]", "array"):
            return


def _closed(text: _Text, close: str, kind: str) -> bool:
    """After a member or an element: True past the closing bracket, False past a comma
    (the messages are the json module's own)."""
    text.drop()
    char = text.peek()
    if char == close:
        text.pos += 1
        return True
    if char != ",":
        raise text.error("Expecting ',' delimiter", text.pos)
    comma = text.pos
    text.pos += 1
    if _TRAILING_COMMA_ERRORS and text.peek() == close:
        raise text.error(f"Illegal trailing comma before end of {kind}", comma)
    return False
