"""Data downloads that leave a trace in the security log (who took which file, when, from where)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from data_access.database import get_engine
from data_access.security_log import log_event
from ui.auth import client_address, current_user


def logged(make: Callable[[], bytes | str], file_name: str) -> Callable[[], bytes]:
    """The download button's data callable, writing a "download" event when the file is taken
    (the callable runs outside the script, so who and where are read now)."""
    user = current_user()
    return logged_for(get_engine(), user.username if user else None, client_address(), make,
                      file_name)  # fmt: skip


def logged_for(
    engine: Engine,
    username: str | None,
    address: str | None,
    make: Callable[[], bytes | str],
    file_name: str,
) -> Callable[[], bytes]:
    """As logged(), with who and where given."""

    def run() -> bytes:
        data = make()
        data = data.encode("utf-8") if isinstance(data, str) else data
        log_event(engine, "download", username, target=file_name,
                  detail=f"{len(data):,} bytes", address=address)  # fmt: skip
        return data

    return run
