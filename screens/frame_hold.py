"""Frames held from a scan's Enter until its outcome is ready, so nothing half done is painted.

Between Enter and the result, the home screen has nothing worth a frame: its field was just
emptied and its working line says "working". Painting them (a layout of the home screen and
a frame, 4-6 ms) took the interpreter from the punch's thread, only to be covered a few
milliseconds later by the result. So a scan holds the frames (Textual's batch, as in
`App.batch_update`) until its outcome is shown, or for at most `SECONDS`: a punch slower than
that gets its working line painted, as before.

The hold is one object with one end: ended by the outcome or by its deadline, whichever comes
first, exactly once (a second end would un-batch someone else's update). Textual's
`batch_update` is a context manager that cannot span the punch's thread, and `delay_update`
ends only on its timer; both are built on `App._begin_batch` / `App._end_batch`, which this
uses (private API; Textual is pinned, and tests/ui/test_frame_hold.py breaks if they change).
"""

from __future__ import annotations

from textual.app import App
from textual.timer import Timer


class FrameHold:
    SECONDS = 0.1  # the longest a scan's Enter goes without a frame

    def __init__(self, app: App[object]) -> None:
        self.app = app
        self.deadline: Timer | None = None

    @property
    def held(self) -> bool:
        return self.deadline is not None

    def hold(self) -> None:
        """No frame until `release` (the outcome) or SECONDS from now. A hold already on
        keeps its own deadline: a scan queued behind another does not stretch it."""
        if self.deadline is not None:
            return
        self.app._begin_batch()
        self.deadline = self.app.set_timer(self.SECONDS, self.release, name="frame-hold")

    def release(self) -> None:
        """Frames again. Called before the outcome's screen is pushed, so its first frame
        is the outcome; the top screen is told to look at what it has to paint (while held,
        its idle check skipped resuming its update timer)."""
        deadline = self.deadline
        if deadline is None:
            return
        self.deadline = None
        deadline.stop()
        self.app._end_batch()
        if self.app.screen_stack:
            self.app.screen.check_idle()
