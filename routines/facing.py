"""The runner faces the screen: undo the pose model's reading of them as seen from behind.

A runner following postrun's feedback looks at the laptop, so the camera sees their front or
their side. In a picture that is not mirrored, a person facing the camera has
their left hip and shoulder on the picture's right. Now and then the pose model takes such a
person for one seen from behind and names every joint by the other side (rendered clips through
the real model, facing the camera: 1 % of frames, often whole clips at a time; its depth then
puts the nose away from the camera in 97 % of them). Every left/right count and per-side window
then goes to the wrong leg. Where the picture shows the hips and the shoulders both clearly in
the wrong order, the labels are traded back. This needs the picture as the camera took it (a
mirrored selfie recording is unflipped first: ``--mirrored``), and the runner facing the camera
(the sideways swing's card says so, where the source says to face a wall). A runner who does
turn their back, walking away between drills, is turned round too; nothing counts while they
walk.

Side-on the two hips (and shoulders) overlap in the picture, and their order says nothing: the
line below is far from what side-on frames reach (99.95 % above -0.2 trunk lengths).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from postrun.routines.features import body_in_picture
from postrun.vision.landmarks import INDEX, MIRROR

FloatArray = NDArray[np.float64]

# The hips' and shoulders' spread across the picture (left minus right, in trunk lengths) below
# which the model has read the runner from behind. Facing the camera the true spread is 0.42-0.63
# (1st-99th percentile), half side-on 0.28-0.49, side-on within 0.2 either way.
BEHIND_SPREAD = -0.2

_PAIRS = (("left_hip", "right_hip"), ("left_shoulder", "right_shoulder"))


def read_from_behind(image: ArrayLike, aspect: float) -> NDArray[np.bool_]:
    """Per frame (...,): the model named the joints as if it saw the runner's back (see the
    module's doc). ``image``: normalised image landmarks (..., 33, 2+); ``aspect``: width /
    height. Unknown frames are False."""
    across = np.asarray(image, dtype=np.float64)[..., 0] * aspect
    trunk = body_in_picture(image, aspect)["body_trunk"]
    behind = np.ones(across.shape[:-1], dtype=bool)
    with np.errstate(invalid="ignore", divide="ignore"):
        for left, right in _PAIRS:
            spread = (across[..., INDEX[left]] - across[..., INDEX[right]]) / trunk
            behind &= spread < BEHIND_SPREAD  # NaN compares False
    return behind


def face_the_camera(
    world: ArrayLike, image: ArrayLike, visibility: ArrayLike, aspect: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(world, image, visibility) with left and right traded back in the frames the model read
    from behind. Depth is left as the model gave it: it does not mirror the whole body (the toes
    still point at the camera in 92 % of those frames), and turning it round as well cost on
    rendered seeds 0-42 (windows with such frames exact 29 -> 27 of 41, distractor reps 3 -> 7)."""
    w = np.array(world, dtype=np.float64)
    img = np.array(image, dtype=np.float64)
    vis = np.array(visibility, dtype=np.float64)
    flip = read_from_behind(img, aspect)
    if flip.any():
        mirror = list(MIRROR)
        w[flip] = w[flip][:, mirror]
        img[flip] = img[flip][:, mirror]
        vis[flip] = vis[flip][:, mirror]
    return w, img, vis
