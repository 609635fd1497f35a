"""Rendered human clips: the anny body mesh, posed by DOF motions, drawn headless with pyrender.

An optional extra (``pip install -e '.[render]'``, see ``docs/rendering.md``): the default install,
the tests and CI never need it. Importing this package is cheap; torch, anny and pyrender load on
first use.

    from postrun.synth.render import render_motion, write_clip, random_appearance
    clip = render_motion(motion, fps=30, camera=Camera(azimuth_deg=45), appearance=..., body=...)
    write_clip("out/knee_hug.mp4", clip, fps=30)   # + out/knee_hug.npz ground truth
"""

from __future__ import annotations

from postrun.synth.render.appearance import (
    Appearance,
    Background,
    Clothing,
    Lighting,
    random_appearance,
)
from postrun.synth.render.body import BodyShape, random_body_shape
from postrun.synth.render.clip import load_truth, write_clip
from postrun.synth.render.renderer import Rendering, render_motion
from postrun.synth.render.views import VIEWS, random_camera


def available() -> bool:
    """Whether the render extra (torch, anny, pyrender) is installed."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("torch", "anny", "pyrender"))


__all__ = [
    "VIEWS",
    "Appearance",
    "Background",
    "BodyShape",
    "Clothing",
    "Lighting",
    "Rendering",
    "available",
    "load_truth",
    "random_appearance",
    "random_body_shape",
    "random_camera",
    "render_motion",
    "write_clip",
]
