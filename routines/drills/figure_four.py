"""3. Glutes & Hip Flexors: knee up, foot across the body (figure 4), hands on knee and shin."""

from postrun.routines.drills.spec import DrillSpec, FaultRule, Gauge

SPEC = DrillSpec(
    id="figure_four",
    title="Figure four (glutes & hip flexors)",
    instruction="On the spot, lift the knee and turn it out, foot across; hold knee and shin.",
    checks=("knee height", "foot crosses the midline", "hands on knee and shin", "trunk upright"),
    signal="hip_flexion_deg",
    alternating=True,
    rep_metrics=("hip_flexion_deg", "ankle_cross", "figure_four_hands", "trunk_lean_deg"),
    faults=(
        # Across the midline is across the picture only when facing the camera; turned, it is
        # depth (rendered clips: separable from the front, not at all half side-on or side-on).
        FaultRule("ankle_not_crossed", "ankle_cross", "below", "Foot across", 1, (0.0, 30.0)),
        FaultRule("knee_too_low", "hip_flexion_deg", "below", "Knee higher", 2),
        FaultRule("hands_not_on_knee", "figure_four_hands", "above", "Hold knee and shin", 3),
        FaultRule("trunk_leaning", "trunk_lean_deg", "above", "Stand tall", 4),
    ),
    gauge=Gauge("ankle_cross", "foot across", "ankle_not_crossed_below"),
    needs=("feet", "hands"),
    praise="Good figure four",
)
