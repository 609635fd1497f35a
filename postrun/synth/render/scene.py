"""Drawing frames: the room rendered once per clip, the person per frame, composited.

Software OpenGL (OSMesa) spends most of its time filling pixels, so the textured room, which the
camera sees whole, is drawn once per clip (with directional shadows of its furniture); each frame
draws only the person on an empty background and lays it over the room by its depth. The person's
shadow is a planar projection of the mesh along the key light onto the floor, kept only where it
falls on floor the camera sees, softened and darkened in proportion to the key light.
Mirroring is done on the pixels afterwards, by the caller.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from postrun.synth.camera import Camera
from postrun.synth.render import gl
from postrun.synth.render.appearance import Appearance
from postrun.synth.render.room import add_room

FloatArray = NDArray[np.float64]
Image = NDArray[np.uint8]


class MeshNormals:
    """Area-weighted vertex normals for a fixed triangle list, fast enough per frame."""

    def __init__(self, faces: NDArray[np.int64], vertex_count: int) -> None:
        from scipy import sparse

        self.faces = faces
        rows = faces.reshape(-1)
        cols = np.repeat(np.arange(len(faces)), 3)
        self._incidence = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(vertex_count, len(faces))
        )

    def __call__(self, vertices: NDArray[np.float32]) -> NDArray[np.float32]:
        tri = vertices[self.faces]
        face_n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
        n = np.asarray(self._incidence @ face_n, dtype=np.float32)
        n /= np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-12)
        return n


class Renderer:
    """Renders the frames of one clip through one camera (context manager)."""

    def __init__(
        self,
        camera: Camera,
        appearance: Appearance,
        faces: NDArray[np.int64],
        colours: NDArray[np.float32],
        extent: tuple[float, float, float],
    ) -> None:
        pyrender = gl.pyrender_module()
        self._pr = pyrender
        self.camera = camera
        light = appearance.lighting
        self._faces = faces.astype(np.uint32)
        self._colours = colours
        self._normals = MeshNormals(faces, len(colours))
        self._material = pyrender.MetallicRoughnessMaterial(
            baseColorFactor=[1.0, 1.0, 1.0, 1.0], metallicFactor=0.0, roughnessFactor=0.75
        )
        self._gl = pyrender.OffscreenRenderer(camera.width, camera.height)
        room = pyrender.Scene(ambient_light=np.full(3, light.ambient), bg_color=[0.5, 0.5, 0.5, 1])
        add_room(pyrender, room, camera, appearance.background, extent)
        gl.add_lights(pyrender, room, camera, light)
        gl.add_camera(pyrender, room, camera)
        flags = pyrender.RenderFlags.SHADOWS_DIRECTIONAL if light.shadows else 0
        self.background, self._room_depth = self._gl.render(room, flags=flags)
        self._person = pyrender.Scene(
            ambient_light=np.full(3, light.ambient), bg_color=[0, 0, 0, 0]
        )
        gl.add_lights(pyrender, self._person, camera, light)
        gl.add_camera(pyrender, self._person, camera)
        self._node: Any = None
        self._shadow: Any = None
        if light.shadows:
            self._shadow = pyrender.Scene(bg_color=[0, 0, 0, 0])
            gl.add_camera(pyrender, self._shadow, camera)
            self._shadow_node: Any = None
            self._key = gl.key_direction(camera, light)
            total = light.key_intensity + light.fill_intensity + 3.0 * light.ambient
            self._darkness = float(np.clip(0.9 * light.key_intensity / total, 0.15, 0.6))

    def _swap(self, scene: Any, old: Any, prim: Any) -> Any:
        if old is not None:
            scene.remove_node(old)
        return scene.add(gl.mesh(self._pr, [prim]))

    def render(
        self, vertices: NDArray[np.float32], offset: NDArray[np.float32] | None = None
    ) -> tuple[Image, NDArray[np.float32]]:
        """One frame: RGB (H, W, 3) uint8 and the person's depth (H, W), metres, 0 elsewhere.

        ``offset`` (V,) pushes vertices out along their normals (hair volume).
        """
        pr = self._pr
        normals = self._normals(vertices)
        if offset is not None:
            vertices = vertices + normals * offset[:, None]
        prim = pr.Primitive(
            positions=vertices,
            normals=normals,
            color_0=self._colours,
            indices=self._faces,
            material=self._material,
            mode=4,
        )
        self._node = self._swap(self._person, self._node, prim)
        rgb, depth = self._gl.render(self._person)
        frame = self.background
        if self._shadow is not None:
            frame = self._with_shadow(vertices)
        mask = depth > 0
        out = frame.copy()
        out[mask] = rgb[mask]
        return out, depth

    def _with_shadow(self, vertices: NDArray[np.float32]) -> Image:
        pr = self._pr
        k = self._key
        flat = vertices - np.outer(vertices[:, 1] - 0.002, k / k[1]).astype(np.float32)
        prim = pr.Primitive(positions=flat, indices=self._faces, mode=4)
        self._shadow_node = self._swap(self._shadow, self._shadow_node, prim)
        depth = self._gl.render(self._shadow, flags=pr.RenderFlags.DEPTH_ONLY)
        out: Image = self.background.copy()
        x, y, w, h = cv2.boundingRect((depth > 0).astype(np.uint8))
        if w == 0 or h == 0:
            return out
        m = 8  # room for the blur
        y0, y1 = max(0, y - m), min(depth.shape[0], y + h + m)
        x0, x1 = max(0, x - m), min(depth.shape[1], x + w + m)
        d, room = depth[y0:y1, x0:x1], self._room_depth[y0:y1, x0:x1]
        on_floor = (d > 0) & (np.abs(d - room) < 0.02 * room)
        soft = cv2.GaussianBlur(on_floor.astype(np.float32), (0, 0), 2.5)
        shade = 1.0 - self._darkness * soft
        out[y0:y1, x0:x1] = (out[y0:y1, x0:x1] * shade[:, :, None]).astype(np.uint8)
        return out

    def close(self) -> None:
        self._gl.delete()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
