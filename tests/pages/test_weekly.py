"""The weekly review page under AppTest."""

from sqlalchemy import Engine

from metrics import periods
from tests.pages.apptest import run_app


def test_weekly_page_defaults_to_the_latest_complete_week(sqlite_engine: Engine) -> None:
    at = run_app("pages/weekly.py")
    assert at.selectbox(key="review_week").value == periods.iso_week(2025, 52)
    assert "2025年第52周" in at.code[0].value


def test_weekly_page_for_week_48(sqlite_engine: Engine) -> None:
    at = run_app("pages/weekly.py", review_week=periods.iso_week(2024, 48))
    summary = at.code[0].value
    assert "收到人民建议1,782件" in summary
    table = at.dataframe[0].value
    assert "1,782" in table.to_string()


def test_presentation_mode_hides_the_briefing_buttons(sqlite_engine: Engine) -> None:
    at = run_app("pages/weekly.py", present=True)
    assert not [b for b in at.get("download_button") if "简报" in str(b.proto.label)]


def test_weekly_alerts_section_names_the_places_turned_red(sqlite_engine: Engine) -> None:
    from config import get_settings
    from data_access.aggregate import Place
    from data_access.meta import regions
    from services.weekly import red_places

    week = periods.iso_week(2024, 48)
    at = run_app("pages/weekly.py", review_week=week)
    places = regions(sqlite_engine)
    names = dict(zip(places["adcode"], places["name"], strict=True))
    province = Place(get_settings().province_adcode, "province")
    now = red_places(sqlite_engine, week.end, province, names)
    before = red_places(sqlite_engine, periods.previous(week).end, province, names)
    red_now = now[now["status"] == "red"].drop_duplicates("adcode")
    was_red = set(before.loc[before["status"] == "red", "adcode"])
    turned = list(red_now.loc[~red_now["adcode"].isin(was_red), "name"])
    assert "预警" in [h.value for h in at.subheader]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["红灯"] == f"{int((now['status'] == 'red').sum())} 条"
    assert metrics["黄灯"] == f"{int((now['status'] == 'yellow').sum())} 条"
    summary = at.code[0].value
    assert turned  # the demo's week 48 has places newly red
    assert "本周新转为红灯：" + "、".join(turned) in [m.value for m in at.markdown]
    assert "本期新转为红灯预警的地区：" + "、".join(turned) + "。" in summary
