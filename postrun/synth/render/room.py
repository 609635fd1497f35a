"""The room around the person: floor, back wall, side wall, ceiling and a little furniture.

Laid out around the camera's line of sight so the back wall always faces the camera, kept clear
of where the person moves, and textured by :mod:`postrun.synth.render.textures`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from postrun.synth.camera import Camera
from postrun.synth.render import textures
from postrun.synth.render.appearance import Background
from postrun.synth.render.gl import mesh

FloatArray = NDArray[np.float64]
_UP = np.array([0.0, 1.0, 0.0])
_CLAMP, _REPEAT = 33071, 10497  # GL texture wrap modes


class RoomLayout:
    """Horizontal axes of the room: ``forward`` from the camera toward the person, ``right``."""

    def __init__(self, camera: Camera) -> None:
        a = math.radians(camera.azimuth_deg)
        self.forward = -np.array([math.sin(a), 0.0, math.cos(a)])
        self.right = np.cross(self.forward, _UP)
        self.camera_along = -camera.distance_m  # the camera's coordinate along ``forward``

    def point(self, along: float, across: float, up: float) -> FloatArray:
        result: FloatArray = along * self.forward + across * self.right + up * _UP
        return result


def _quad(
    pyrender: Any,
    corners: list[FloatArray],
    image: NDArray[np.uint8],
    repeat: tuple[float, float] = (1.0, 1.0),
    glow: float = 0.0,
) -> Any:
    """A textured quad; ``corners`` top-left, top-right, bottom-right, bottom-left as seen from
    the side it faces. ``glow`` lights it from within (a ceiling lit by lamps the scene lacks)."""
    c = np.asarray(corners, dtype=np.float64)
    uv = np.array([[0.0, repeat[1]], [repeat[0], repeat[1]], [repeat[0], 0.0], [0.0, 0.0]])
    normal = np.cross(c[1] - c[0], c[3] - c[0])
    normal /= np.linalg.norm(normal)
    wrap = _REPEAT if repeat != (1.0, 1.0) else _CLAMP
    texture = pyrender.Texture(
        source=image, source_channels="RGB", sampler=pyrender.Sampler(wrapS=wrap, wrapT=wrap)
    )
    material = pyrender.MetallicRoughnessMaterial(
        baseColorTexture=texture,
        metallicFactor=0.0,
        roughnessFactor=0.9,
        emissiveTexture=texture if glow else None,
        emissiveFactor=np.full(3, glow) if glow else None,
    )
    prim = pyrender.Primitive(
        positions=c.astype(np.float32),
        normals=np.tile(normal, (4, 1)).astype(np.float32),
        texcoord_0=uv.astype(np.float32),
        indices=np.array([[0, 3, 2], [0, 2, 1]], dtype=np.uint32),
        material=material,
        mode=4,
    )
    return mesh(pyrender, [prim])


def _box(
    pyrender: Any, centre: FloatArray, size: FloatArray, lay: RoomLayout, rgb: FloatArray
) -> Any:
    import trimesh

    box = trimesh.creation.box(extents=size)
    pose = np.eye(4)
    pose[:3, 0], pose[:3, 1], pose[:3, 2] = lay.right, _UP, lay.forward
    pose[:3, 3] = centre
    box.apply_transform(pose)
    material = pyrender.MetallicRoughnessMaterial(
        baseColorFactor=[*rgb, 1.0], metallicFactor=0.0, roughnessFactor=0.8
    )
    prim = pyrender.Primitive(
        positions=box.vertices[box.faces].reshape(-1, 3).astype(np.float32),
        normals=np.repeat(box.face_normals, 3, axis=0).astype(np.float32),
        material=material,
        mode=4,
    )
    return mesh(pyrender, [prim])


def add_room(
    pyrender: Any, scene: Any, camera: Camera, bg: Background, extent: tuple[float, float, float]
) -> None:
    """Add the room to ``scene``. ``extent`` = (how far behind the origin along the line of
    sight and how far to either side the person reaches, metres; their stature)."""
    rng = np.random.default_rng(bg.seed)
    lay = RoomLayout(camera)
    behind, side, stature = extent
    wall_at = max(bg.wall_distance_m, behind + 0.6)
    half_w = max(4.0, side + 2.5)
    height = max(float(rng.uniform(2.5, 3.0)), stature + 0.5)
    near = lay.camera_along - 1.0
    depth = wall_at - near
    use_photos = bg.kind == "photo" and textures.photos_available()

    def p(along: float, across: float, up: float) -> FloatArray:
        return lay.point(along, across, up)

    # Floor, repeating its texture every 2-4 m.
    if bg.kind == "plain":
        floor_img, tile_m = textures.carpet_floor(rng, bg.floor, 4.0, 4.0), 4.0
    elif use_photos and rng.random() < 0.5:
        src = textures.photo(str(rng.choice(["gravel", "grass"])))
        assert src is not None
        floor_img, tile_m = textures.tiled(src, 1024, 1024, 512), 2.0
    else:
        makers = (textures.wood_floor, textures.carpet_floor, textures.tile_floor)
        maker = makers[int(rng.integers(len(makers)))]
        floor_img, tile_m = maker(rng, bg.floor, 4.0, 4.0), 4.0
    floor = [p(wall_at, -half_w, 0), p(wall_at, half_w, 0), p(near, half_w, 0), p(near, -half_w, 0)]
    scene.add(_quad(pyrender, floor, floor_img, (2 * half_w / tile_m, depth / tile_m)))

    ceiling_img = textures.painted_wall(rng, (0.93, 0.93, 0.91), 2.0, 2.0)
    ceiling = [
        p(wall_at, -half_w, height),
        p(wall_at, half_w, height),
        p(near, half_w, height),
        p(near, -half_w, height),
    ]  # faces down
    scene.add(_quad(pyrender, ceiling, ceiling_img, glow=float(rng.uniform(0.5, 0.8))))

    # Back wall: paint or brick, decorated unless plain.
    if bg.kind != "plain" and use_photos and rng.random() < 0.4:
        src = textures.photo("brick")
        assert src is not None
        w_px, h_px = int(2 * half_w * textures.PX_PER_M), int(height * textures.PX_PER_M)
        base = textures.tiled(src, w_px, h_px, int(1.6 * textures.PX_PER_M)).astype(np.float64)
        tint = np.asarray(bg.wall) / max(float(np.mean(bg.wall)), 1e-3)
        wall_img = np.clip(base * (0.5 + 0.5 * tint), 0, 255).astype(np.uint8)
    else:
        wall_img = textures.painted_wall(rng, bg.wall, 2 * half_w, height)
    if bg.kind != "plain":
        wall_img = textures.decorate_wall(rng, wall_img, use_photos)
    wall = [
        p(wall_at, -half_w, height),
        p(wall_at, half_w, height),
        p(wall_at, half_w, 0),
        p(wall_at, -half_w, 0),
    ]
    scene.add(_quad(pyrender, wall, wall_img))

    if bg.side_wall:
        s = float(rng.choice([-1.0, 1.0]))
        x = s * max(side + 1.2, 1.8 + float(rng.uniform(0.0, 1.0)))
        shade = tuple(float(c) * 0.92 for c in bg.wall)
        side_img = textures.painted_wall(rng, (shade[0], shade[1], shade[2]), depth, height)
        if bg.kind != "plain":
            side_img = textures.decorate_wall(rng, side_img, use_photos)
        corners = [p(near, x, height), p(wall_at, x, height), p(wall_at, x, 0), p(near, x, 0)]
        if s < 0:
            corners = [corners[1], corners[0], corners[3], corners[2]]
        scene.add(_quad(pyrender, corners, side_img))

    if bg.kind != "plain":
        for _ in range(int(rng.integers(0, 3))):
            across = float(rng.choice([-1.0, 1.0])) * float(rng.uniform(side + 1.0, half_w - 0.5))
            size = np.array([rng.uniform(0.5, 1.6), rng.uniform(0.4, 1.1), rng.uniform(0.35, 0.6)])
            centre = p(wall_at - size[2] / 2 - 0.02, across, size[1] / 2)
            scene.add(_box(pyrender, centre, size, lay, rng.uniform(0.15, 0.85, 3)))
