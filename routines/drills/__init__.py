"""The six drills of the post-run routine, by id, in the routine's order."""

from postrun.routines.drills import (
    figure_four,
    forward_swing,
    knee_hug,
    lateral_swing,
    quad_pull,
    straight_leg_kick,
)
from postrun.routines.drills.spec import DrillSpec

DRILLS: dict[str, DrillSpec] = {
    spec.id: spec
    for spec in (
        knee_hug.SPEC,
        quad_pull.SPEC,
        figure_four.SPEC,
        straight_leg_kick.SPEC,
        lateral_swing.SPEC,
        forward_swing.SPEC,
    )
}
