"""Hostile PDFs, written byte by byte: reference cycles, a huge image page, an operator bomb, a Flate
bomb. Each is a small file that once cost a whole batch (issue 9)."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path


def write_pdf(path: Path, objects: dict[int, bytes], *, root: int = 1) -> Path:
    """A PDF of ``objects`` (number → body between ``N 0 obj`` and ``endobj``) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(objects):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + objects[n] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[n]) if n in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    path.write_bytes(bytes(out))
    return path


def _stream(data: bytes, extra: bytes = b"", *, flate: bool = False) -> bytes:
    if flate:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
_TEXT = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def cycle_pdf(path: Path, where: str) -> Path:
    """``8 0 obj 9 0 R endobj 9 0 obj 8 0 R endobj`` used as the page's /Contents, a stream /Length,
    the /Kids of the page tree or the page's /MediaBox."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
    objects = {1: _CATALOG, 2: _PAGES, 3: page, 4: _stream(_TEXT), 5: _FONT, 8: b"9 0 R", 9: b"8 0 R"}
    if where == "contents":
        objects[3] = page.replace(b"/Contents 4 0 R", b"/Contents 8 0 R")
    elif where == "length":
        objects[4] = b"<< /Length 8 0 R >>\nstream\n" + _TEXT + b"\nendstream"
    elif where == "kids":
        objects[2] = b"<< /Type /Pages /Kids 8 0 R /Count 1 >>"
    elif where == "mediabox":
        objects[3] = page.replace(b"/MediaBox [0 0 595 842]", b"/MediaBox 8 0 R")
    else:
        raise ValueError(where)
    return write_pdf(path, objects)


def huge_image_pdf(path: Path, side_pt: int = 14400) -> Path:
    """One image-only page of ``side_pt`` × ``side_pt`` points (a 1-pixel grey image stretched over it)."""
    content = b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % (side_pt, side_pt)
    image = _stream(b"\x80", b" /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8")
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im1 6 0 R >> >> "
            b"/Contents 4 0 R >>" % (side_pt, side_pt))
    return write_pdf(path, {1: _CATALOG, 2: _PAGES, 3: page, 4: _stream(content), 6: image})


def operator_bomb_pdf(path: Path, n: int = 1_000_000) -> Path:
    """A page of ``n`` tiny filled rectangles (``re f``), Flate-compressed to a few tens of KB."""
    content = b"0 0 0 rg\n" + b"10 10 0.5 0.5 re f\n" * n
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
    return write_pdf(path, {1: _CATALOG, 2: _PAGES, 3: page, 4: _stream(content, flate=True)})


def flate_bomb_pdf(path: Path, inflated: int = 2**31) -> Path:
    """A content stream of ~4 KB that inflates to about ``inflated`` bytes of spaces, Flate twice.

    The inner deflate stream is built without compressing gigabytes: once its window holds only
    spaces, every further 16 MiB of input compresses to the same bytes, so one such block is
    repeated; the zlib trailer's Adler-32 of n spaces has a closed form.
    """
    chunk = b" " * (1 << 24)
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    head, block, tail = z.compress(chunk), z.compress(chunk), z.flush()
    one = len(zlib.decompress(head + block + tail, -15))
    step = len(zlib.decompress(head + block + block + tail, -15)) - one
    n = 1 + max(0, inflated - one) // step
    total = one + (n - 1) * step
    a, b = (1 + 32 * total) % 65521, (total + 32 * total * (total + 1) // 2) % 65521
    inner = b"\x78\xda" + head + block * n + tail + struct.pack(">I", (b << 16) | a)
    data = zlib.compress(inner, 9)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
    stream = (b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(data)) + data + b"\nendstream"
    return write_pdf(path, {1: _CATALOG, 2: _PAGES, 3: page, 4: stream})
