"""Entry point: page config, sign-in gate, shared sidebar filters and navigation; nothing else.

`streamlit run app.py` finds the `app = st.App(...)` below and serves this file through it,
with the routes that set and delete the session cookie (ui/session_cookie.py); each script run
(where __name__ is "__main__") only routes.
"""

from __future__ import annotations

import streamlit as st

from data_access.database import get_engine
from data_access.meta import dataset_facts, regions
from ui.auth import account_sidebar, change_password_page, sign_in_page, signed_in_user
from ui.filters import sidebar_filters
from ui.i18n import t
from ui.links import (
    gate_pages,
    keep_link_for_sign_in,
    not_found_page,
    open_default_by_name,
    page_path,
    requested_path,
)
from ui.session_cookie import ROUTES
from ui.startup import server_start, start_export_server

PAGES_WITH_OWN_PERIOD = {"weekly"}  # pages that pick their period on the page itself


def main() -> None:
    """One run: the sign-in gate, then the pages this user may open."""
    st.set_page_config(
        page_title="社会工作数据驾驶舱", page_icon="assets/favicon.png", layout="wide"
    )
    with st.spinner("首次启动：正在准备数据库… / Preparing the database…"):
        engine = get_engine()  # a first start's demo data goes on loading in the background
    facts = dataset_facts(engine)
    user = signed_in_user(engine)
    if user is None:  # signed in at the linked path, so that page opens afterwards
        keep_link_for_sign_in()
        sign_in = gate_pages(sign_in_page(engine, facts["demo"]), t("auth.title"), "sign-in")
        st.navigation(sign_in, position="hidden").run()
        st.stop()
    if user.must_change_password:  # a temporary or expired password: nothing else until changed
        change = gate_pages(change_password_page(engine), t("auth.change_title"), "password")
        st.navigation(change, position="hidden").run()
        st.stop()
    start_export_server()
    pages = {
        t("nav.group.main"): [
            st.Page(
                "pages/overview.py",
                title=t("nav.overview"),
                icon=":material/dashboard:",
                default=True,
                url_path="overview",
            ),
            st.Page(
                "pages/buildout.py",
                title=t("nav.buildout"),
                icon=":material/account_tree:",
                url_path="buildout",
            ),
            st.Page(
                "pages/volunteer.py",
                title=t("nav.volunteer"),
                icon=":material/volunteer_activism:",
                url_path="volunteer",
            ),
            st.Page(
                "pages/associations.py",
                title=t("nav.associations"),
                icon=":material/apartment:",
                url_path="associations",
            ),
            st.Page(
                "pages/signage.py",
                title=t("nav.signage"),
                icon=":material/signpost:",
                url_path="signage",
            ),
            st.Page(
                "pages/suggestions.py",
                title=t("nav.suggestions"),
                icon=":material/forum:",
                url_path="suggestions",
            ),
            st.Page(
                "pages/supervision.py",
                title=t("nav.supervision"),
                icon=":material/notifications_active:",
                url_path="supervision",
            ),
            st.Page(
                "pages/data_intake.py",
                title=t("intake.nav"),
                icon=":material/upload_file:",
                url_path="data-import",
            ),
            st.Page(
                "pages/weekly.py",
                title=t("nav.weekly"),
                icon=":material/calendar_month:",
                url_path="weekly",
            ),
            st.Page(
                "pages/data_notes.py",
                title=t("nav.data_notes"),
                icon=":material/info:",
                url_path="data-notes",
            ),
        ],
        t("nav.group.accounts"): [
            st.Page(
                "pages/my_account.py",
                title=t("nav.my_account"),
                icon=":material/person:",
                url_path="my-account",
            ),
            *(
                [
                    st.Page(
                        "pages/accounts.py",
                        title=t("nav.accounts"),
                        icon=":material/manage_accounts:",
                        url_path="accounts",
                    ),
                    st.Page(
                        "pages/security_log.py",
                        title=t("nav.security_log"),
                        icon=":material/shield:",
                        url_path="security-log",
                    ),
                ]
                if user.can("admin")
                else []
            ),
        ],
    }
    known = {p.url_path for group in pages.values() for p in group} | {"overview"}
    unknown = page_path(requested_path(), known)
    if unknown:  # an address that is no page: our message instead of Streamlit's English dialog
        not_found = st.Page(
            not_found_page(unknown),
            title=t("link.not_found_title"),
            url_path=unknown,
            visibility="hidden",
        )
        pages[t("nav.group.main")].append(not_found)
    open_default_by_name("overview")  # /overview typed by hand opens the overview ("/")
    page = st.navigation(pages, expanded=True)  # every page listed, not "View 3 more"
    sidebar_filters(facts, regions(engine), user, own_period=page.url_path in PAGES_WITH_OWN_PERIOD)
    account_sidebar(engine, user)
    st.sidebar.caption(t("app.title"))
    page.run()


if __name__ == "__main__":  # a script run of this browser tab
    main()
else:  # imported by `streamlit run app.py`: the web server, with the session-cookie routes
    app = st.App("app.py", routes=ROUTES, lifespan=server_start)
