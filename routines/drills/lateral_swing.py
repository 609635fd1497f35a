"""5. Hip swing sideways: holding a wall, one leg swings side to side, toe up.

The source says to face the wall; the runner faces the camera too (a laptop by the wall), both
to see the feedback and because the rules read a runner seen from behind as one the model
mirrored (`postrun.routines.facing`)."""

from postrun.routines.drills.spec import (
    FACING_VIEW,
    TOES_VIEW,
    TURNED_VIEW,
    DrillSpec,
    FaultRule,
    Gauge,
)

SPEC = DrillSpec(
    id="lateral_swing",
    title="Hip swing sideways",
    instruction="Face the camera, holding a wall or chair; swing one leg side to side, toe up.",
    checks=("swing range", "toe up", "knee nearly straight", "trunk steady"),
    # Counted in the swing's own plane, which half side-on the model's depth reads at half size,
    # and against the vertical, not the hip line, which the model tilts with the leg (a small
    # swing's frames rose 15 degrees against it, 12 once smoothed, and 19 against the vertical).
    signal="thigh_out_in_plane_deg",
    alternating=False,
    centred=True,
    swing_metric="swing_range_deg",
    # Its range from the frames' own extremes (the counting median cuts a quick turn's tip).
    range_signal="thigh_out_in_plane_deg",
    # A marcher's small step bends the knee: the step check reads the bend the picture shows,
    # since from the front the model's depth reads straight knees bent by up to 27 degrees.
    step_knee="knee_bend_seen_deg",
    # The pelvis hikes with a sideways swing and the model drags the standing thigh out with
    # it, up to one for one (half side-on, 19 degrees at 21 of swing); a walker's or marcher's
    # thighs move forward and back, and a side step moves the hips, which the travel check reads.
    stance=("thigh_forward_deg",),
    rep_metrics=(
        "thigh_out_in_plane_deg",
        "hip_abduction_in_plane_deg",  # counted on before; reports keep it
        "hip_abduction_signed_deg",
        "knee_flexion_deg",
        "knee_bend_seen_deg",
        "ankle_dorsiflexion_deg",
        "trunk_lean_deg",
    ),
    faults=(
        # Each judged where its plane faces the camera (rendered clips, seeds 0-7): half side-on
        # the side-to-side swing is half depth (full swings, truly 55-60, read as low as 12);
        # from the front a bent knee folds the shin back, into depth (straight knees read up to
        # 27, bent ones from 19; half side-on 13 against 21).
        FaultRule("swing_too_small", "swing_range_deg", "below", "Swing wider", 1, FACING_VIEW),
        FaultRule("trunk_leaning", "trunk_lean_deg", "above", "Keep the trunk still", 2),
        FaultRule("knee_bent", "knee_bend_seen_deg", "above", "Straight leg", 3, TURNED_VIEW),
        FaultRule("toes_not_up", "ankle_dorsiflexion_deg", "below", "Toe up", 4, TOES_VIEW),
    ),
    gauge=Gauge("swing_range_deg", "swing range", "swing_too_small_below"),
    needs=("feet",),
    praise="Nice swing",
    yaw_range_deg=(0.0, 60.0),  # facing the camera (front or diagonal)
)
