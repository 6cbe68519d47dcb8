"""The warm export server: one Chromium with a few Kaleido tabs on an event loop of its own.

Kaleido's own sync server reloads a tab after every render before it hands the image back
(about half of a warm export) and serves one caller at a time. Here the loop runs in its own
thread for the life of the process, so a tab is reloaded in the background after it has
delivered its image, and sessions render side by side on separate tabs. A batch (the briefing's
ten charts) keeps each tab it gets for several figures and reloads it once, after its share:
a reload costs as much Chromium time as a small chart, and the images are byte for byte the
ones of one render a tab (measured on the briefing's charts).
"""

from __future__ import annotations

import asyncio
import base64
import threading
from concurrent.futures import Future
from typing import Any

import kaleido
from kaleido import _profiler
from kaleido._utils import fig_tools

TABS = 2  # renders at once; each tab is a page of plotly.js (~60 MB)
PDF_PARAMS = {"printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False}


class _BackgroundReloadKaleido(kaleido.Kaleido):  # type: ignore[misc]  # kaleido ships no types
    """Kaleido that reloads a used tab after the render has returned, not before."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._reloads: set[asyncio.Task[None]] = set()

    async def _return_kaleido_tab(self, tab: Any) -> None:
        """Queue the tab's reload (it rejoins the free tabs when done) and return at once."""
        task = asyncio.get_running_loop().create_task(super()._return_kaleido_tab(tab))
        self._reloads.add(task)
        task.add_done_callback(self._reloads.discard)


class RenderServer:
    """A running Kaleido with its own loop thread; render() may be called from any thread."""

    def __init__(self, options: dict[str, Any]) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="export-server", daemon=True
        )
        self._thread.start()
        self._kaleido: _BackgroundReloadKaleido | None = None
        self._options = {**options, "n": TABS}

    def _submit(self, coroutine: Any) -> Future[Any]:
        """Run a coroutine on the server's loop."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def open(self, timeout: float) -> None:
        """Start Chromium and load its tabs; raise if that fails or takes longer than timeout."""

        async def start() -> _BackgroundReloadKaleido:
            k = _BackgroundReloadKaleido(**self._options)
            await k.open()
            return k

        self._kaleido = self._submit(start()).result(timeout)

    def alive(self) -> bool:
        """Whether the loop thread still runs."""
        return self._thread.is_alive()

    def render(
        self, fig_dict: dict[str, Any], opts: dict[str, Any], topojson: str | None, timeout: float
    ) -> bytes:
        """The image bytes of one figure, rendered on a free tab."""
        if self._kaleido is None:
            raise RuntimeError("export server not open")
        job = self._kaleido.calc_fig(fig_dict, opts=opts, topojson=topojson)
        return self._submit(job).result(timeout)  # type: ignore[no-any-return]  # kaleido is untyped

    def render_many(
        self, jobs: list[tuple[dict[str, Any], dict[str, Any]]], topojson: str | None,
        timeout: float,
    ) -> list[bytes]:  # fmt: skip
        """The images of several (figure, options) jobs, in their order: each free tab takes
        the next job until none is left, and is reloaded once, after its last."""
        if self._kaleido is None:
            raise RuntimeError("export server not open")
        browser = self._kaleido
        results: list[bytes | None] = [None] * len(jobs)
        todo = list(range(len(jobs)))[::-1]

        async def worker() -> None:
            tab = await browser._get_kaleido_tab()  # noqa: SLF001 - kaleido's tab queue
            if not todo:  # the other tabs took every job meanwhile: back unused, no reload
                await browser.tabs_ready.put(tab)
                return
            try:
                while todo:
                    i = todo.pop()
                    fig, opts = jobs[i]
                    spec = fig_tools.coerce_for_js(fig, None, opts)
                    profile = _profiler.RenderTaskProfile(spec, None, tab.tab.target_id)
                    results[i] = await asyncio.wait_for(
                        tab._calc_fig(spec, topojson=topojson, render_prof=profile, stepper=False),  # noqa: SLF001
                        timeout,
                    )
            except BaseException:
                todo.clear()  # one bad figure fails the batch: the other tab stops too
                raise
            finally:
                await browser._return_kaleido_tab(tab)  # noqa: SLF001 - reloads in the background

        async def run() -> list[bytes]:
            await asyncio.gather(*(worker() for _ in range(min(TABS, len(jobs)))))
            images = [r for r in results if r is not None]
            if len(images) != len(jobs):
                raise RuntimeError("export server: a batch came back incomplete")
            return images

        return self._submit(run()).result(timeout * max(len(jobs), 1))  # type: ignore[no-any-return]  # kaleido is untyped

    def print_pdf(self, url: str, timeout: float) -> bytes:
        """Print a page (a file:// URL) to PDF in a tab of its own, with its CSS page size."""
        if self._kaleido is None:
            raise RuntimeError("export server not open")
        browser = self._kaleido

        async def run() -> bytes:
            tab = await browser.create_tab("")
            try:
                loaded = tab.subscribe_once("Page.loadEventFired")
                await tab.send_command("Page.enable")
                await tab.send_command("Page.navigate", params={"url": url})
                await loaded
                response = await tab.send_command("Page.printToPDF", params=PDF_PARAMS)
                if "error" in response:
                    raise RuntimeError(f"printToPDF failed: {response['error']}")
                return base64.b64decode(response["result"]["data"])
            finally:
                await browser.close_tab(tab.target_id)

        return self._submit(run()).result(timeout)  # type: ignore[no-any-return]  # kaleido is untyped

    def close(self, timeout: float = 20.0) -> None:
        """Close Chromium and stop the loop (best effort)."""
        try:
            if self._kaleido is not None:
                self._submit(self._kaleido.close()).result(timeout)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout)
