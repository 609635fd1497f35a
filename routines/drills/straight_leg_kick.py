"""4. Hamstrings: arms forward, kick a straight leg up until the foot touches the hands."""

from postrun.routines.drills.spec import TURNED_MIN_DEG, DrillSpec, FaultRule, Gauge

SPEC = DrillSpec(
    id="straight_leg_kick",
    title="Straight-leg kick (hamstrings)",
    instruction="On the spot, half side-on, arms ahead: kick a straight leg up to your hands.",
    checks=("kick height", "knee straight", "arms forward", "no hunching"),
    signal="leg_elevation_deg",  # the foot's height: marching lifts a bent knee, not the foot
    alternating=True,
    rep_metrics=(
        "hip_flexion_deg",
        "knee_flexion_deg",
        "knee_bend_seen_deg",
        "arm_elevation_deg",
        "trunk_lean_deg",
    ),
    faults=(
        FaultRule("kick_too_low", "hip_flexion_deg", "below", "Kick higher", 1),
        FaultRule("knee_bent", "knee_bend_seen_deg", "above", "Straight leg", 2),
        FaultRule("trunk_leaning", "trunk_lean_deg", "above", "Stand tall", 3),
        FaultRule("arms_not_forward", "arm_elevation_deg", "below", "Arms out in front", 4),
    ),
    gauge=Gauge("hip_flexion_deg", "kick height", "kick_too_low_below"),
    needs=("feet", "hands"),
    praise="Good kick",
    # From the front a kick moves in depth, which one camera reads worst (a straight knee read
    # 30 degrees bent on rendered clips): half side-on or side-on shows it as it is.
    yaw_range_deg=(TURNED_MIN_DEG, 90.0),
)
