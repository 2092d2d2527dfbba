"""The municipality's logo: which images are accepted, and the size they print at.

A logo is stored as the file's own bytes (PNG or JPEG, what a clerk has at hand) and is
checked by decoding it with Pillow, so that a renamed file, a truncated download or an
image bomb is refused with a worded reason here, never while a report is being built.
"""

from __future__ import annotations

import warnings
from io import BytesIO
from pathlib import Path

from procedures.i18n import _

#: The largest file accepted (a logo printed 2 cm high needs far less).
MAX_LOGO_BYTES = 1_000_000
#: Sides in pixels: smaller prints blurred, larger is a photo, not a logo.
MIN_SIDE = 16
MAX_SIDE = 4000
#: A logo is at most this many times wider than high (or higher than wide).
MAX_ASPECT = 8.0
FORMATS = frozenset({"PNG", "JPEG"})


def logo_problem(data: bytes) -> str:
    """Why `data` is not an acceptable logo ("" when it is)."""
    if not data:
        return _("the logo file is empty")
    if len(data) > MAX_LOGO_BYTES:
        return _("the logo is {size} KB; at most {limit} KB are accepted").format(
            size=-(-len(data) // 1000), limit=MAX_LOGO_BYTES // 1000)
    from PIL import Image, UnidentifiedImageError  # Pillow only when a logo is read

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                if image.format not in FORMATS:
                    return _("the logo must be a PNG or JPEG image (this one is {kind})").format(
                        kind=image.format or _("unknown"))
                width, height = image.size
                if min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE:
                    return _("the logo is {width} × {height} pixels; each side must be "
                             "between {low} and {high}").format(
                        width=width, height=height, low=MIN_SIDE, high=MAX_SIDE)
                if max(width, height) / min(width, height) > MAX_ASPECT:
                    return _("the logo is {width} × {height} pixels: too narrow to print "
                             "(at most {ratio} times wider than high)").format(
                        width=width, height=height, ratio=int(MAX_ASPECT))
                image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return _("the logo is not a readable PNG or JPEG image")
    except (OSError, ValueError, SyntaxError, EOFError):
        return _("the logo image is damaged (it cannot be decoded)")
    return ""


def check_logo(value: object) -> bytes | None:
    """The logo to store (None: no logo), or ValueError with the reason."""
    if value is None or value == b"":
        return None
    if not isinstance(value, bytes | bytearray):
        raise ValueError(_("the logo must be the bytes of a PNG or JPEG image"))
    data = bytes(value)
    problem = logo_problem(data)
    if problem:
        raise ValueError(problem)
    return data


def read_logo_file(path: str | Path) -> bytes:
    """The bytes of a chosen image file, checked; ValueError with the reason otherwise.

    The size is looked at before reading, so a huge file is never loaded.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise ValueError(_("the logo is {size} KB; at most {limit} KB are accepted").format(
                size=-(-size // 1000), limit=MAX_LOGO_BYTES // 1000))
        data = path.read_bytes()
    except OSError as error:
        raise ValueError(_("the file {name} cannot be read ({reason})").format(
            name=path.name, reason=error.strerror or error)) from None
    checked = check_logo(data)
    if checked is None:
        raise ValueError(_("the logo file is empty"))
    return checked


def logo_aspect(data: bytes) -> float:
    """Width over height of a checked logo."""
    from PIL import Image

    with Image.open(BytesIO(data)) as image:
        width, height = image.size
    return width / height


def fitted(data: bytes, max_width: float, max_height: float) -> tuple[float, float]:
    """The largest (width, height) in points that keeps the logo's proportion in the box."""
    aspect = logo_aspect(data)
    width, height = max_height * aspect, max_height
    if width > max_width:
        width, height = max_width, max_width / aspect
    return width, height
