"""Buildout and burden-reduction pages in a real browser: drawn offline, the replay slider greys
out the places not yet formed, a click on an observation point opens its record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import offline_page


@pytest.fixture(scope="module")
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    """One signed-in page, refusing every request that leaves the machine."""
    pg, outside, errors = offline_page(browser, app_url, height=2400)
    yield pg
    assert outside == [], f"requests left the machine: {outside}"
    assert errors == []
    pg.close()


def _click_track_near(page: Page, target: dt.date) -> None:
    """Click the slider's track where the target day lies, as a person would (one rerun)."""
    thumb = page.get_by_role("slider").first
    first = dt.datetime.fromtimestamp(int(thumb.get_attribute("min")) / 1e6, dt.UTC).date()
    last = dt.datetime.fromtimestamp(int(thumb.get_attribute("max")) / 1e6, dt.UTC).date()
    track = page.locator("[data-testid=stSlider] [role=group] > div").first
    box = track.bounding_box()
    assert box is not None
    share = (target - first).days / max((last - first).days, 1)
    page.mouse.click(box["x"] + share * box["width"], box["y"] + box["height"] / 2)
    page.wait_for_timeout(1500)


def _move_slider(page: Page, target: dt.date) -> None:
    """Move the replay slider to a day: a click on the track, then the arrow keys to the day.

    Each step reruns the page, so a key press can land while the slider is being redrawn; read
    the value back and correct it rather than trust a fixed number of presses.
    """
    _click_track_near(page, target)
    slider = page.get_by_role("slider").first
    for _ in range(10):
        shown = slider.get_attribute("aria-valuetext") or ""
        try:
            day = dt.date.fromisoformat(shown[:10])
        except ValueError:
            page.wait_for_timeout(500)
            continue
        gap = (target - day).days
        if gap == 0:
            return
        for _ in range(abs(gap)):
            slider.press("ArrowRight" if gap > 0 else "ArrowLeft")
        page.wait_for_timeout(1500)
    raise AssertionError(f"the slider did not reach {target}")


def test_buildout_replay_greys_out_places_not_yet_formed(page: Page) -> None:
    page.get_by_role("link", name="组织建设").first.click()
    page.get_by_text("122/122").first.wait_for(timeout=60_000)
    page.get_by_text("21/21").first.wait_for(timeout=30_000)
    page.locator(".js-plotly-plot path.choroplethlocation").nth(20).wait_for(
        state="attached", timeout=60_000
    )
    page.get_by_text("社会工作部门一览").first.wait_for(timeout=60_000)  # the page has finished
    page.wait_for_timeout(1000)
    _move_slider(page, dt.date(2024, 4, 30))
    page.get_by_text("截至 2024-04-30").first.wait_for(timeout=60_000)
    page.get_by_text("尚未组建").first.wait_for(timeout=60_000)  # the grey legend entry
    assert page.get_by_text("/122").first.inner_text() != "122/122"


def test_signage_point_click_opens_its_record(page: Page) -> None:
    page.get_by_role("link", name="基层减负").first.click()
    page.get_by_text("140→21").first.wait_for(timeout=60_000)
    page.get_by_text("41.24万 块").first.wait_for(timeout=30_000)
    points = page.locator(".js-plotly-plot .scattergeo path.point")
    points.nth(59).wait_for(state="attached", timeout=60_000)
    box = points.nth(5).bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x - 5, y - 5)
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.get_by_text("编号：DEMO-OBS-").first.wait_for(timeout=60_000)
