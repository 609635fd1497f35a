"""Wall and floor textures: procedural rooms and public-domain / CC0 photographs.

Photographs come from scikit-image's bundled data set when it is installed (it ships in the
render extra): ``brick`` (CC0, cc0textures.com), ``grass`` (CC0), ``gravel`` (CC0, cc0textures.com)
as surfaces, and ``coffee`` (CC0, Rachel Michetti), ``chelsea`` (CC0, Stefan van der Walt),
``rocket`` (public domain, SpaceX) and ``hubble_deep_field`` (public domain, NASA) framed on the
walls. No photograph shows a person, so none can draw the pose model away from the runner.
Without scikit-image every surface is procedural.

Images are RGB uint8, rows from the top of the wall (or the far end of the floor) down.
"""

from __future__ import annotations

import functools
from importlib import resources

import cv2
import numpy as np
from numpy.typing import NDArray

from postrun.synth.render.appearance import RGB

Image = NDArray[np.uint8]

PX_PER_M = 160
SURFACE_PHOTOS = ("brick", "grass", "gravel")
FRAMED_PHOTOS = ("coffee", "chelsea", "rocket", "hubble_deep_field")


@functools.lru_cache(maxsize=16)
def photo(name: str) -> Image | None:
    """One of scikit-image's bundled photographs as RGB, or None when unavailable."""
    try:
        folder = resources.files("skimage.data")
    except ModuleNotFoundError:
        return None
    for ext in (".png", ".jpg"):
        path = folder / f"{name}{ext}"
        if path.is_file():
            data = np.frombuffer(path.read_bytes(), dtype=np.uint8)
            bgr = cv2.imdecode(data, cv2.IMREAD_COLOR)
            if bgr is not None:
                return np.ascontiguousarray(bgr[:, :, ::-1])
    return None


def photos_available() -> bool:
    return photo("brick") is not None


def _u8(rgb: RGB) -> NDArray[np.float64]:
    return np.asarray(rgb, dtype=np.float64) * 255.0


def _smooth_noise(rng: np.random.Generator, h: int, w: int, scale: int) -> NDArray[np.float64]:
    """Zero-mean, unit-ish noise with features about ``scale`` pixels wide."""
    small = rng.normal(0.0, 1.0, (max(2, h // scale + 2), max(2, w // scale + 2)))
    big = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    return np.asarray(big, dtype=np.float64)


def _finish(img: NDArray[np.float64]) -> Image:
    return np.clip(img, 0, 255).astype(np.uint8)


def painted_wall(rng: np.random.Generator, colour: RGB, w_m: float, h_m: float) -> Image:
    h, w = int(h_m * PX_PER_M), int(w_m * PX_PER_M)
    img = np.empty((h, w, 3))
    img[:] = _u8(colour)
    shade = 1.0 + 0.04 * _smooth_noise(rng, h, w, 120) + 0.012 * rng.normal(0, 1, (h, w))
    ramp = np.linspace(1.04, 0.93, h)[:, None]  # lighter near the ceiling
    img *= (shade * ramp)[:, :, None]
    return _finish(img)


def tiled(source: Image, w_px: int, h_px: int, tile_px: int) -> Image:
    """``source`` scaled to ``tile_px`` wide and repeated over a (h_px, w_px) image."""
    scale = tile_px / source.shape[1]
    tile = cv2.resize(source, (tile_px, max(1, int(source.shape[0] * scale))))
    reps = (h_px // tile.shape[0] + 1, w_px // tile.shape[1] + 1, 1)
    return np.ascontiguousarray(np.tile(tile, reps)[:h_px, :w_px])


def _rect(
    img: NDArray[np.float64], x0: int, y0: int, x1: int, y1: int, rgb: NDArray[np.float64]
) -> None:
    img[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = rgb


def decorate_wall(rng: np.random.Generator, wall: Image, use_photos: bool) -> Image:
    """Skirting board, a door or a window, picture frames, a shelf: things rooms have."""
    img = wall.astype(np.float64)
    h, w = img.shape[:2]
    m = PX_PER_M
    base = float(rng.choice([0.95, 0.35]))
    _rect(img, 0, h - int(0.1 * m), w, h, np.full(3, 255 * base))
    slots = np.linspace(0.05, 0.95, 7)
    rng.shuffle(slots)
    for k, centre in enumerate(slots[:4]):
        cx = int(centre * w)
        what = rng.choice(["door", "window", "frame", "frame", "shelf", "none"])
        if what == "door" and k == 0:
            dw, dh = int(0.9 * m), int(2.05 * m)
            colour = _u8((0.55, 0.38, 0.24)) if rng.random() < 0.5 else np.full(3, 235.0)
            _rect(img, cx - dw // 2 - 8, h - dh - 8, cx + dw // 2 + 8, h, colour * 0.8)
            _rect(img, cx - dw // 2, h - dh, cx + dw // 2, h, colour)
            _rect(
                img,
                cx + dw // 2 - 18,
                h - int(1.05 * m),
                cx + dw // 2 - 6,
                h - int(1.0 * m),
                np.full(3, 60.0),
            )
        elif what == "window":
            ww, wh, y0 = int(1.2 * m), int(1.1 * m), int(0.6 * m)
            _rect(
                img, cx - ww // 2 - 10, y0 - 10, cx + ww // 2 + 10, y0 + wh + 10, np.full(3, 240.0)
            )
            sky = np.linspace(235, 200, wh)[:, None, None] * np.array([0.82, 0.92, 1.0])
            img[y0 : y0 + wh, max(0, cx - ww // 2) : max(0, cx + ww // 2)] = sky
            _rect(img, cx - 4, y0, cx + 4, y0 + wh, np.full(3, 240.0))
            _rect(
                img,
                cx - ww // 2,
                y0 + wh // 2 - 4,
                cx + ww // 2,
                y0 + wh // 2 + 4,
                np.full(3, 240.0),
            )
        elif what == "frame":
            fw, fh = int(rng.uniform(0.4, 0.9) * m), int(rng.uniform(0.3, 0.7) * m)
            y0 = int(rng.uniform(0.5, 1.0) * m)
            _rect(
                img,
                cx - fw // 2 - 10,
                y0 - 10,
                cx + fw // 2 + 10,
                y0 + fh + 10,
                np.full(3, float(rng.choice([30.0, 200.0, 120.0]))),
            )
            pic = photo(str(rng.choice(FRAMED_PHOTOS))) if use_photos else None
            if pic is None:
                pic = _abstract_print(rng, fw, fh)
            x0 = cx - fw // 2
            region = img[y0 : y0 + fh, max(0, x0) : max(0, x0 + fw)]
            if region.size:
                region[:] = cv2.resize(pic, (fw, fh))[
                    :, max(0, -x0) : max(0, -x0) + region.shape[1]
                ]
        elif what == "shelf":
            sw, y0 = int(rng.uniform(0.8, 1.4) * m), int(rng.uniform(0.7, 1.2) * m)
            _rect(img, cx - sw // 2, y0, cx + sw // 2, y0 + 10, _u8((0.5, 0.36, 0.25)))
            x = cx - sw // 2 + 5
            while x < cx + sw // 2 - 20:  # books
                bw, bh = int(rng.integers(8, 22)), int(rng.integers(35, 60))
                _rect(img, x, y0 - bh, x + bw, y0, rng.uniform(40, 220, 3))
                x += bw + int(rng.integers(0, 4))
    return _finish(img)


def _abstract_print(rng: np.random.Generator, w: int, h: int) -> Image:
    img = np.empty((h, w, 3))
    img[:] = rng.uniform(150, 250, 3)
    for _ in range(int(rng.integers(2, 6))):
        x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
        _rect(
            img,
            x0,
            y0,
            x0 + int(rng.integers(10, w)),
            y0 + int(rng.integers(10, h)),
            rng.uniform(20, 240, 3),
        )
    return _finish(img)


def wood_floor(rng: np.random.Generator, colour: RGB, w_m: float, d_m: float) -> Image:
    """Planks running along the image's rows (x)."""
    h, w = int(d_m * PX_PER_M), int(w_m * PX_PER_M)
    img = np.empty((h, w, 3))
    img[:] = _u8(colour)
    plank = int(0.14 * PX_PER_M)
    grain = np.asarray(cv2.resize(_smooth_noise(rng, h, w // 8, 4), (w, h)), dtype=np.float64)
    for y in range(0, h, plank):
        tone = rng.uniform(0.85, 1.15)
        offset = int(rng.integers(0, w))
        length = int(rng.uniform(0.8, 1.6) * PX_PER_M)
        img[y : y + plank] *= tone
        img[y : y + 2] *= 0.6
        for x in range(-offset % length, w, length):
            img[y : y + plank, x : x + 2] *= 0.65
    img *= (1.0 + 0.06 * grain)[:, :, None]
    return _finish(img)


def carpet_floor(rng: np.random.Generator, colour: RGB, w_m: float, d_m: float) -> Image:
    h, w = int(d_m * PX_PER_M), int(w_m * PX_PER_M)
    img = np.empty((h, w, 3))
    img[:] = _u8(colour)
    img *= (1.0 + 0.05 * rng.normal(0, 1, (h, w)) + 0.03 * _smooth_noise(rng, h, w, 60))[:, :, None]
    return _finish(img)


def tile_floor(rng: np.random.Generator, colour: RGB, w_m: float, d_m: float) -> Image:
    img = carpet_floor(rng, colour, w_m, d_m).astype(np.float64)
    step = int(rng.choice([0.3, 0.45, 0.6]) * PX_PER_M)
    img[::step] *= 0.7
    img[:, ::step] *= 0.7
    return _finish(img)
