"""The view in the address bar: the page asked for, and period, place and map metric."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.util import calc_hash

from data_access.accounts import User
from metrics.periods import Period
from ui.i18n import t

URL_KEYS = ("kind", "period", "place", "metric")
WRITTEN_KEY = "link_written"  # the view this session last wrote to the address bar
PENDING_KEY = "link_pending"  # a linked view kept while its visitor signs in
METRIC_KEY = "link_metric"  # a linked map metric waiting for the page's map
PATH_KEY = "link_path"  # the path last asked for by name


def requested_path() -> str | None:
    """The url path the browser asked for on this run ('' the root, None when unknown)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    manager = ctx.pages_manager
    name = manager.intended_page_name
    if isinstance(name, str) and name.strip("/"):
        st.session_state[PATH_KEY] = name.strip().strip("/")
        return st.session_state[PATH_KEY]
    asked = manager.intended_page_script_hash  # reruns name the page by its id (hash of its path)
    path = st.session_state.get(PATH_KEY)
    if asked and path and calc_hash(path) == asked:
        return path
    return ""


def page_path(requested: str | None, known: set[str]) -> str | None:
    """The requested path when it names no page of the app (and can be a page's path)."""
    if not requested or requested in known or "/" in requested:
        return None
    return requested


def gate_pages(page: Callable[[], None], title: str, url_path: str) -> list[st.Page]:
    """A gate page (sign-in, password change), also at the path the visitor asked for.

    Afterwards the rerun asks for that path's page (a page's id is its url path), so the
    linked page opens. The default page's own path is always "", hence the second entry.
    """
    gates = [st.Page(page, title=title, url_path=url_path)]
    linked = page_path(requested_path(), {url_path})
    if linked:
        gates.append(st.Page(page, title=title, url_path=linked, visibility="hidden"))
    return gates


def not_found_page(path: str) -> Callable[[], None]:
    """A page callable: the message for an address that is no page, with a way back."""

    def page() -> None:
        st.title(t("link.not_found_title"))
        st.warning(t("link.not_found", path=path))
        st.page_link("pages/overview.py", label=t("link.back"), icon=":material/dashboard:")

    return page


def open_default_by_name(name: str) -> None:
    """Have the default page's own name open it: its path is "/", so Streamlit would answer
    /overview with its English "Page not found" dialog (and forbids a second page there)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    manager = ctx.pages_manager
    asked = manager.intended_page_name
    if isinstance(asked, str) and asked.strip().strip("/") == name:
        manager.set_script_intent("", "")


def keep_link_for_sign_in() -> None:
    """Remember the linked view of a signed-out visitor until they have signed in."""
    linked = {k: st.query_params[k] for k in URL_KEYS if k in st.query_params}
    if linked:
        st.session_state[PENDING_KEY] = linked


def period_code(period: Period) -> str:
    """The period as the URL writes it: 2024, 2024-Q2, 2024-03 or 2024-W05."""
    s = period.start
    if period.kind == "year":
        return str(s.year)
    if period.kind == "quarter":
        return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
    if period.kind == "month":
        return f"{s.year}-{s.month:02d}"
    year, week, _ = s.isocalendar()
    return f"{year}-W{week:02d}"


def _own_place(user: User, names: dict[str, str]) -> str:
    """The name of the user's own place."""
    own = names.get(user.city_adcode or "", "")
    return own + (names.get(user.county_adcode, "") if user.county_adcode else "")


def _in_scope(row: pd.Series, user: User) -> bool:
    """Whether a user's scope lets them choose this place."""
    if user.city_adcode is None or row["level"] == "province":
        return True
    if row["level"] == "city":
        return row["adcode"] == user.city_adcode and user.county_adcode is None
    if row["city_adcode"] != user.city_adcode:
        return False
    return user.county_adcode in (None, row["adcode"])


def _apply_place(code: str, regions: pd.DataFrame, user: User) -> None:
    """Preset the place pickers for a linked adcode, within the user's scope."""
    rows = regions[regions["adcode"] == code]
    if rows.empty:
        st.info(t("link.invalid", what=t("link.what.place"), value=code))
        return
    row = rows.iloc[0]
    if not _in_scope(row, user):
        names = dict(zip(regions["adcode"], regions["name"], strict=True))
        st.info(t("link.out_of_scope", place=row["name"], own=_own_place(user, names)))
        st.session_state["city"] = user.city_adcode
        if user.county_adcode:
            st.session_state[f"county_{user.city_adcode}"] = user.county_adcode
        return
    if row["level"] == "province":
        st.session_state["city"] = code
    elif row["level"] == "city":
        st.session_state["city"] = code
        st.session_state[f"county_{code}"] = code
    else:
        st.session_state["city"] = row["city_adcode"]
        st.session_state[f"county_{row['city_adcode']}"] = code


def apply_link(
    kinds: tuple[str, ...],
    period_options: Callable[[str], list[Period]],
    regions: pd.DataFrame,
    user: User,
) -> None:
    """Preset the sidebar from a link opened now (not from the view this session wrote).

    period_options(kind) lists the periods a kind offers; invalid values get a notice.
    """
    linked = {k: st.query_params[k] for k in URL_KEYS if k in st.query_params}
    linked = st.session_state.pop(PENDING_KEY, {}) | linked
    if not linked or linked == st.session_state.get(WRITTEN_KEY):
        return
    kind = linked.get("kind")
    if kind is not None and kind not in kinds:
        st.info(t("link.invalid", what=t("link.what.kind"), value=kind))
        kind = None
    if kind is not None:
        st.session_state["period_kind"] = kind
    code = linked.get("period")
    if code is not None:
        kind = kind or st.session_state.get("period_kind", kinds[0])
        match = [p for p in period_options(kind) if period_code(p) == code]
        if match:
            want(f"period_{kind}", match[0])
        else:
            st.info(t("link.invalid", what=t("link.what.period"), value=code))
    if "place" in linked:
        _apply_place(linked["place"], regions, user)
    if "metric" in linked:
        st.session_state[METRIC_KEY] = linked["metric"]


def write_link(period: Period, place_adcode: str) -> None:
    """Put the sidebar's period and place into the address bar."""
    view = {"kind": period.kind, "period": period_code(period), "place": place_adcode}
    metric = st.query_params.get("metric")
    if metric is not None and st.session_state.get(WRITTEN_KEY, {}).get("metric") == metric:
        view["metric"] = metric
    _write(view)


def _write(view: dict[str, str]) -> None:
    """Set the URL's view keys to exactly `view` and remember it."""
    for key in URL_KEYS:
        if key not in view and key in st.query_params:
            del st.query_params[key]
    for key, value in view.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    st.session_state[WRITTEN_KEY] = dict(view)


def want(key: str, value: object) -> None:
    """Ask a widget that has a default index to start at a linked value.

    Its state is dropped and `linked_index` gives the index: setting the state of a widget
    with a default makes Streamlit warn on screen.
    """
    st.session_state.pop(key, None)
    st.session_state[f"link_want_{key}"] = value


def linked_index(key: str, options: Sequence[object], default: int) -> int:
    """The index a widget starts at: the linked value's, else its default."""
    value = st.session_state.pop(f"link_want_{key}", None)
    return options.index(value) if value in options else default


def linked_metric(prefix: str, keys: list[str]) -> None:
    """Preset a map's metric picker from a link; an unknown metric gets a notice."""
    metric = st.session_state.pop(METRIC_KEY, None)
    if metric is None:
        return
    if metric in keys:
        want(f"{prefix}_metric", metric)
    else:
        st.info(t("link.invalid", what=t("link.what.metric"), value=metric))


def write_metric(metric: str) -> None:
    """Put the map's metric into the address bar beside the sidebar's view."""
    _write(dict(st.session_state.get(WRITTEN_KEY, {})) | {"metric": metric})
