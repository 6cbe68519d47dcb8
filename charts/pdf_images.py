"""Chart PNGs put into a printed PDF as they are, not re-encoded by Chromium.

Printing ten 2800x1520 chart images costs Chromium ~1.3 s of its 1.5-2 s print (it decodes
each PNG and deflates its pixels again). Instead the pack is printed with a distinct tiny
placeholder image per chart, and each placeholder's image object is given the chart's own
pixel rows: PNG's filtered rows are what PDF's Flate filter with PNG predictors reads, so an
RGB PNG goes in unchanged, and an opaque RGBA one only loses its alpha bytes (every PNG
filter predicts a byte from the same channel, so the RGB bytes stay valid). Anything else
(another PNG kind, a placeholder not found once) gives None, and the caller prints the
images the ordinary way.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass

import numpy as np

from charts.export import rewrite_pdf_objects

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_MARK = (0x5A, 0xA5)  # the first two channels of every placeholder pixel; the third is its number
_SIZE = 2  # placeholder width and height, px
_IMAGE_HEAD = re.compile(rb"/Subtype /Image\n/Width 2\n/Height 2\n")


@dataclass(frozen=True)
class PdfImage:
    """A chart's pixels as a PDF image stream: Flate-compressed PNG rows of RGB."""

    width: int
    height: int
    stream: bytes


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """A PNG's (type, data) chunks; ValueError when it is not a PNG."""
    if not png.startswith(PNG_MAGIC):
        raise ValueError("not a PNG")
    out, at = [], len(PNG_MAGIC)
    while at + 8 <= len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        out.append((png[at + 4 : at + 8], png[at + 8 : at + 8 + length]))
        at += 12 + length
    return out


def _png(width: int, height: int, rows: bytes) -> bytes:
    """A small 8-bit RGB PNG from its filtered rows (for the placeholders)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        PNG_MAGIC + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    )


def _mark(i: int) -> bytes:
    """The raw RGB pixels of placeholder i."""
    return bytes((*_MARK, i)) * (_SIZE * _SIZE)


def placeholder(i: int) -> bytes:
    """A 2x2 PNG, the stand-in of chart i (0-255) in the printed page."""
    row = bytes((*_MARK, i)) * _SIZE
    return _png(_SIZE, _SIZE, (b"\x00" + row) * _SIZE)


def _opaque(rows: np.ndarray, width: int) -> bool:
    """Whether every alpha byte of filtered RGBA rows is 255 (rows filtered None, Sub or Up;
    False for Average or Paeth, which this does not undo)."""
    filters = rows[:, 0]
    if not set(np.unique(filters).tolist()) <= {0, 1, 2}:
        return False
    alpha = rows[:, 1:].reshape(len(rows), width, 4)[:, :, 3]
    if bool((filters == 2).all()):  # Up throughout (Chromium's charts): 255 on top, then no change
        return bool((alpha[0] == 255).all()) and not bool(alpha[1:].any())
    previous = np.zeros(width, np.uint8)
    for kind, line in zip(filters.tolist(), alpha, strict=True):
        if kind == 1:
            line = np.cumsum(line, dtype=np.uint64).astype(np.uint8)  # mod 256
        elif kind == 2:
            line = line + previous  # uint8 wraps: mod 256
        if not bool((line == 255).all()):
            return False
        previous = line
    return True


def pdf_image(png: bytes) -> PdfImage | None:
    """The PNG's pixels as a PDF image stream, or None unless it is an 8-bit, non-interlaced
    RGB PNG or an RGBA one opaque throughout (what Chromium draws charts as)."""
    try:
        chunks = _chunks(png)
        head = next(data for kind, data in chunks if kind == b"IHDR")
        width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", head)
        idat = b"".join(data for kind, data in chunks if kind == b"IDAT")
        if depth != 8 or interlace != 0 or any(k in (b"PLTE", b"tRNS") for k, _ in chunks):
            return None
        if color == 2:
            return PdfImage(width, height, idat)
        if color != 6:
            return None
        rows = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + 4 * width)
    except (ValueError, StopIteration, struct.error, zlib.error):
        return None
    if not _opaque(rows, width):
        return None
    rgb = np.empty((height, 1 + 3 * width), np.uint8)
    rgb[:, 0] = rows[:, 0]
    rgb[:, 1:] = rows[:, 1:].reshape(height, width, 4)[:, :, :3].reshape(height, 3 * width)
    return PdfImage(width, height, zlib.compress(rgb.tobytes(), 6))


def _placed(chunk: bytes, images: list[PdfImage], found: list[int]) -> bytes:
    """One PDF object; a placeholder's image object gets its chart's pixels."""
    head_at = _IMAGE_HEAD.search(chunk)
    start = chunk.find(b"stream\n")
    if head_at is None or start == -1 or head_at.start() > start:
        return chunk
    end = chunk.rfind(b"endstream")
    pixels = zlib.decompress(chunk[start + 7 : end]) if b"/FlateDecode" in chunk[:start] else b""
    number = pixels[2] if len(pixels) == 3 * _SIZE * _SIZE else -1
    if number < 0 or number >= len(images) or pixels != _mark(number):
        return chunk
    found.append(number)
    image = images[number]
    header = chunk[:start].replace(
        head_at.group(0), b"/Subtype /Image\n/Width %d\n/Height %d\n" % (image.width, image.height)
    )
    predictor = b"/DecodeParms <</Predictor 15\n/Colors 3\n/BitsPerComponent 8\n/Columns %d>>\n"
    header = re.sub(
        rb"/Length \d+",
        predictor % image.width + b"/Length %d" % len(image.stream),
        header,
        count=1,
    )
    return header + b"stream\n" + image.stream + b"\nendstream\nendobj\n"


def place_images(pdf: bytes, images: list[PdfImage]) -> bytes | None:
    """The PDF printed with placeholder(i) for image i, with each image in its place; None
    when the placeholders are not each found exactly once (print the images instead)."""
    found: list[int] = []
    try:
        out = rewrite_pdf_objects(pdf, lambda chunk: _placed(chunk, images, found))
    except (AttributeError, ValueError, IndexError, zlib.error):
        return None
    return out if sorted(found) == list(range(len(images))) else None
