"""Where things are on anny's mesh: MediaPipe landmark definitions and per-vertex body regions.

Chosen once, on the rest mesh of the default body; the topology is the same for every shape, so a
vertex index keeps its meaning across bodies and poses.

Landmarks (MediaPipe's 33, anatomical sides):
- joint centres, from the rig's bone heads: shoulders (``upperarm01``), elbows (``lowerarm01``),
  wrists (``wrist``), hips (``upperleg01``), knees (``lowerleg01``), ankles (``foot``);
- surface vertices: nose tip; eye centres (front of the eyeball), inner and outer eye corners;
  ears (the most lateral point of the head at ear height); mouth corners (the ends of the mouth
  opening); heel (the back of the heel at the height of the toe tip, so heel -> toe is level when
  standing); foot_index (the tip of the big toe); pinky, index and thumb (the skin nearest the
  little finger's and index finger's middle knuckles and the thumb's last knuckle).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from postrun.synth.render.body import BodyShape, _run_anny, anny_model
from postrun.vision.landmarks import NAMES

FloatArray = NDArray[np.float64]

_SUFFIX = {"left": "L", "right": "R"}
_SIGN = {"left": 1.0, "right": -1.0}
_JOINTS = {
    "shoulder": "upperarm01",
    "elbow": "lowerarm01",
    "wrist": "wrist",
    "hip": "upperleg01",
    "knee": "lowerleg01",
    "ankle": "foot",
}


@dataclass(frozen=True)
class LandmarkSpec:
    """For each of the 33 landmarks, a bone index (joint centre) or a vertex index (surface)."""

    bone: NDArray[np.int64]  # (33,), -1 where the landmark is a vertex
    vertex: NDArray[np.int64]  # (33,), -1 where the landmark is a bone head

    def gather(
        self, vertices: NDArray[np.floating[Any]], heads: NDArray[np.floating[Any]]
    ) -> FloatArray:
        """(N, V, 3) vertices and (N, 104, 3) bone heads -> (N, 33, 3) landmarks."""
        out = np.empty((vertices.shape[0], len(NAMES), 3), dtype=np.float64)
        is_bone = self.bone >= 0
        out[:, is_bone] = heads[:, self.bone[is_bone]]
        out[:, ~is_bone] = vertices[:, self.vertex[~is_bone]]
        return out


@dataclass(frozen=True)
class Regions:
    """Per-vertex anatomy for colouring clothes, skin, hair and face.

    ``part``: one of :data:`PARTS`. ``arm``: 0 at the shoulder, 1 at the elbow, 2 at the wrist
    (NaN off the arms). ``leg``: 0 at the hip, 1 at the knee, 2 at the ankle (NaN off the legs).
    ``height``: metres above the hip joints (rest pose). ``face``: a face feature of
    :data:`FACE_FEATURES` or 0. ``sole``: the underside of the feet.
    """

    part: NDArray[np.int8]
    arm: FloatArray
    leg: FloatArray
    height: FloatArray
    face: NDArray[np.int8]
    sole: NDArray[np.bool_]
    scalp: NDArray[np.bool_]


PARTS = ("head", "neck", "torso", "pelvis", "arm", "hand", "leg", "foot")
FACE_FEATURES = ("none", "sclera", "iris", "lips", "brow", "mouth")


@dataclass(frozen=True)
class _Rest:
    vertices: FloatArray
    heads: FloatArray
    faces: NDArray[np.int64]
    labels: tuple[str, ...]
    dominant: NDArray[np.int64]  # dominant bone per vertex

    def head(self, name: str) -> FloatArray:
        result: FloatArray = self.heads[self.labels.index(name)]
        return result


@functools.lru_cache(maxsize=1)
def _rest() -> _Rest:
    model = anny_model()
    vertices, heads = _run_anny(BodyShape(), None)
    weights = model.vertex_bone_weights.numpy()
    indices = model.vertex_bone_indices.numpy()
    dominant = indices[np.arange(len(indices)), weights.argmax(axis=1)]
    return _Rest(
        vertices=vertices[0].astype(np.float64),
        heads=heads[0].astype(np.float64),
        faces=model.faces.numpy().astype(np.int64),
        labels=tuple(model.bone_labels),
        dominant=dominant.astype(np.int64),
    )


def _segmented_vertices(labels: list[str]) -> NDArray[np.int64]:
    from anny.face_segmentation import get_face_segmentation_mask

    model = anny_model()
    mask = get_face_segmentation_mask(model, labels).numpy()
    return np.unique(model.faces.numpy()[mask]).astype(np.int64)


def _nearest(vertices: FloatArray, point: FloatArray, among: NDArray[np.int64]) -> int:
    d = np.linalg.norm(vertices[among] - point, axis=1)
    return int(among[int(np.argmin(d))])


@functools.lru_cache(maxsize=1)
def landmark_spec() -> LandmarkSpec:
    rest = _rest()
    v = rest.vertices  # anny frame: x left, y back, z up
    bone = np.full(len(NAMES), -1, dtype=np.int64)
    vertex = np.full(len(NAMES), -1, dtype=np.int64)
    everything = np.arange(len(v))
    head_bone = rest.labels.index("head")
    head_v = everything[rest.dominant == head_bone]
    eyes = set(_segmented_vertices(["eye_front.L", "eye_back.L", "eye_front.R", "eye_back.R"]))
    skin_head = np.array([i for i in head_v if i not in eyes], dtype=np.int64)

    def put(name: str, index: int) -> None:
        vertex[NAMES.index(name)] = index

    for side, x in _SUFFIX.items():
        s = _SIGN[side]
        for joint, b in _JOINTS.items():
            bone[NAMES.index(f"{side}_{joint}")] = rest.labels.index(f"{b}.{x}")
        # Eyes: the front-most point of the eyeball; corners beside it on the skin.
        front = _segmented_vertices([f"eye_front.{x}"])
        centre = front[int(np.argmin(v[front, 1]))]
        put(f"{side}_eye", int(centre))
        c = v[centre]
        put(f"{side}_eye_inner", _nearest(v, c + np.array([-s * 0.016, 0.004, -0.001]), skin_head))
        put(f"{side}_eye_outer", _nearest(v, c + np.array([s * 0.016, 0.010, -0.001]), skin_head))
        # Ear: the most lateral head point within 4 cm below the eyes.
        band = skin_head[(v[skin_head, 2] < c[2]) & (v[skin_head, 2] > c[2] - 0.04)]
        put(f"{side}_ear", int(band[int(np.argmax(s * v[band, 0]))]))
        # Heel: the back of the heel at the toe tip's height; toe tip: the front-most foot point.
        foot = everything[
            np.isin(rest.dominant, [rest.labels.index(n) for n in rest.labels if n.endswith(x)])
            & (v[:, 2] < rest.head(f"foot.{x}")[2] + 0.02)
        ]
        toe = int(foot[int(np.argmin(v[foot, 1]))])
        put(f"{side}_foot_index", toe)
        level = foot[np.abs(v[foot, 2] - v[toe, 2]) < 0.008]
        put(f"{side}_heel", int(level[int(np.argmax(v[level, 1]))]))
        for name, b in (("pinky", "finger5-2"), ("index", "finger2-2"), ("thumb", "finger1-3")):
            put(f"{side}_{name}", _nearest(v, rest.head(f"{b}.{x}"), everything))
    # Nose: the front-most point of the head near the midline.
    mid = skin_head[np.abs(v[skin_head, 0]) < 0.006]
    put("nose", int(mid[int(np.argmin(v[mid, 1]))]))
    # Mouth corners: the lateral ends of the front of the mouth opening.
    cavity = _segmented_vertices(["mouth_cavity"])
    opening = cavity[v[cavity, 1] < v[cavity, 1].min() + 0.012]
    for side, s in _SIGN.items():
        corner = v[opening[int(np.argmax(s * v[opening, 0]))]]
        put(f"mouth_{side}", _nearest(v, corner, skin_head))
    assert np.all((bone >= 0) != (vertex >= 0))
    return LandmarkSpec(bone=bone, vertex=vertex)


def _project_chain(points: FloatArray, a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    """Coordinate along the polyline a -> b -> c: 0 at a, 1 at b, 2 at c (clamped to [0, 2])."""

    def along(p0: FloatArray, p1: FloatArray) -> FloatArray:
        d = p1 - p0
        t: FloatArray = np.clip((points - p0) @ d / float(d @ d), 0.0, 1.0)
        return t

    t1, t2 = along(a, b), along(b, c)
    d1 = np.linalg.norm(points - (a + t1[:, None] * (b - a)), axis=1)
    d2 = np.linalg.norm(points - (b + t2[:, None] * (c - b)), axis=1)
    result: FloatArray = np.where(d1 <= d2, t1, 1.0 + t2)
    return result


@functools.lru_cache(maxsize=1)
def regions() -> Regions:
    rest = _rest()
    v = rest.vertices
    n = len(v)
    names = np.array(rest.labels)[rest.dominant]
    part = np.full(n, PARTS.index("torso"), dtype=np.int8)
    arm = np.full(n, np.nan)
    leg = np.full(n, np.nan)
    hip_z = float(rest.head("upperleg01.L")[2])

    def is_(prefixes: tuple[str, ...]) -> NDArray[np.bool_]:
        return np.array([str(b).startswith(prefixes) for b in names])

    part[is_(("head", "eye"))] = PARTS.index("head")
    part[is_(("neck",))] = PARTS.index("neck")
    part[is_(("pelvis", "root"))] = PARTS.index("pelvis")
    part[is_(("spine05",)) & (v[:, 2] < hip_z + 0.10)] = PARTS.index("pelvis")
    part[is_(("wrist", "finger", "metacarpal"))] = PARTS.index("hand")
    part[is_(("foot", "toe"))] = PARTS.index("foot")
    for x in _SUFFIX.values():
        on_arm = is_(("upperarm", "lowerarm")) & np.array([str(b).endswith(x) for b in names])
        part[on_arm] = PARTS.index("arm")
        arm[on_arm] = _project_chain(
            v[on_arm],
            rest.head(f"upperarm01.{x}"),
            rest.head(f"lowerarm01.{x}"),
            rest.head(f"wrist.{x}"),
        )
        on_leg = is_(("upperleg", "lowerleg", "foot", "toe")) & np.array(
            [str(b).endswith(x) for b in names]
        )
        leg[on_leg] = _project_chain(
            v[on_leg],
            rest.head(f"upperleg01.{x}"),
            rest.head(f"lowerleg01.{x}"),
            rest.head(f"foot.{x}"),
        )
        part[on_leg & ~is_(("foot", "toe"))] = PARTS.index("leg")
    sole = (part == PARTS.index("foot")) & (v[:, 2] < v[:, 2].min() + 0.012)
    face, scalp = _face_features(rest)
    return Regions(
        part=part, arm=arm, leg=leg, height=v[:, 2] - hip_z, face=face, sole=sole, scalp=scalp
    )


def _face_features(rest: _Rest) -> tuple[NDArray[np.int8], NDArray[np.bool_]]:
    v = rest.vertices
    face = np.zeros(len(v), dtype=np.int8)
    head_bone = rest.labels.index("head")
    on_head = rest.dominant == head_bone
    spec = landmark_spec()
    eye_l = v[spec.vertex[NAMES.index("left_eye")]]
    for x in ("L", "R"):
        front = _segmented_vertices([f"eye_front.{x}"])
        face[_segmented_vertices([f"eye_back.{x}"])] = FACE_FEATURES.index("sclera")
        face[front] = FACE_FEATURES.index("sclera")
        centre = v[front[int(np.argmin(v[front, 1]))]]
        r = np.linalg.norm(v[front][:, [0, 2]] - centre[[0, 2]], axis=1)
        face[front[r < 0.0065]] = FACE_FEATURES.index("iris")
        # Brow: an arc above the eye on the front of the head.
        d = (v[:, 0] - centre[0] * 1.08) / 0.021, (v[:, 2] - centre[2] - 0.019) / 0.0055
        brow = on_head & (d[0] ** 2 + d[1] ** 2 < 1.0) & (v[:, 1] < centre[1] + 0.02)
        face[brow & (face == 0)] = FACE_FEATURES.index("brow")
    mouth_l = v[spec.vertex[NAMES.index("mouth_left")]]
    mouth_r = v[spec.vertex[NAMES.index("mouth_right")]]
    mc = 0.5 * (mouth_l + mouth_r)
    half = 0.5 * float(np.linalg.norm(mouth_l - mouth_r))
    e = ((v[:, 0] - mc[0]) / (half * 1.05)) ** 2 + ((v[:, 2] - mc[2]) / 0.011) ** 2
    lips = on_head & (e < 1.0) & (v[:, 1] < mc[1] + 0.015)
    face[lips & (face == 0)] = FACE_FEATURES.index("lips")
    face[_segmented_vertices(["mouth_cavity", "tongue"])] = FACE_FEATURES.index("mouth")
    # Scalp: the head above a hairline running from the forehead (above the brows) down to the
    # nape behind the ears.
    back = v[:, 1] - eye_l[1]  # metres behind the eyes
    hairline = eye_l[2] + 0.045 - 0.9 * np.clip(back - 0.045, 0.0, None)
    scalp = on_head & (v[:, 2] > hairline) & (face == 0)
    return face, scalp
