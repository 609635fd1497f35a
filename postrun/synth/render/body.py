"""The anny body model posed by DOF rows: skinned vertices and landmark ground truth, world frame.

anny (MakeHuman-based, Apache-2.0 code, CC0 assets) is posed through its ``local-ref``
parameterization, in which each bone's delta is a rotation in world-aligned axes relative to its
parent, so a bone's absolute rotation from rest is ``G_child = G_parent D_child``. anny's own frame
is z up, the person facing -y, their left +x; :data:`ANNY_TO_WORLD` maps it onto the frame of
:mod:`postrun.synth.dofs` (y up, facing +z, left +x).

anny's rest pose is an A-pose with the legs a little apart and the elbows bent. The *neutral*
pose (all DOFs zero) straightens it: thighs and shanks plumb, arms hanging (a few degrees off the
body so the hands clear the hips), elbows straight; feet, spine and head as at rest. The DOF
rotations of :mod:`postrun.synth.render.rig` act on that neutral pose.

torch and anny are imported on first use; building the model takes about a minute once (anny
caches its blend shapes under ``~/.cache/anny`` or ``$ANNY_CACHE_DIR``) and well under a second
after that; it is built once per process.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from postrun.synth.dofs import INDEX, SIDES
from postrun.synth.render import rig

FloatArray = NDArray[np.float64]

# world = ANNY_TO_WORLD @ anny: x stays (left), anny z (up) -> y, anny -y (forward) -> z.
ANNY_TO_WORLD: FloatArray = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]])
_C = ANNY_TO_WORLD
_SUFFIX = {"left": "L", "right": "R"}
_DOWN = np.array([0.0, 0.0, -1.0])  # anny frame

Grounding = Literal["floor", "motion"]


@dataclass(frozen=True)
class BodyShape:
    """anny's phenotype parameters, each in [0, 1].

    ``gender`` 0 male .. 1 female; ``age`` on anny's scale, where 2/3 is a young adult (about 25)
    and 1 is old (about 90): adults lie in [0.67, 1]; ``muscle``, ``weight`` (build), ``height``
    (stature for the age and gender) and ``proportions`` 0 ideal .. 1 uncommon. The arms hang
    ``arm_abduction_deg`` away from the body in the neutral pose so the hands clear the hips.
    """

    gender: float = 0.5
    age: float = 0.72
    muscle: float = 0.5
    weight: float = 0.5
    height: float = 0.5
    proportions: float = 0.5
    arm_abduction_deg: float = 7.0

    def __post_init__(self) -> None:
        for name in ("gender", "age", "muscle", "weight", "height", "proportions"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"body shape {name}={value} is outside [0, 1]")

    def phenotype(self) -> dict[str, float]:
        return {
            "gender": self.gender,
            "age": self.age,
            "muscle": self.muscle,
            "weight": self.weight,
            "height": self.height,
            "proportions": self.proportions,
        }


def random_body_shape(rng: np.random.Generator) -> BodyShape:
    """An adult runner: any gender, 20s to 60s, lean to sturdy, short to tall."""
    return BodyShape(
        gender=float(rng.uniform(0.0, 1.0)),
        age=float(rng.uniform(0.68, 0.85)),
        muscle=float(rng.uniform(0.35, 0.8)),
        weight=float(rng.uniform(0.2, 0.65)),
        height=float(rng.uniform(0.2, 0.9)),
        proportions=float(rng.uniform(0.3, 0.7)),
        arm_abduction_deg=float(rng.uniform(6.0, 10.0)),
    )


@functools.lru_cache(maxsize=1)
def anny_model() -> Any:
    """The anny model, built once per process (float32, CPU, default rig and topology)."""
    try:  # anny skins with NVIDIA warp, which otherwise prints a banner to stdout on import
        import warp

        warp.config.log_level = warp.LOG_WARNING
    except (ImportError, AttributeError):  # pragma: no cover
        pass
    try:
        import anny
        import torch
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError(
            "rendering needs the render extra: pip install -e '.[render]' (see docs/rendering.md)"
        ) from exc
    with torch.no_grad():
        return anny.Anny().to(dtype=torch.float32)


def _run_anny(
    shape: BodyShape, deltas: NDArray[np.float32] | None
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """anny forward: (B, 104, 4, 4) deltas or None (rest) -> vertices (B, V, 3), bone heads."""
    import torch

    model = anny_model()
    phenotype = {k: torch.tensor([v], dtype=torch.float32) for k, v in shape.phenotype().items()}
    params = None if deltas is None else torch.from_numpy(np.ascontiguousarray(deltas))
    with torch.no_grad():
        out = model(pose_parameters=params, phenotype_kwargs=phenotype)
    vertices = out["vertices"].numpy()
    heads = out["bone_poses"][..., :3, 3].numpy()
    return vertices, heads


class PosedBody:
    """One body shape, ready to pose: neutral corrections, bone tree, grounding height."""

    def __init__(self, shape: BodyShape) -> None:
        model = anny_model()
        self.shape = shape
        self.labels: list[str] = list(model.bone_labels)
        self.parents: list[int] = [int(p) for p in model.bone_parents]
        self.faces: NDArray[np.int64] = model.faces.numpy().astype(np.int64)
        self._bone = {name: i for i, name in enumerate(self.labels)}
        _, heads = _run_anny(shape, None)
        self.rest_heads = heads[0].astype(np.float64)
        self._neutral = self._neutral_corrections()
        self._curl = self._relaxed_fingers()
        neutral = np.zeros((1, len(INDEX)))
        vertices, _ = self.pose_anny(neutral)
        # Height of the pelvis (the root) above the floor when standing in the neutral pose.
        self.standing_root_height = float(-(vertices[0] @ _C.T)[:, 1].min())
        self.stature_m = float(np.ptp((vertices[0] @ _C.T)[:, 1]))

    def bone(self, name: str) -> int:
        return self._bone[name]

    def head(self, name: str) -> FloatArray:
        result: FloatArray = self.rest_heads[self._bone[name]]
        return result

    def _neutral_corrections(self) -> dict[str, FloatArray]:
        """Rotations (anny frame) taking each rest segment to its neutral pose."""
        out: dict[str, FloatArray] = {"trunk": self._upright_trunk()}
        for side in SIDES:
            x = _SUFFIX[side]
            s = rig.SIGN[side]
            hip, knee = self.head(f"upperleg01.{x}"), self.head(f"lowerleg01.{x}")
            ankle = self.head(f"foot.{x}")
            out[f"thigh_{side}"] = rig.min_rotation(knee - hip, _DOWN)
            out[f"shank_{side}"] = rig.min_rotation(ankle - knee, _DOWN)
            shoulder, elbow = self.head(f"upperarm01.{x}"), self.head(f"lowerarm01.{x}")
            wrist = self.head(f"wrist.{x}")
            a = np.radians(self.shape.arm_abduction_deg)
            hanging = np.array([s * np.sin(a), 0.0, -np.cos(a)])
            upper = rig.min_rotation(elbow - shoulder, hanging)
            out[f"upper_arm_{side}"] = upper
            # Straighten the elbow about its own hinge, then hang the arm.
            out[f"forearm_{side}"] = upper @ rig.min_rotation(wrist - elbow, elbow - shoulder)
        return out

    def _relaxed_fingers(self) -> dict[str, FloatArray]:
        """Local rotations curling the fingers a little toward the palm, as hands hang at rest
        (anny's rest hand is flat with spread fingers)."""
        out: dict[str, FloatArray] = {}
        for x in _SUFFIX.values():
            wrist = self.head(f"wrist.{x}")
            palm = np.cross(
                self.head(f"finger2-1.{x}") - wrist, self.head(f"finger5-1.{x}") - wrist
            )
            if palm @ (self.head(f"finger1-3.{x}") - wrist) < 0:
                palm = -palm
            for finger in range(2, 6):
                for joint, angle in ((1, 12.0), (2, 28.0), (3, 18.0)):
                    bone = f"finger{finger}-{joint}.{x}"
                    tip = f"finger{finger}-{joint + 1}.{x}" if joint < 3 else None
                    start = self.head(bone)
                    end = (
                        self.head(tip)
                        if tip
                        else start + (start - self.head(f"finger{finger}-{joint - 1}.{x}"))
                    )
                    axis = np.cross(end - start, palm)
                    axis /= np.linalg.norm(axis)
                    out[bone] = _axis_angle(axis, angle)
        return out

    def _upright_trunk(self) -> FloatArray:
        """Rotation about the pelvis putting the mid-shoulder point straight above the mid-hip
        point, so a zero ``trunk_flexion_deg`` reads as a vertical trunk."""
        root = self.head("root")
        hips = 0.5 * (self.head("upperleg01.L") + self.head("upperleg01.R"))
        shoulders = 0.5 * (self.head("upperarm01.L") + self.head("upperarm01.R"))
        arm = shoulders - root
        flat = hips[:2] - root[:2]
        target = np.array([flat[0], flat[1], np.sqrt(arm @ arm - flat @ flat)])
        return rig.min_rotation(arm, target)

    def _absolute(self, dofs: FloatArray) -> dict[str, FloatArray]:
        """Absolute rotations from rest (N, 3, 3), anny frame, of the bones the DOFs drive."""
        seg = rig.segment_rotations(dofs)

        def anny(r: FloatArray) -> FloatArray:
            return _C.T @ r @ _C

        n = self._neutral
        out: dict[str, FloatArray] = {}
        g = anny(seg["trunk"])
        twist = anny(seg["spine_twist"])
        for name in rig.SPINE_BONES:
            g = g @ twist
            out[name] = g @ n["trunk"]
        chest = g  # the trunk's DOF rotation; arms and head hang from it, not from the correction
        half = anny(seg["head_half"])
        out["neck01"] = chest @ half
        out["head"] = chest @ half @ half
        for side in SIDES:
            x = _SUFFIX[side]
            out[f"upperleg01.{x}"] = anny(seg[f"thigh_{side}"]) @ n[f"thigh_{side}"]
            out[f"lowerleg01.{x}"] = anny(seg[f"shank_{side}"]) @ n[f"shank_{side}"]
            out[f"foot.{x}"] = anny(seg[f"foot_{side}"])
            out[f"upperarm01.{x}"] = chest @ anny(seg[f"upper_arm_{side}"]) @ n[f"upper_arm_{side}"]
            out[f"lowerarm01.{x}"] = chest @ anny(seg[f"forearm_{side}"]) @ n[f"forearm_{side}"]
        return out

    def deltas(self, dofs: FloatArray) -> NDArray[np.float32]:
        """anny ``local-ref`` pose parameters (N, 104, 4, 4) for DOF rows; root left at rest."""
        absolute = self._absolute(dofs)
        count = len(next(iter(absolute.values())))
        eye = np.broadcast_to(np.eye(3), (count, 3, 3))
        g: list[FloatArray] = []
        out = np.zeros((count, len(self.labels), 4, 4), dtype=np.float32)
        out[..., 3, 3] = 1.0
        for i, name in enumerate(self.labels):
            parent = g[self.parents[i]] if i > 0 else eye
            if name in absolute:
                mine = absolute[name]
                out[:, i, :3, :3] = np.swapaxes(parent, -1, -2) @ mine if i > 0 else mine
            elif name in self._curl:
                mine = parent @ self._curl[name]
                out[:, i, :3, :3] = self._curl[name]
            else:
                mine = parent
                out[:, i, :3, :3] = np.eye(3)
            g.append(mine)
        return out

    def pose_anny(self, dofs: FloatArray) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """Vertices (N, V, 3) and bone heads (N, 104, 3) in anny's frame, root at the origin."""
        return _run_anny(self.shape, self.deltas(rig.check_dofs(dofs)))

    def pose_world(
        self, dofs: FloatArray, grounding: Grounding = "floor"
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """Vertices (N, V, 3) and bone heads (N, 104, 3) in the world frame of dofs.py.

        ``grounding="floor"`` sets the pelvis height so that the lowest point of the body touches
        the floor in every frame (the motion's ``root_y`` is ignored: the motion library grounds
        its own, differently proportioned skeleton); ``"motion"`` uses ``root_y`` on top of the
        neutral standing height.
        """
        q = rig.check_dofs(dofs)
        vertices, heads = self.pose_anny(q)
        yaw = rig.rot(1, q[:, INDEX["root_yaw_deg"]]) @ _C  # (N, 3, 3) anny -> world
        v = np.einsum("nij,nvj->nvi", yaw, vertices)
        h = np.einsum("nij,nvj->nvi", yaw, heads)
        if grounding == "floor":
            lift = -v[:, :, 1].min(axis=1)
        elif grounding == "motion":
            lift = self.standing_root_height + q[:, INDEX["root_y"]]
        else:
            raise ValueError(f"grounding must be 'floor' or 'motion', got {grounding!r}")
        offset = np.stack([q[:, INDEX["root_x"]], lift, q[:, INDEX["root_z"]]], axis=-1)
        v += offset[:, None, :]
        h += offset[:, None, :]
        return v.astype(np.float32), h.astype(np.float32)

    def iter_world(
        self, dofs: FloatArray, grounding: Grounding = "floor", chunk: int = 64
    ) -> Iterator[tuple[NDArray[np.float32], NDArray[np.float32]]]:
        """:meth:`pose_world` over consecutive chunks of frames (bounded memory)."""
        q = rig.check_dofs(dofs)
        for start in range(0, len(q), chunk):
            yield self.pose_world(q[start : start + chunk], grounding)


def _axis_angle(axis: FloatArray, angle_deg: float) -> FloatArray:
    k = axis / np.linalg.norm(axis)
    kx = np.array([[0.0, -k[2], k[1]], [k[2], 0.0, -k[0]], [-k[1], k[0], 0.0]])
    a = np.radians(angle_deg)
    result: FloatArray = np.eye(3) + np.sin(a) * kx + (1.0 - np.cos(a)) * (kx @ kx)
    return result


@functools.lru_cache(maxsize=8)
def posed_body(shape: BodyShape) -> PosedBody:
    """A :class:`PosedBody` per shape, cached."""
    return PosedBody(shape)
