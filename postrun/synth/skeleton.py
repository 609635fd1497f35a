"""A parametric human skeleton scaled by body height.

Segment lengths follow the anthropometric ratios of Drillis & Contini as tabulated by Winter
(*Biomechanics and Motor Control of Human Movement*): thigh 0.245 H, shank 0.246 H, upper arm
0.186 H, forearm 0.146 H, hand 0.108 H, foot 0.152 H, ankle height 0.039 H, hip 0.530 H,
shoulder 0.818 H, eyes 0.936 H. Widths are scaled by ratios of their own so bodies can vary
in build as well as size.

Local offsets (face, hands, feet) are given in the frame of the segment they ride on, with the
axes of the world at rest: x toward the person's left, y up, z forward.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Body:
    """Body size and build. Ratios are fractions of ``height_m``."""

    height_m: float = 1.75
    # Distance between MediaPipe's two hip landmarks (a little wider than the joint centres).
    hip_width_ratio: float = 0.12
    # Distance between the shoulder landmarks (joint centres, narrower than biacromial 0.259 H).
    shoulder_width_ratio: float = 0.21
    thigh_ratio: float = 0.245
    shank_ratio: float = 0.246
    upper_arm_ratio: float = 0.186
    forearm_ratio: float = 0.146
    hand_ratio: float = 0.108
    foot_ratio: float = 0.152
    ankle_height_ratio: float = 0.039
    # Mid-hip to mid-shoulder: shoulder height 0.818 H minus hip height 0.530 H.
    trunk_ratio: float = 0.288

    def __post_init__(self) -> None:
        if not 0.5 < self.height_m < 2.5:
            raise ValueError(f"body height {self.height_m} m is not a human height")

    def _m(self, ratio: float) -> float:
        return ratio * self.height_m

    @property
    def thigh_m(self) -> float:
        return self._m(self.thigh_ratio)

    @property
    def shank_m(self) -> float:
        return self._m(self.shank_ratio)

    @property
    def upper_arm_m(self) -> float:
        return self._m(self.upper_arm_ratio)

    @property
    def forearm_m(self) -> float:
        return self._m(self.forearm_ratio)

    @property
    def trunk_m(self) -> float:
        return self._m(self.trunk_ratio)

    @property
    def hip_half_width_m(self) -> float:
        return self._m(self.hip_width_ratio) / 2.0

    @property
    def shoulder_half_width_m(self) -> float:
        return self._m(self.shoulder_width_ratio) / 2.0

    @property
    def ankle_height_m(self) -> float:
        return self._m(self.ankle_height_ratio)

    @property
    def hip_height_m(self) -> float:
        """Standing height of the hip landmarks above the floor."""
        return self.ankle_height_m + self.shank_m + self.thigh_m

    @property
    def arm_reach_m(self) -> float:
        """Shoulder to wrist with the elbow straight."""
        return self.upper_arm_m + self.forearm_m

    def neck_offset(self) -> FloatArray:
        """Head pivot relative to mid-shoulder, in the trunk frame."""
        return np.array([0.0, 0.045, 0.0]) * self.height_m

    def face_offsets(self) -> FloatArray:
        """(11, 3) offsets of landmarks 0..10 (nose .. mouth_right) from the head pivot.

        Built for the person's left = +x, so eyes, ears and mouth corners mirror in x.
        """
        h = self.height_m
        left = {
            "eye_inner": (0.010, 0.075, 0.048),
            "eye": (0.019, 0.076, 0.046),
            "eye_outer": (0.029, 0.075, 0.040),
            "ear": (0.043, 0.068, 0.000),
            "mouth": (0.014, 0.040, 0.048),
        }

        def mirror(p: tuple[float, float, float]) -> tuple[float, float, float]:
            return (-p[0], p[1], p[2])

        rows = [
            (0.0, 0.060, 0.058),  # nose
            left["eye_inner"], left["eye"], left["eye_outer"],
            mirror(left["eye_inner"]), mirror(left["eye"]), mirror(left["eye_outer"]),
            left["ear"], mirror(left["ear"]),
            left["mouth"], mirror(left["mouth"]),
        ]  # fmt: skip
        return np.array(rows) * h

    def hand_offsets(self, sign: float) -> FloatArray:
        """(3, 3) pinky, index, thumb offsets from the wrist in the forearm frame.

        With the arm hanging, the palm faces the thigh and the thumb points forward; ``sign`` is
        +1 for the left hand, -1 for the right (medial is -sign * x).
        """
        hand = self._m(self.hand_ratio)
        rows = [
            (-0.05 * sign * hand, -0.70 * hand, -0.17 * hand),  # pinky knuckle region
            (-0.05 * sign * hand, -0.78 * hand, 0.10 * hand),  # index finger
            (-0.12 * sign * hand, -0.50 * hand, 0.24 * hand),  # thumb
        ]
        return np.array(rows)

    def foot_offsets(self) -> FloatArray:
        """(2, 3) heel and foot_index (toe tip) offsets from the ankle in the foot frame.

        Both sit at the same height so the heel -> toe line is level when standing, which makes
        ankle dorsiflexion read 0 there.
        """
        foot = self._m(self.foot_ratio)
        drop = 0.75 * self.ankle_height_m
        return np.array([[0.0, -drop, -0.23 * foot], [0.0, -drop, 0.77 * foot]])

    def sole_height_m(self) -> float:
        """Height of the heel and toe landmarks above the floor when standing."""
        return 0.25 * self.ankle_height_m


def random_body(rng: np.random.Generator) -> Body:
    """A plausible adult body: 1.55-1.95 m, build varying by about +-10 %."""

    def vary(value: float, spread: float = 0.1) -> float:
        return value * float(rng.uniform(1.0 - spread, 1.0 + spread))

    base = Body()
    return Body(
        height_m=float(rng.uniform(1.55, 1.95)),
        hip_width_ratio=vary(base.hip_width_ratio),
        shoulder_width_ratio=vary(base.shoulder_width_ratio),
        thigh_ratio=vary(base.thigh_ratio, 0.04),
        shank_ratio=vary(base.shank_ratio, 0.04),
        upper_arm_ratio=vary(base.upper_arm_ratio, 0.04),
        forearm_ratio=vary(base.forearm_ratio, 0.04),
    )
