"""postrun: a camera coach for runners' post-run mobility drills."""

__version__ = "0.1.0"
