"""Chart PNGs placed into the printed briefing PDF as they are (charts/pdf_images.py)."""

import io
import struct
import zlib

from PIL import Image

from charts.pdf_images import PNG_MAGIC, pdf_image, place_images, placeholder


def _png(mode: str, pixels: list[tuple[int, ...]], size: tuple[int, int]) -> bytes:
    """A PNG written by Pillow (it filters rows with Paeth, which pdf_image does not undo)."""
    image = Image.new(mode, size)
    image.putdata(pixels)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _filtered_png(pixels: list[tuple[int, ...]], size: tuple[int, int]) -> bytes:
    """An RGBA PNG whose rows are filtered None, Sub, Up, None, ... in turn."""
    width, height = size
    raw = [bytes(c for p in pixels[y * width : (y + 1) * width] for c in p) for y in range(height)]
    body = b""
    for y, line in enumerate(raw):
        kind = y % 3
        out = bytearray(line)
        for x in range(len(line)):
            left = line[x - 4] if x >= 4 else 0
            up = raw[y - 1][x] if y else 0
            out[x] = (line[x] - (left if kind == 1 else up if kind == 2 else 0)) % 256
        body += bytes([kind]) + bytes(out)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    head = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        PNG_MAGIC + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(body)) + chunk(b"IEND", b"")
    )


def _rows(image_stream: bytes, width: int, colors: int) -> list[bytes]:
    """Undo PDF's PNG predictors (None, Sub, Up) on an image stream: raw pixel rows."""
    data, size, rows, prior = zlib.decompress(image_stream), 1 + colors * width, [], None
    for at in range(0, len(data), size):
        kind, line = data[at], bytearray(data[at + 1 : at + size])
        for x in range(len(line)):
            left = line[x - colors] if x >= colors else 0
            up = prior[x] if prior is not None else 0
            line[x] = (line[x] + (left if kind == 1 else up if kind == 2 else 0)) % 256
        rows.append(bytes(line))
        prior = line
    return rows


def test_an_opaque_rgba_chart_keeps_its_rgb_pixels() -> None:
    pixels = [(i % 256, (7 * i) % 256, 200, 255) for i in range(12 * 5)]
    assert pdf_image(_png("RGBA", pixels, (12, 5))) is None  # Paeth rows: printed by Chromium
    image = pdf_image(_filtered_png(pixels, (12, 5)))
    assert image is not None and (image.width, image.height) == (12, 5)
    raw = b"".join(_rows(image.stream, 12, 3))
    assert raw == bytes(c for p in pixels for c in p[:3])


def test_an_rgb_png_goes_in_unchanged_and_see_through_pixels_are_refused() -> None:
    rgb = _png("RGB", [(10, 20, 30)] * 6, (3, 2))
    image = pdf_image(rgb)
    assert image is not None and _rows(image.stream, 3, 3) == [bytes((10, 20, 30)) * 3] * 2
    see_through = [(10, 20, 30, 255)] * 5 + [(10, 20, 30, 0)]
    assert pdf_image(_filtered_png(see_through, (3, 2))) is None  # its page shows white there
    assert pdf_image(b"not a png") is None


def test_placeholders_are_distinct_and_a_missing_one_means_no_placing() -> None:
    assert len({placeholder(i) for i in range(10)}) == 10
    assert place_images(b"%PDF-1.4 nothing here", []) is None
