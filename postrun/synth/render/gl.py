"""pyrender plumbing shared by the room and the person: import, camera, lights, meshes.

Headless through OSMesa: ``PYOPENGL_PLATFORM`` defaults to ``osmesa`` (Debian's ``libosmesa6``)
unless already set; it must be set before PyOpenGL is first imported, which is why pyrender is
only ever imported through :func:`pyrender_module`.

The camera uses the intrinsics and pose of :class:`postrun.synth.camera.Camera` exactly (focal
length from the vertical field of view, principal point at the image centre), so
``camera.project`` of a world point lands on the pixel where the renderer drew it.
"""

from __future__ import annotations

import math
import os
import sys
from typing import Any

import numpy as np
from numpy.typing import NDArray

from postrun.synth.camera import Camera
from postrun.synth.render.appearance import Lighting

FloatArray = NDArray[np.float64]
_UP = np.array([0.0, 1.0, 0.0])


def _check_pyopengl() -> None:
    """pyrender pins PyOpenGL 3.1.0, whose OSMesa binding is broken; 3.1.7 and later work."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        parts = version("PyOpenGL").split(".")[:3]
    except PackageNotFoundError:
        return  # pyrender's own import will say what is missing
    numbers = tuple(int(p) if p.isdigit() else 0 for p in parts)
    if numbers < (3, 1, 7):
        raise RuntimeError(
            f"PyOpenGL {'.'.join(parts)} cannot render headless with OSMesa: "
            "run pip install 'PyOpenGL>=3.1.7' (see docs/rendering.md)"
        )


def pyrender_module() -> Any:
    _check_pyopengl()
    if "PYOPENGL_PLATFORM" not in os.environ:
        if "OpenGL" in sys.modules:
            raise RuntimeError(
                "PyOpenGL was imported before rendering chose its platform: set "
                "PYOPENGL_PLATFORM=osmesa in the environment (see docs/rendering.md)"
            )
        os.environ["PYOPENGL_PLATFORM"] = "osmesa"
    import pyrender

    return pyrender


def mesh(pyrender: Any, primitives: list[Any]) -> Any:
    """pyrender.Mesh with its bounds filled in (pyrender 0.1.45 computes them with ``np.infty``,
    which numpy 2 removed)."""
    m = pyrender.Mesh(primitives)
    lo = np.min([p.bounds[0] for p in primitives], axis=0)
    hi = np.max([p.bounds[1] for p in primitives], axis=0)
    m._bounds = np.stack([lo, hi])
    return m


def camera_pose(camera: Camera) -> FloatArray:
    """Camera-to-world 4x4 in OpenGL's convention (x right, y up, looking down -z)."""
    r = camera.rotation()  # rows: right, down, forward (world -> camera)
    pose = np.eye(4)
    pose[:3, 0] = r[0]
    pose[:3, 1] = -r[1]
    pose[:3, 2] = -r[2]
    pose[:3, 3] = camera.position
    return pose


def add_camera(pyrender: Any, scene: Any, camera: Camera) -> None:
    cam = pyrender.IntrinsicsCamera(
        fx=camera.focal_px,
        fy=camera.focal_px,
        cx=camera.width / 2.0,
        cy=camera.height / 2.0,
        znear=0.05,
        zfar=60.0,
    )
    scene.add(cam, pose=camera_pose(camera))


def _look(direction: FloatArray) -> FloatArray:
    """A pose whose -z axis points along ``direction`` (for directional lights)."""
    z = -np.asarray(direction, dtype=np.float64)
    z /= np.linalg.norm(z)
    up = _UP if abs(z[1]) < 0.95 else np.array([1.0, 0.0, 0.0])
    x = np.cross(up, z)
    x /= np.linalg.norm(x)
    pose = np.eye(4)
    pose[:3, 0], pose[:3, 1], pose[:3, 2] = x, np.cross(z, x), z
    return pose


def light_colour(lighting: Lighting) -> FloatArray:
    t = lighting.colour_temperature
    warm, cool = np.array([1.0, 0.88, 0.72]), np.array([0.82, 0.9, 1.0])
    colour = 1.0 + max(t, 0.0) * (warm - 1.0) + max(-t, 0.0) * (cool - 1.0)
    result: FloatArray = colour / colour.max()
    return result


def light_direction(camera: Camera, azimuth_deg: float, elevation_deg: float) -> FloatArray:
    """Unit direction a light travels: from the camera's side of the person, turned by
    ``azimuth_deg`` about the vertical, coming down at ``elevation_deg``."""
    a, e = math.radians(camera.azimuth_deg), math.radians(elevation_deg)
    forward = -np.array([math.sin(a), 0.0, math.cos(a)])
    right = np.cross(forward, _UP)
    t = math.radians(azimuth_deg)
    towards = math.cos(t) * forward + math.sin(t) * right
    result: FloatArray = math.cos(e) * towards - math.sin(e) * _UP
    return result


def key_direction(camera: Camera, lighting: Lighting) -> FloatArray:
    return light_direction(camera, lighting.key_azimuth_deg, lighting.key_elevation_deg)


def add_lights(pyrender: Any, scene: Any, camera: Camera, lighting: Lighting) -> None:
    """Key (directional) and fill (directional, from the other side, low); ambient is the
    scene's."""
    colour = light_colour(lighting)
    key = pyrender.DirectionalLight(color=colour, intensity=lighting.key_intensity)
    scene.add(key, pose=_look(key_direction(camera, lighting)))
    fill = pyrender.DirectionalLight(color=colour, intensity=lighting.fill_intensity)
    fill_az = -math.copysign(50.0, lighting.key_azimuth_deg or 1.0)
    scene.add(fill, pose=_look(light_direction(camera, fill_az, 15.0)))
