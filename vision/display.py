"""The one place that opens a window: imshow and waitKey live here and nowhere else."""

from __future__ import annotations

import os
import sys

import cv2

from postrun.vision.types import ImageArray


def display_available() -> bool:
    """Whether a window can be shown: a desktop session on Linux, always elsewhere."""
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


class Window:
    """A resizable preview window. ``show`` returns the key pressed (lower-case) or None."""

    def __init__(self, title: str = "postrun") -> None:
        self.title = title
        self._open = False

    def show(self, image: ImageArray, wait_ms: int = 1) -> str | None:
        if not self._open:
            # OpenCV's Qt looks for fonts in its own (empty) folder and warns on every start;
            # the warning means nothing to a runner.
            os.environ.setdefault("QT_LOGGING_RULES", "*.warning=false")
            # No toolbar or status bar: the picture is the whole window.
            cv2.namedWindow(self.title, cv2.WINDOW_NORMAL | cv2.WINDOW_GUI_NORMAL)
            cv2.resizeWindow(self.title, image.shape[1], image.shape[0])
            self._open = True
        cv2.imshow(self.title, image)
        code = cv2.waitKey(max(1, wait_ms)) & 0xFF
        if code == 0xFF:
            return None
        if code == 27:
            return "esc"
        if code == 32:
            return "space"
        return chr(code).lower()

    def closed_by_user(self) -> bool:
        """True once the user has closed the window with its title-bar button."""
        if not self._open:
            return False
        return cv2.getWindowProperty(self.title, cv2.WND_PROP_VISIBLE) < 1

    def close(self) -> None:
        if self._open:
            cv2.destroyWindow(self.title)
            cv2.waitKey(1)
            self._open = False
