"""The warm export server: one Chromium with a few Kaleido tabs on an event loop of its own.

Kaleido's own sync server reloads a tab after every render before it hands the image back
(about half of a warm export) and serves one caller at a time. Here the loop runs in its own
thread for the life of the process, so a tab is reloaded in the background after it has
delivered its image, and sessions render side by side on separate tabs.
"""

from __future__ import annotations

import asyncio
import base64
import threading
from concurrent.futures import Future
from typing import Any

import kaleido

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
