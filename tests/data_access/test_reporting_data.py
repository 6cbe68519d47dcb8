"""报送情况 queries on SQLite and PostgreSQL: the days with rows, the city scope, and lateness
from the import history (the demo's late files, a real late import, an undone one)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, text

from data_access import reporting
from data_access.aggregate import Place
from data_access.intake.cadences import CADENCES
from data_access.intake.history import import_history, undoable_files
from data_access.intake.pipeline import import_file
from data_access.intake.specs import DATASETS
from data_access.intake.undo import undo_import
from data_access.scope import set_visible_city
from metrics import periods
from services.reporting_view import missing_reports, reporting_status
from tests.data_access.intake_support import intake_engine  # noqa: F401 - fixture

D = dt.date
END_2024 = D(2024, 12, 31)
PROVINCE = Place("440000", "province")


def test_every_dataset_states_its_cadence() -> None:
    assert set(CADENCES) == set(DATASETS)
    plaques, volunteer = CADENCES["plaque_removal"].cadence, CADENCES["volunteer_service"].cadence
    assert plaques is not None and volunteer is not None  # both are checked on a schedule
    assert plaques.kind == "week"
    assert volunteer.kind == "month"


def test_last_days_are_the_facts(engine: Engine) -> None:
    week51 = (D(2024, 12, 16), D(2024, 12, 22))
    got = reporting.last_days.uncached(
        engine, "plaque_removal", "removed_on", (week51, (None, END_2024))
    )
    with engine.connect() as conn:
        direct = conn.execute(
            text(
                "SELECT COUNT(DISTINCT adcode) FROM plaque_removal "
                "WHERE removed_on BETWEEN :a AND :b"
            ),
            {"a": week51[0], "b": week51[1]},
        ).scalar()
        latest = dict(
            conn.execute(
                text(
                    "SELECT adcode, MAX(removed_on) FROM plaque_removal "
                    "WHERE removed_on <= :d GROUP BY adcode"
                ),
                {"d": END_2024},
            ).all()
        )
    assert len(got) == 124
    reported = got[got["r0"].notna()]
    assert len(reported) == direct == 124 - 4  # four county units did not report week 51
    assert set(reported["r0"]) == {D(2024, 12, 20)}
    assert {a: str(d) for a, d in zip(got["adcode"], got["r1"], strict=True)} == {
        a: str(d)[:10] for a, d in latest.items()
    }


def test_a_city_scope_keeps_other_cities_out(engine: Engine) -> None:
    try:
        set_visible_city("440100")
        mine = reporting.reporting_places(engine)
        reports = reporting_status(engine, END_2024, PROVINCE)
    finally:
        set_visible_city(None)
    assert len(mine) == 11 and set(mine["city_adcode"]) == {"440100"}
    assert set(reports[0].statuses["city_adcode"]) == {"440100"}
    assert len(reporting.reporting_places(engine)) == 124  # every county unit again


def test_demo_mix_at_the_end_of_2024(engine: Engine) -> None:
    reports = {d.rule.dataset: d for d in reporting_status(engine, END_2024, PROVINCE)}
    plaques = reports["plaque_removal"]
    assert plaques.latest_due == periods.iso_week(2024, 51)
    week50 = plaques.statuses[plaques.statuses["period"] == periods.iso_week(2024, 50)]
    assert week50["status"].value_counts().to_dict() == {"on_time": 120, "late": 3, "missing": 1}
    alerts = missing_reports(list(reports.values()), END_2024)
    assert len(alerts) == 7 and (alerts["status"] == "red").sum() == 2
    red = alerts[(alerts["dataset"] == "plaque_removal") & (alerts["status"] == "red")].iloc[0]
    assert red["adcode"] == "440113" and red["since"] == periods.iso_week(2024, 49)
    assert red["run"] == 3 and not red["never"]
    assert plaques.data_as_of["440113"] == D(2024, 11, 29)  # its own last Friday


def test_demo_late_files_are_in_the_import_history(engine: Engine) -> None:
    late = reporting.first_imports.uncached(
        engine, "plaque_removal", D(2024, 12, 9), D(2024, 12, 15)
    )
    assert len(late) == 3 and set(late["imported"]) == {D(2024, 12, 19)}
    assert set(late["day"]) == {D(2024, 12, 13)}
    for dataset in ("plaque_removal", "volunteer_service"):  # not a file anyone can undo
        assert import_history(engine, dataset).empty
        assert undoable_files(engine, dataset) == []


PLAQUES = "地区,填报日期,摘除牌子数\n440103,2024-12-13,5\n"


@pytest.fixture(scope="module")
def late_import(intake_engine: Engine) -> int:  # noqa: F811 - the fixture above
    """A plaque file of week 50 of 2024 for 荔湾区, imported today (long after it was due)."""
    _, result = import_file(
        intake_engine, "plaque_removal", "w50.csv", PLAQUES.encode(), imported_by="t"
    )
    return result.import_id


def test_a_file_imported_after_the_due_day_is_late(
    intake_engine: Engine,  # noqa: F811
    late_import: int,
) -> None:
    first = reporting.first_imports.uncached(
        intake_engine, "plaque_removal", D(2024, 12, 9), D(2024, 12, 15)
    )
    assert first[["adcode", "day"]].values.tolist() == [["440103", D(2024, 12, 13)]]
    assert first["imported"].iloc[0] == dt.date.today()
    reports = reporting_status(intake_engine, END_2024, Place("440100", "city"))
    status = reports[0].statuses.set_index(["adcode", "period"])["status"]
    assert status[("440103", periods.iso_week(2024, 50))] == "late"
    assert status[("440103", periods.iso_week(2024, 51))] == "missing"
    assert status[("440104", periods.iso_week(2024, 50))] == "missing"
    alerts = missing_reports(reports, END_2024).set_index("adcode")
    assert alerts.loc["440103", "status"] == "yellow"  # one week missing, since week 51
    assert alerts.loc["440103", "since"] == periods.iso_week(2024, 51)
    never = alerts.loc["440104"]  # never reported: since the dataset's first week
    assert never["never"] and never["since"] == periods.iso_week(2024, 50)
    assert never["status"] == "red" and never["run"] == 2


def test_an_undone_import_leaves_no_report(
    intake_engine: Engine,  # noqa: F811
    late_import: int,
) -> None:
    undo_import(intake_engine, late_import, undone_by="t")
    first = reporting.first_imports.uncached(
        intake_engine, "plaque_removal", D(2024, 12, 9), D(2024, 12, 15)
    )
    assert first.empty
    assert reporting.first_day.uncached(intake_engine, "plaque_removal", "removed_on") is None


SUGGESTIONS = (
    "建议编号,征集渠道,建议类别,征集层级,地区,收到日期\n"
    "{id},12345热线,社会治理,县级,{adcode},2024-11-05\n"
)


@pytest.fixture(scope="module")
def suggestion_imports(intake_engine: Engine) -> list[int]:  # noqa: F811 - the fixture above
    """November 2024 suggestions of 荔湾区, imported today (late), and of 越秀区, whose import
    is dated 5 December 2024 (before the 10th: on time)."""
    files = {a: SUGGESTIONS.format(id=f"RP-{a}", adcode=a) for a in ("440103", "440104")}
    return _late_and_on_time(intake_engine, "suggestion", files)


def _late_and_on_time(engine: Engine, dataset: str, files: dict[str, str]) -> list[int]:
    """Import one file per place (today: late for November), then date the second import
    5 December 2024 (on time); the import ids."""
    ids = []
    for adcode, body in files.items():
        _, result = import_file(engine, dataset, f"{adcode}.csv", body.encode(), imported_by="t")
        ids.append(result.import_id)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE import_log SET imported_at = :day WHERE id = :id"),
            {"day": dt.datetime(2024, 12, 5, 9), "id": ids[1]},
        )
    return ids


def test_suggestions_imported_after_the_10th_are_late(
    intake_engine: Engine,  # noqa: F811
    suggestion_imports: list[int],
) -> None:
    first = reporting.first_record_imports.uncached(
        intake_engine, "suggestion", D(2024, 11, 1), D(2024, 11, 30)
    )
    got = dict(zip(first["adcode"], first["imported"], strict=True))
    assert got == {"440103": dt.date.today(), "440104": D(2024, 12, 5)}
    assert set(first["day"]) == {D(2024, 11, 5)}
    reports = reporting_status(intake_engine, D(2024, 12, 31), Place("440100", "city"))
    suggestions = next(r for r in reports if r.rule.dataset == "suggestion")
    status = suggestions.statuses.set_index(["adcode", "period"])["status"]
    november = periods.month(2024, 11)
    assert status[("440103", november)] == "late"
    assert status[("440104", november)] == "on_time"
    assert status[("440105", november)] == "missing"


def test_an_undone_suggestion_import_is_no_report(
    intake_engine: Engine,  # noqa: F811
    suggestion_imports: list[int],
) -> None:
    undo_import(intake_engine, suggestion_imports[0], undone_by="t")
    first = reporting.first_record_imports.uncached(
        intake_engine, "suggestion", D(2024, 11, 1), D(2024, 11, 30)
    )
    assert set(first["adcode"]) == {"440104"}  # 荔湾区's only import was undone


RECORDS = (
    "记录编号,志愿者编号,地区,服务日期,服务领域,服务时长（小时）\n"
    "VR-{adcode}-1,V-1,{adcode},2024-11-12,社区服务,2.5\n"
    "VR-{adcode}-2,V-2,{adcode},2024-11-20,医疗卫生,3\n"
)


@pytest.fixture(scope="module")
def record_imports(intake_engine: Engine) -> list[int]:  # noqa: F811 - the fixture above
    """November 2024 volunteer records of 荔湾区, imported today (after the 10th of December:
    late), and of 越秀区, whose import is dated 5 December 2024 (on time)."""
    files = {a: RECORDS.format(adcode=a) for a in ("440103", "440104")}
    return _late_and_on_time(intake_engine, "volunteer_record", files)


def test_volunteer_records_report_their_month_and_late_files_are_late(
    intake_engine: Engine,  # noqa: F811
    record_imports: list[int],
) -> None:
    first = reporting.first_record_imports.uncached(
        intake_engine, "volunteer_record", D(2024, 11, 1), D(2024, 11, 30)
    )
    assert sorted(first[["adcode", "day"]].values.tolist()) == [
        ["440103", D(2024, 11, 12)],
        ["440103", D(2024, 11, 20)],
        ["440104", D(2024, 11, 12)],
        ["440104", D(2024, 11, 20)],
    ]
    reports = reporting_status(intake_engine, D(2024, 12, 31), Place("440100", "city"))
    service = next(r for r in reports if r.rule.dataset == "volunteer_service")
    status = service.statuses.set_index(["adcode", "period"])["status"]
    november = periods.month(2024, 11)
    assert status[("440103", november)] == "late"  # its records came in today
    assert status[("440104", november)] == "on_time"  # in on 5 December
    assert status[("440105", november)] == "missing"


def test_an_undone_record_import_is_no_report(
    intake_engine: Engine,  # noqa: F811
    record_imports: list[int],
) -> None:
    undo_import(intake_engine, record_imports[0], undone_by="t")
    first = reporting.first_record_imports.uncached(
        intake_engine, "volunteer_record", D(2024, 11, 1), D(2024, 11, 30)
    )
    assert set(first["adcode"]) == {"440104"}
    reports = reporting_status(intake_engine, D(2024, 12, 31), Place("440100", "city"))
    service = next(r for r in reports if r.rule.dataset == "volunteer_service")
    status = service.statuses.set_index(["adcode", "period"])["status"]
    assert status[("440103", periods.month(2024, 11))] == "missing"  # its records are gone
