"""The landmark synthesizer: a motion seen through a camera, as MediaPipe would report it.

``synthesize(motion, camera, noise, seed)`` poses the rig, projects it and returns a
:class:`SyntheticStream`: the true world landmarks plus MediaPipe-style world landmarks, image
landmarks and visibility, optionally with the kinds of error MediaPipe makes. numpy only and
vectorised over frames, so rule tests can afford thousands of streams.

Labels: ``world`` keeps anatomical sides. The MediaPipe-style arrays carry the labels MediaPipe
would give: on a mirrored (selfie) camera it sees a mirror-image person, so its "left_*" is the
anatomical right; undo with ``postrun.vision.landmarks.MIRROR`` when ``stream.mirrored``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from postrun.routines.metrics import SYNTH_UP
from postrun.synth.camera import Camera
from postrun.synth.kinematics import forward_kinematics
from postrun.synth.motion import Motion
from postrun.synth.occlusion import HIDDEN_LOSS, occlusion
from postrun.synth.prior import pull_to_rest
from postrun.synth.skeleton import Body
from postrun.vision.landmarks import COUNT, INDEX, MIRROR

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_HIPS = [INDEX["left_hip"], INDEX["right_hip"]]
_SHOULDERS = [INDEX["left_shoulder"], INDEX["right_shoulder"]]
_MIRROR = np.array(MIRROR)
_GUESS_SCALE = np.ones(COUNT)
_GUESS_SCALE[_HIPS + _SHOULDERS] = 1.0 / 3.0


@dataclass(frozen=True)
class Noise:
    """Errors to add, all off by default. Rates are fractions; episodes have random lengths."""

    jitter_px: float = 0.0  # gaussian std of image landmarks, pixels
    world_jitter_m: float | None = None  # std of world landmarks; None = jitter_px at the body
    drop_rate: float = 0.0  # fraction of frames with no pose, in bursts of 1-5 frames
    low_visibility_rate: float = 0.0  # fraction of landmark-frames in a glitch (1-4 frames:
    # the landmark jumps 3-8 cm and its visibility drops to 0.05-0.45)
    swap_rate_hz: float = 0.0  # left/right swap episodes (2-6 frames) per second
    occluded_error_m: float = 0.0  # a fully hidden landmark's guess is off by this much (std),
    # a slowly drifting offset (the model keeps one plausible guess), scaled by how hidden it is
    rest_pull_deg: float = 0.0  # the model's systematic error: every limb segment read this
    # much closer to standing (at most half its angle from rest; postrun.synth.prior)

    @classmethod
    def typical(cls) -> Noise:
        """About the random errors of MediaPipe's full model on a clean 480x640 webcam clip. Its
        systematic, pose-dependent errors are left out (see :meth:`mediapipe`)."""
        return cls(
            jitter_px=1.5,
            drop_rate=0.01,
            low_visibility_rate=0.01,
            swap_rate_hz=0.05,
            occluded_error_m=0.015,
        )

    @classmethod
    def mediapipe(cls) -> Noise:
        """The typical random errors plus the model's pull toward standing, 8 degrees: on
        rendered clips the real model reads a hugged hip 6-9 degrees short half side-on and
        side-on and a full swing's range 15-25 short (docs/benchmarks.md), which is what the
        fault lines are set against."""
        return dataclasses.replace(cls.typical(), rest_pull_deg=8.0)

    @classmethod
    def heavy(cls) -> Noise:
        """A poor clip: dim light, loose clothes, a cheap webcam."""
        return cls(
            jitter_px=3.0,
            drop_rate=0.03,
            low_visibility_rate=0.03,
            swap_rate_hz=0.15,
            occluded_error_m=0.03,
        )


@dataclass(frozen=True)
class SyntheticStream:
    """Per-frame landmarks of one clip. Arrays are (T, 33, ...) in MediaPipe's landmark order.

    - ``world``: ground truth, world frame of :mod:`postrun.synth.dofs` (y up), anatomical labels,
      no noise, never NaN.
    - ``mp_world``: like MediaPipe's world landmarks: metres, origin at mid-hip, axes of the
      image (x right, y down, z away from the camera).
    - ``image``: x / width and y / height in [0, 1] inside the image, z a relative depth (mid-hip
      = 0, nearer < 0) on the scale of x, like MediaPipe's normalized landmarks.
    - ``visibility`` in [0, 1]; ``has_pose`` False where MediaPipe would find no person (then
      ``image``, ``mp_world`` and ``visibility`` are NaN); ``swapped`` marks frames whose left
      and right labels the noise model exchanged.
    """

    motion: Motion
    camera: Camera
    t_s: FloatArray
    world: FloatArray
    mp_world: FloatArray
    image: FloatArray
    visibility: FloatArray
    has_pose: BoolArray
    swapped: BoolArray

    @property
    def fps(self) -> float:
        return self.motion.fps

    @property
    def mirrored(self) -> bool:
        return self.camera.mirrored

    @property
    def frames(self) -> int:
        return int(self.t_s.size)

    def image_px(self) -> FloatArray:
        """Image landmarks in pixels (T, 33, 2)."""
        scale = np.array([self.camera.width, self.camera.height], dtype=np.float64)
        result: FloatArray = self.image[..., :2] * scale
        return result


def _episodes(
    rng: np.random.Generator, frames: int, count: int, lengths: tuple[int, int]
) -> list[slice]:
    starts = rng.integers(0, max(frames, 1), count)
    sizes = rng.integers(lengths[0], lengths[1] + 1, count)
    return [slice(int(a), int(min(a + n, frames))) for a, n in zip(starts, sizes, strict=True)]


def _drift(rng: np.random.Generator, frames: int, knot_s: int = 30) -> FloatArray:
    """Slowly varying unit-std offsets (frames, 33, 3): gaussian knots every ``knot_s``
    frames (a second at 30 fps), joined linearly."""
    knots = rng.normal(0.0, 1.0, (frames // knot_s + 2, COUNT, 3))
    pos = np.arange(frames) / knot_s
    k = pos.astype(int)
    w = (pos - k)[:, None, None]
    result: FloatArray = knots[k] * (1.0 - w) + knots[k + 1] * w
    return result


def _detectable(image: FloatArray) -> BoolArray:
    """MediaPipe finds a person when most of the body and its torso are in view."""
    inside = np.all((image[..., :2] >= 0.0) & (image[..., :2] <= 1.0), axis=-1)
    torso = inside[:, _HIPS + _SHOULDERS].sum(axis=1) >= 2
    result: BoolArray = (inside.mean(axis=1) >= 0.5) & torso
    return result


def synthesize(
    motion: Motion,
    camera: Camera | None = None,
    noise: Noise | None = None,
    *,
    seed: int = 0,
    body: Body | None = None,
) -> SyntheticStream:
    """Landmarks of ``motion`` seen by ``camera`` (default: in front, 3 m), with ``noise``."""
    cam = camera or Camera()
    nz = noise or Noise()
    rng = np.random.default_rng(seed)
    world = forward_kinematics(motion.dofs, body or motion.body)
    frames = world.shape[0]

    c = cam.to_camera(pull_to_rest(world, SYNTH_UP, nz.rest_pull_deg))
    depth = c[..., 2]
    f = cam.focal_px
    with np.errstate(divide="ignore", invalid="ignore"):
        px = f * c[..., 0] / depth + cam.width / 2.0
        py = f * c[..., 1] / depth + cam.height / 2.0
    behind = depth <= 1e-6
    hidden = occlusion(np.stack([px, py], -1), depth, f, body or motion.body) / HIDDEN_LOSS
    visibility = (1.0 - HIDDEN_LOSS * hidden) * rng.uniform(0.95, 0.999, (frames, COUNT))
    if nz.occluded_error_m > 0:
        # A hidden landmark is still placed, roughly: the model's guess drifts around the truth.
        # The torso is rigid and mostly in view, so a hidden hip or shoulder follows the visible
        # one closely; a hidden hand or foot can be anywhere its limb allows.
        guess = _drift(rng, frames) * (nz.occluded_error_m * hidden * _GUESS_SCALE)[..., None]
        c = c + guess
        px = px + f * guess[..., 0] / np.maximum(depth, 1e-6)
        py = py + f * guess[..., 1] / np.maximum(depth, 1e-6)

    hip_c = c[:, _HIPS].mean(axis=1, keepdims=True)
    mp_world = c - hip_c
    hip_depth = hip_c[..., 2]
    rel_z = (depth - hip_depth) * f / np.maximum(hip_depth, 1e-6) / cam.width
    if cam.mirrored:  # MediaPipe sees a mirror-image person: flip x and relabel sides
        px = cam.width - px
        mp_world[..., 0] *= -1.0
    image = np.stack([px / cam.width, py / cam.height, rel_z], axis=-1)
    image[behind] = np.nan
    if cam.mirrored:
        image, mp_world, visibility = (
            image[:, _MIRROR],
            mp_world[:, _MIRROR],
            visibility[:, _MIRROR],
        )

    inside = np.all((image[..., :2] >= 0.0) & (image[..., :2] <= 1.0), axis=-1)
    visibility = np.where(inside, visibility, visibility * 0.05)

    typical_depth = float(np.nanmedian(hip_depth))
    if nz.jitter_px > 0 or nz.world_jitter_m:
        sigma_w = (
            nz.world_jitter_m
            if nz.world_jitter_m is not None
            else (nz.jitter_px * typical_depth / f)
        )
        image[..., 0] += rng.normal(0.0, nz.jitter_px / cam.width, (frames, COUNT))
        image[..., 1] += rng.normal(0.0, nz.jitter_px / cam.height, (frames, COUNT))
        image[..., 2] += rng.normal(0.0, 2.0 * nz.jitter_px / cam.width, (frames, COUNT))
        # monocular depth is the least certain axis
        mp_world += rng.normal(0.0, 1.0, (frames, COUNT, 3)) * (sigma_w * np.array([1.0, 1.0, 2.0]))

    if nz.low_visibility_rate > 0:
        # Rare glitches: for 1-4 frames a landmark jumps 3-8 cm and the model says it is unsure.
        count = round(nz.low_visibility_rate * frames * COUNT / 2.5)
        joints = rng.integers(0, COUNT, count)
        for joint, span in zip(joints, _episodes(rng, frames, count, (1, 4)), strict=True):
            visibility[span, joint] = rng.uniform(0.05, 0.45)
            direction = rng.normal(0.0, 1.0, 3)
            jump = direction / np.linalg.norm(direction) * rng.uniform(0.03, 0.08)
            mp_world[span, joint] += jump
            image[span, joint, :2] += (
                jump[:2] * f / typical_depth / np.array([cam.width, cam.height])
            )

    swapped = np.zeros(frames, dtype=bool)
    if nz.swap_rate_hz > 0:
        count = int(rng.poisson(nz.swap_rate_hz * frames / motion.fps))
        for span in _episodes(rng, frames, count, (2, 6)):
            swapped[span] = True
        image[swapped] = image[swapped][:, _MIRROR]
        mp_world[swapped] = mp_world[swapped][:, _MIRROR]
        visibility[swapped] = visibility[swapped][:, _MIRROR]

    has_pose = _detectable(image)
    if nz.drop_rate > 0:
        for span in _episodes(rng, frames, round(nz.drop_rate * frames / 3.0), (1, 5)):
            has_pose[span] = False
    image[~has_pose] = np.nan
    mp_world[~has_pose] = np.nan
    visibility[~has_pose] = np.nan
    return SyntheticStream(
        motion=motion,
        camera=cam,
        t_s=motion.t_s,
        world=world,
        mp_world=mp_world,
        image=image,
        visibility=np.clip(visibility, 0.0, 1.0),
        has_pose=has_pose,
        swapped=swapped & has_pose,
    )
