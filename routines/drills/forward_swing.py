"""6. Hip swing forward: side-on to a wall, the outside leg swings forward and back."""

from postrun.routines.drills.spec import TURNED_MIN_DEG, DrillSpec, FaultRule, Gauge

SPEC = DrillSpec(
    id="forward_swing",
    title="Hip swing forward",
    instruction="Side-on to the wall, one hand on it; swing the outside leg forward and back.",
    checks=("swing range", "knee nearly straight", "trunk steady"),
    signal="hip_flexion_signed_deg",
    alternating=False,
    centred=True,
    swing_metric="swing_range_deg",
    range_signal="hip_flexion_in_plane_deg",
    thigh_swing="thigh_forward_deg",
    # The standing leg is watched in the swing's own plane, where a walker's legs move: its
    # tilt to the side is depth side-on, and the model's guess of it wanders as the trunk rocks
    # (rendered clips: 10 to 23 degrees as the leg swung back, while its forward angle kept
    # within the stillness limit: a spread of 10 against 12).
    stance=("thigh_forward_deg",),
    rep_metrics=(
        "hip_flexion_signed_deg",
        "knee_flexion_deg",
        "knee_bend_seen_deg",
        "trunk_lean_deg",
    ),
    faults=(
        FaultRule("swing_too_small", "swing_range_deg", "below", "Swing wider", 1),
        FaultRule("knee_bent", "knee_bend_seen_deg", "above", "Straight leg", 2),
        FaultRule("trunk_leaning", "trunk_lean_deg", "above", "Keep the trunk still", 3),
    ),
    gauge=Gauge("swing_range_deg", "swing range", "swing_too_small_below"),
    needs=("feet",),
    praise="Nice swing",
    yaw_range_deg=(TURNED_MIN_DEG, 90.0),  # side-on or diagonal
)
