"""Query-result caching at the data_access boundary, keyed by arguments and data version."""

from __future__ import annotations

import copy
import functools
import logging
import sys
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Engine, func, select

from data_access.data_version import local_writes
from data_access.models import DatasetInfo, ImportLog
from data_access.scope import restrict_rows, visible_city, visible_county

P = ParamSpec("P")
R = TypeVar("R")

logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)

# Another process's import shows on this one's pages at most this many seconds later; under
# load the version query ran for each cached call (15 % of the CPU, py-spy), now once a second.
VERSION_TTL_S = 1.0
ENTRIES = 2000  # results kept per cached function (and process)
MAP_ENTRIES = 200  # views holding a province map's figure (~0.2 MB each): at most ~40 MB
_versions: dict[tuple[str, int], tuple[str, float]] = {}


def _engine_key(engine: Engine) -> str:
    """Identify an engine by its URL, password included, for the cache key."""
    return engine.url.render_as_string(hide_password=False)


def data_version(engine: Engine) -> str:
    """A token that changes whenever an import or undo changes the data; read from the
    database at most once per VERSION_TTL_S per process, unless this process wrote since."""
    key = (_engine_key(engine), local_writes())
    now = time.monotonic()
    seen = _versions.get(key)
    if seen is not None and now - seen[1] < VERSION_TTL_S:
        return seen[0]
    version = _read_data_version(engine)
    _versions.clear()  # one entry per engine in practice; older write counts are dead keys
    _versions[key] = (version, now)
    return version


def _read_data_version(engine: Engine) -> str:
    """The data-version token as the database holds it now."""
    with engine.connect() as conn:
        last, count = conn.execute(select(func.max(ImportLog.id), func.count(ImportLog.id))).one()
        bump = conn.execute(
            select(DatasetInfo.value).where(DatasetInfo.key == "data_version")
        ).scalar()
    return f"{last}:{count}:{bump}"


def cached_query(fn: Callable[P, R]) -> Callable[P, R]:
    """Cache a query function whose first argument is the engine; apply the city scope."""
    return _cached(fn, scoped=True)


def cached_reference(fn: Callable[P, R]) -> Callable[P, R]:
    """Cache a query of reference data (places, dataset facts) that every user may see."""
    return _cached(fn, scoped=False)


def cached_view(fn: Callable[P, R]) -> Callable[P, R]:
    """Cache a view computed from cached queries (a service result), per data version and per
    scope: a view computed for one city's user never serves another's."""
    return _cached(fn, scoped=False, per_scope=True)


def cached_map_view(fn: Callable[P, R]) -> Callable[P, R]:
    """cached_view for a view that holds a map's figure: fewer entries (MAP_ENTRIES)."""
    return _cached(fn, scoped=False, per_scope=True, entries=MAP_ENTRIES)


def _cached(
    fn: Callable[P, R], *, scoped: bool, per_scope: bool = False, entries: int = ENTRIES
) -> Callable[P, R]:
    """Wrap fn in st.cache_data keyed by its name, the data version and its arguments; outside
    Streamlit (cli.py, a scheduled job) in a memo of this process, so that the command line
    does not import Streamlit (0.3 s of `cli.py alerts`)."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    streamlit_inner: list[Callable[..., R]] = []
    memo: dict[tuple[object, ...], R] = {}

    def _in_streamlit(*key: Any, **kwargs: Any) -> R:
        if not streamlit_inner:
            import streamlit as st

            @st.cache_data(
                show_spinner=False,
                max_entries=entries,
                ttl=6 * 3600,
                hash_funcs={Engine: _engine_key},
            )
            def _inner(name: str, version: str, scope: object, *args: Any, **kwargs: Any) -> R:
                return fn(*args, **kwargs)

            streamlit_inner.append(_inner)
        return streamlit_inner[0](*key, **kwargs)

    def _in_process(*key: Any, **kwargs: Any) -> R:
        try:
            memo_key = (*key, tuple(sorted(kwargs.items())))
            hash(memo_key)
        except TypeError:  # an unhashable argument (a frame): no memo
            return fn(*key[3:], **kwargs)
        if memo_key not in memo:
            if len(memo) >= 256:
                memo.clear()
            memo[memo_key] = fn(*key[3:], **kwargs)
        return copy.deepcopy(memo[memo_key])  # a caller may change its copy, as with st.cache_data

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        engine = args[0]
        assert isinstance(engine, Engine)
        scope = (visible_city(), visible_county()) if per_scope else None
        inner = _in_streamlit if "streamlit" in sys.modules else _in_process
        result = inner(name, data_version(engine), scope, *args, **kwargs)
        return restrict_rows(engine, result) if scoped else result  # type: ignore[return-value]  # restrict_rows keeps the type

    wrapper.uncached = fn  # type: ignore[attr-defined]  # the query without the cache
    return wrapper
