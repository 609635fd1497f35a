"""render_motion: a DOF motion -> video frames of a human mesh + per-frame landmark ground truth."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray

from postrun.synth.camera import Camera
from postrun.synth.render import rig
from postrun.synth.render.anatomy import landmark_spec, regions
from postrun.synth.render.appearance import Appearance, vertex_colours, vertex_offsets
from postrun.synth.render.body import BodyShape, Grounding, posed_body
from postrun.synth.render.room import RoomLayout
from postrun.synth.render.scene import Renderer
from postrun.vision.landmarks import NAMES

FloatArray = NDArray[np.float64]
Image = NDArray[np.uint8]

# A landmark is hidden when the surface drawn at its pixel is nearer than the landmark by more
# than the depth of flesh over it (joint centres sit under the skin, so a plain depth test would
# hide them all): a heuristic per landmark, metres.
_DEPTH_UNDER_SKIN = {
    "hip": 0.16,
    "shoulder": 0.12,
    "knee": 0.08,
    "elbow": 0.07,
    "ankle": 0.07,
    "wrist": 0.06,
}
OCCLUSION_TOLERANCE_M = np.array(
    [next((d for k, d in _DEPTH_UNDER_SKIN.items() if name.endswith(k)), 0.03) for name in NAMES]
)


@dataclass
class Rendering:
    """A rendered clip, produced lazily: iterate for BGR frames (H, W, 3) uint8.

    Ground truth is known before any frame is drawn: ``landmarks_world`` (T, 33, 3) in metres
    in the world frame of :mod:`postrun.synth.dofs`, ``landmarks_image`` (T, 33, 2) pixels via
    ``camera.project`` (mirrored with the camera). ``visible`` (T, 33) is filled in as frames are
    drawn: False where another part of the body covers the landmark or it leaves the image.
    """

    motion: FloatArray
    fps: float
    camera: Camera
    appearance: Appearance
    body: BodyShape
    grounding: Grounding
    landmarks_world: FloatArray
    landmarks_image: FloatArray
    visible: NDArray[np.bool_] = field(init=False)

    def __post_init__(self) -> None:
        self.visible = np.zeros(self.landmarks_image.shape[:2], dtype=bool)

    def __len__(self) -> int:
        return len(self.motion)

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the frames."""
        return self.camera.width, self.camera.height

    def __iter__(self) -> Iterator[Image]:
        body = posed_body(self.body)
        colours = vertex_colours(regions(), self.appearance)
        offsets = vertex_offsets(regions(), self.appearance)
        camera = self.camera
        unmirrored = _unmirrored(camera)
        extent = _extent(self.landmarks_world, camera, body.stature_m)
        rng = np.random.default_rng(self.appearance.seed + 1)
        index = 0
        with Renderer(unmirrored, self.appearance, body.faces, colours, extent) as renderer:
            for vertices, _ in body.iter_world(self.motion, self.grounding):
                for v in vertices:
                    rgb, depth = renderer.render(v, offsets)
                    self.visible[index] = _visibility(
                        self.landmarks_world[index], unmirrored, depth
                    )
                    yield _finish(rgb, self.appearance, camera.mirrored, rng)
                    index += 1


def _unmirrored(camera: Camera) -> Camera:
    from dataclasses import replace

    return replace(camera, mirrored=False)


def _extent(world: FloatArray, camera: Camera, stature: float) -> tuple[float, float, float]:
    lay = RoomLayout(camera)
    flat = world.reshape(-1, 3)
    behind = float((flat @ lay.forward).max())
    side = float(np.abs(flat @ lay.right).max())
    return behind, side, stature


def _visibility(world: FloatArray, camera: Camera, depth: NDArray[np.float32]) -> NDArray[np.bool_]:
    uv = camera.project(world)
    z = camera.to_camera(world)[:, 2]
    h, w = depth.shape
    ok = np.isfinite(uv).all(axis=1) & (uv[:, 0] >= 0) & (uv[:, 0] < w)
    ok &= (uv[:, 1] >= 0) & (uv[:, 1] < h)
    col = np.clip(np.nan_to_num(uv[:, 0]).astype(int), 0, w - 1)
    row = np.clip(np.nan_to_num(uv[:, 1]).astype(int), 0, h - 1)
    drawn = depth[row, col]
    result: NDArray[np.bool_] = ok & ((drawn <= 0) | (drawn > z - OCCLUSION_TOLERANCE_M))
    return result


def _finish(rgb: Image, appearance: Appearance, mirrored: bool, rng: np.random.Generator) -> Image:
    """RGB render -> a webcam-like BGR frame: lens softness, sensor noise, selfie mirroring."""
    img: Image = np.ascontiguousarray(rgb[:, :, ::-1])
    if appearance.blur_sigma > 0:
        img = np.asarray(cv2.GaussianBlur(img, (0, 0), appearance.blur_sigma), dtype=np.uint8)
    if appearance.noise_sigma > 0:
        noise = np.empty(img.shape, dtype=np.int16)
        cv2.setRNGSeed(int(rng.integers(2**31)))
        cv2.randn(noise, np.float64(0.0), np.float64(appearance.noise_sigma))  # type: ignore[call-overload]
        img = np.clip(img.astype(np.int16) + noise, 0, 255).astype(np.uint8)
    if mirrored:
        img = np.ascontiguousarray(img[:, ::-1])
    return img


def render_motion(
    motion_dofs: FloatArray,
    fps: float,
    camera: Camera,
    appearance: Appearance | None = None,
    body: BodyShape | None = None,
    grounding: Grounding = "floor",
) -> Rendering:
    """Pose anny by each DOF row and render it through ``camera``.

    Returns a :class:`Rendering`: iterate it for frames; its landmark ground truth is ready at
    once. See :meth:`postrun.synth.render.body.PosedBody.pose_world` for ``grounding``.
    """
    q = rig.check_dofs(motion_dofs)
    if fps <= 0:
        raise ValueError(f"fps must be positive, got {fps}")
    appearance = appearance or Appearance()
    body = body or BodyShape()
    posed = posed_body(body)
    spec = landmark_spec()
    world = (
        np.concatenate([spec.gather(v, h) for v, h in posed.iter_world(q, grounding)], axis=0)
        if len(q)
        else np.zeros((0, 33, 3))
    )
    return Rendering(
        motion=q,
        fps=float(fps),
        camera=camera,
        appearance=appearance,
        body=body,
        grounding=grounding,
        landmarks_world=world,
        landmarks_image=camera.project(world),
    )
