from postrun.vision.tracking import PersonSelector, iou
from tests.vision.helpers import pose_in_box


def test_iou() -> None:
    assert iou((0, 0, 1, 1), (0, 0, 1, 1)) == 1.0
    assert iou((0, 0, 1, 1), (2, 2, 3, 3)) == 0.0
    assert abs(iou((0, 0, 2, 1), (1, 0, 3, 1)) - 1 / 3) < 1e-9


def test_starts_with_the_central_largest_person() -> None:
    runner = pose_in_box(0.35, 0.1, 0.65, 0.95, seed=1)
    bystander = pose_in_box(0.0, 0.3, 0.15, 0.7, seed=2)
    select = PersonSelector()
    assert select([bystander, runner], 0.0) is runner


def test_does_not_jump_to_a_passer_by() -> None:
    select = PersonSelector()
    runner = pose_in_box(0.35, 0.1, 0.65, 0.95, seed=1)
    assert select([runner], 0.0) is runner
    # The runner is missed for a frame while a larger person walks past in front.
    passer = pose_in_box(0.0, 0.0, 0.3, 1.0, seed=3)
    assert select([passer], 0.033) is None
    moved = pose_in_box(0.37, 0.1, 0.67, 0.95, seed=4)
    assert select([passer, moved], 0.066) is moved


def test_reacquires_after_the_runner_has_been_gone_a_while() -> None:
    select = PersonSelector(forget_after_s=2.0)
    select([pose_in_box(0.35, 0.1, 0.65, 0.95)], 0.0)
    elsewhere = pose_in_box(0.0, 0.1, 0.3, 0.95, seed=5)
    assert select([elsewhere], 1.0) is None
    assert select([elsewhere], 3.5) is elsewhere


def test_a_smaller_detection_inside_the_runner_does_not_take_over() -> None:
    """The model sometimes finds a second "person" inside the runner (their head and a picture
    on the wall behind it): it overlaps where the runner was, but the runner is the larger."""
    select = PersonSelector()
    runner = pose_in_box(0.44, 0.31, 0.54, 0.83, seed=1)
    phantom = pose_in_box(0.42, 0.28, 0.52, 0.58, seed=2)
    assert select([phantom, runner], 0.0) is runner
    # A frame where the model finds only the phantom: it is where the runner was, so it passes
    # (nothing tells it apart yet) ...
    assert select([phantom], 0.033) is phantom
    # ... but once the runner is found again, the runner wins, though the phantom now overlaps
    # the last box more.
    again = pose_in_box(0.44, 0.32, 0.54, 0.83, seed=3)
    assert select([phantom, again], 0.066) is again
    assert select([again, phantom], 0.1) is again
