"""MediaPipe's 33 pose landmarks: names, indices and the skeleton's edges.

Left and right always mean the person's own anatomical sides.
"""

from __future__ import annotations

NAMES: tuple[str, ...] = (
    "nose",
    "left_eye_inner", "left_eye", "left_eye_outer",
    "right_eye_inner", "right_eye", "right_eye_outer",
    "left_ear", "right_ear",
    "mouth_left", "mouth_right",
    "left_shoulder", "right_shoulder",
    "left_elbow", "right_elbow",
    "left_wrist", "right_wrist",
    "left_pinky", "right_pinky",
    "left_index", "right_index",
    "left_thumb", "right_thumb",
    "left_hip", "right_hip",
    "left_knee", "right_knee",
    "left_ankle", "right_ankle",
    "left_heel", "right_heel",
    "left_foot_index", "right_foot_index",
)  # fmt: skip

COUNT = len(NAMES)
INDEX: dict[str, int] = {name: i for i, name in enumerate(NAMES)}

# Index of each landmark's mirror partner (left <-> right); the nose maps to itself.
MIRROR: tuple[int, ...] = tuple(
    INDEX[n.replace("left", "@").replace("right", "left").replace("@", "right")] for n in NAMES
)

EDGES: tuple[tuple[int, int], ...] = tuple(
    (INDEX[a], INDEX[b])
    for a, b in (
        ("left_shoulder", "right_shoulder"),
        ("left_shoulder", "left_hip"), ("right_shoulder", "right_hip"),
        ("left_hip", "right_hip"),
        ("left_shoulder", "left_elbow"), ("left_elbow", "left_wrist"),
        ("right_shoulder", "right_elbow"), ("right_elbow", "right_wrist"),
        ("left_hip", "left_knee"), ("left_knee", "left_ankle"),
        ("right_hip", "right_knee"), ("right_knee", "right_ankle"),
        ("left_ankle", "left_heel"), ("left_heel", "left_foot_index"),
        ("left_ankle", "left_foot_index"),
        ("right_ankle", "right_heel"), ("right_heel", "right_foot_index"),
        ("right_ankle", "right_foot_index"),
        ("nose", "left_eye"), ("nose", "right_eye"),
        ("left_eye", "left_ear"), ("right_eye", "right_ear"),
    )
)  # fmt: skip
