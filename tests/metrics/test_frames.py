"""records() yields the frame's rows as itertuples does, and leaves the frame as it was."""

from __future__ import annotations

import pandas as pd

from metrics.frames import records


def test_records_are_the_rows_by_name_and_leave_the_frame_unchanged() -> None:
    frame = pd.DataFrame({"level": ["city", "county"], "formed": [21, 122]})
    before = frame.copy()
    assert [(r.level, int(r.formed)) for r in records(frame)] == [("city", 21), ("county", 122)]
    pd.testing.assert_frame_equal(frame, before)
