"""1. Hamstrings & Glutes: lift one knee, hands pull it in, toes up; legs alternate."""

from postrun.routines.drills.spec import TOES_VIEW, DrillSpec, FaultRule, Gauge

SPEC = DrillSpec(
    id="knee_hug",
    title="Knee hug (hamstrings & glutes)",
    # Half side-on the camera sees the toes and a forward lean too (facing it, both are depth).
    instruction="Half side-on, on the spot: lift a knee, hug it in both hands, toes up; alternate.",
    checks=("knee height", "toes up", "hands at the knee", "trunk upright", "legs alternate"),
    signal="hip_flexion_deg",
    alternating=True,
    rep_metrics=(
        "hip_flexion_deg",
        "knee_flexion_deg",
        "ankle_dorsiflexion_deg",
        "hands_to_knee",
        "hands_to_knee_seen",
        "trunk_lean_deg",
    ),
    faults=(
        FaultRule("knee_too_low", "hip_flexion_deg", "below", "Knee higher", 1),
        # Side-on the far hand is hidden behind the leg: judged where the picture shows it.
        FaultRule(
            "hands_not_on_knee",
            "hands_to_knee",
            "above",
            "Hands on the knee",
            2,
            side_on_metric="hands_to_knee_seen",
        ),
        FaultRule("toes_not_up", "ankle_dorsiflexion_deg", "below", "Toes up", 3, TOES_VIEW),
        FaultRule("trunk_leaning", "trunk_lean_deg", "above", "Stand tall", 4),
    ),
    gauge=Gauge("hip_flexion_deg", "knee height", "knee_too_low_below"),
    needs=("feet", "hands"),
    praise="Good hug",
)
