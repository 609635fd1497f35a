"""Named camera views and a laptop-webcam camera drawn at random around one of them."""

from __future__ import annotations

import numpy as np

from postrun.synth.camera import Camera

# name -> (azimuth around the person in degrees, mirrored selfie preview)
VIEWS: dict[str, tuple[float, bool]] = {
    "front": (0.0, False),
    "diagonal": (45.0, False),
    "side": (90.0, False),
    "back": (180.0, False),
    "mirrored": (0.0, True),
}


def random_camera(
    rng: np.random.Generator,
    view: str = "front",
    *,
    flip_side: bool = False,
    width: int = 480,
    height: int = 640,
) -> Camera:
    """A laptop on a table two or three metres away: distance 2.3-3.2 m, lens 0.8-1.3 m high,
    aimed at the hips to chest, vertical field of view 50-62 deg, azimuth within 8 deg of the
    view's (``flip_side`` takes the view from the person's right instead of their left)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: choose from {', '.join(VIEWS)}")
    azimuth, mirrored = VIEWS[view]
    if flip_side:
        azimuth = -azimuth
    return Camera(
        azimuth_deg=azimuth + float(rng.uniform(-8.0, 8.0)),
        distance_m=float(rng.uniform(2.3, 3.2)),
        height_m=float(rng.uniform(0.8, 1.3)),
        target_height_m=float(rng.uniform(0.85, 1.0)),
        vertical_fov_deg=float(rng.uniform(50.0, 62.0)),
        width=width,
        height=height,
        mirrored=mirrored,
    )
