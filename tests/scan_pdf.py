"""Image-only "scans" of PDFs the tests render, made in the test (after ../shared/tools/make_scan.py).

Per page: rasterise with pdfium at ``dpi``; optionally stamp a red seal; tone the paper and lift the
blacks (toner), rotate by ``rotate_deg`` (white fill), blur, add Gaussian noise and dust, JPEG; then
an image-only PDF of those pages (Pillow's PDF writer, page size = image size at ``dpi``).
Deterministic for a given ``seed``.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@dataclass(frozen=True)
class Seal:
    """A red round seal stamped on page ``page`` centred at (x, y) points, ``radius`` points."""

    page: int
    x: float
    y: float
    radius: float = 40.0
    text: str = "ỦY BAN NHÂN DÂN"


def scan_pdf(src: Path, dst: Path, *, dpi: int = 200, rotate_deg: float | tuple[float, ...] = 0.0,
             blur: float = 0.6, noise: float = 6.0, jpeg_quality: int = 60, seed: int = 7,
             seals: tuple[Seal, ...] = ()) -> Path:
    """Write an image-only scan of ``src`` to ``dst``; ``rotate_deg`` per page or one for all."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(src))
    images = []
    for i in range(len(doc)):
        rng = np.random.default_rng([seed, i])
        colour = any(s.page == i for s in seals)
        image = doc[i].render(scale=dpi / 72, grayscale=not colour).to_pil()
        image = image.convert("RGB" if colour else "L")
        for seal in (s for s in seals if s.page == i):
            _stamp(image, seal, dpi)
        angle = rotate_deg[i] if isinstance(rotate_deg, tuple) else rotate_deg
        images.append(_degrade(image, rng, angle, blur, noise, jpeg_quality))
    doc.close()
    dst.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(dst, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return dst


def _stamp(image: Image.Image, seal: Seal, dpi: int) -> None:
    k = dpi / 72
    cx, cy, r = seal.x * k, seal.y * k, seal.radius * k
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    red = (215, 30, 40, 190)
    for width, rr in ((int(3 * k), r), (int(1.5 * k), r * 0.78)):
        draw.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), outline=red, width=max(1, width))
    font = ImageFont.truetype(FONT, int(9 * k))
    draw.text((cx, cy), seal.text, fill=red, font=font, anchor="mm")
    draw.text((cx, cy + 12 * k), "★", fill=red, font=font, anchor="mm")
    image.paste(Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB"))


def _degrade(image: Image.Image, rng, angle: float, blur: float, noise: float, quality: int) -> Image.Image:
    arr = np.asarray(image, dtype=np.float32)
    arr = 22 + arr * (222.0 / 255.0)
    mode = image.mode
    image = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode)
    fill = 244 if mode == "L" else (244, 244, 244)
    image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=fill)
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(radius=blur))
    arr = np.asarray(image, dtype=np.float32)
    arr = arr + rng.normal(0.0, noise, size=arr.shape).astype(np.float32)
    h, w = arr.shape[:2]
    n = int(h * w * 2e-5)
    ys, xs = rng.integers(0, h, size=n), rng.integers(0, w, size=n)
    arr[ys, xs] = 90.0
    image = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode)
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf)
