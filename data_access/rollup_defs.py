"""Monthly and weekly rollups kept by database triggers: what each holds, and the SQL that keeps it.

Every rollup adds up rows of one fact table per calendar month and a few keys. Triggers on the
fact table add a new row's share and subtract an old row's share in the same statement that
writes the row, so every writer (importer, undo, demo load, rebuild, a hand-written UPDATE)
keeps the rollups exact without knowing they exist. The same definitions build the triggers,
the backfill and the rebuild, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, inspect

from data_access.frames import tuples_frame

LIMIT_KEYS = ("acceptance_limit_days", "conclusion_limit_days")
BULK_MIN_ROWS = 20_000  # a write this big (and a quarter of the table) recomputes instead


@dataclass(frozen=True)
class Rollup:
    """One rollup table: its keys and values as SQL over a fact row aliased `{r}`."""

    table: str
    source: str
    date: str  # the fact column whose month is the rollup's month_start
    keys: dict[str, str]
    values: dict[str, str]
    where: str  # which fact rows count
    empty: str  # when a rollup row holds nothing and is removed
    grain: str = "month"  # month | week (ISO, Monday first)

    @property
    def period_col(self) -> str:
        """The rollup's column holding the first day of the month or week."""
        return f"{self.grain}_start"


def _flag(condition: str) -> str:
    """1 when a condition on the row holds, else 0."""
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def _days(later: str, earlier: str) -> str:
    """Whole days between two date columns of the row (dialect filled in later)."""
    return f"{{days:{later}:{earlier}}}"


def _limit(key: str) -> str:
    """A time limit in days as stored in rollup_setting."""
    return f"(SELECT CAST(s.value AS INTEGER) FROM rollup_setting s WHERE s.key = '{key}')"


_SUGGESTION_VALUES = {
    "received": "1",
    "accepted": _flag("{r}.accepted_on IS NOT NULL"),
    "concluded": _flag("{r}.concluded_on IS NOT NULL"),
    "adopted": _flag("{r}.adopted"),
    **{f"rated_{k}": _flag(f"{{r}}.satisfaction = {k}") for k in range(1, 6)},
}
_CITY = "(SELECT COALESCE(g.city_adcode, g.adcode) FROM region g WHERE g.adcode = {r}.adcode)"
_CITY_JOINED = "COALESCE(g.city_adcode, g.adcode)"  # the same, from a join with region g

ROLLUPS: tuple[Rollup, ...] = (
    *(
        Rollup(
            f"volunteer_service_{grain}",
            "volunteer_service",
            "service_date",
            {"adcode": "{r}.adcode", "field": "{r}.field"},
            {"hours": "{r}.hours", "volunteers": "{r}.volunteers"},
            "1 = 1",
            "volunteers = 0 AND hours < 1e-6 AND hours > -1e-6",
            grain=grain,
        )
        for grain in ("month", "week")
    ),
    *(
        Rollup(
            f"suggestion_month_{name}",
            "suggestion",
            "received_on",
            {"adcode": "{r}.adcode", column: f"{{r}}.{column}"},
            _SUGGESTION_VALUES,
            "1 = 1",
            "received = 0",
        )
        for name, column in (
            ("channel", "channel"),
            ("category", "category"),
            ("level", "collection_level"),
        )
    ),
    Rollup(
        "suggestion_days_month",
        "suggestion",
        "received_on",
        {"adcode": _CITY, "stage": "'acceptance'", "days": _days("accepted_on", "received_on")},
        {"items": "1"},
        "{r}.accepted_on IS NOT NULL",
        "items = 0",
    ),
    Rollup(
        "suggestion_days_month",
        "suggestion",
        "received_on",
        {"adcode": _CITY, "stage": "'conclusion'", "days": _days("concluded_on", "accepted_on")},
        {"items": "1"},
        "{r}.accepted_on IS NOT NULL AND {r}.concluded_on IS NOT NULL",
        "items = 0",
    ),
    Rollup(
        "suggestion_concluded_month",
        "suggestion",
        "concluded_on",
        {"adcode": "{r}.adcode"},
        {
            "concluded": "1",
            "on_time": _flag(
                f"{_days('accepted_on', 'received_on')} <= {_limit(LIMIT_KEYS[0])} AND "
                f"{_days('concluded_on', 'accepted_on')} <= {_limit(LIMIT_KEYS[1])}"
            ),
        },
        "{r}.concluded_on IS NOT NULL",
        "concluded = 0",
    ),
    Rollup(
        "suggestion_accepted_month",
        "suggestion",
        "accepted_on",
        {"adcode": "{r}.adcode"},
        {
            "accepted": "1",
            "on_time": _flag(f"{_days('accepted_on', 'received_on')} <= {_limit(LIMIT_KEYS[0])}"),
        },
        "{r}.accepted_on IS NOT NULL",
        "accepted = 0",
    ),
)
SOURCES = ("volunteer_service", "suggestion")


def _sql(template: str, row: str, dialect: str) -> str:
    """Fill in the row alias and the dialect's month and day-difference expressions."""
    out = template.replace("{r}", row)
    while "{days:" in out:
        head, rest = out.split("{days:", 1)
        spec, tail = rest.split("}", 1)
        later, earlier = spec.split(":")
        if dialect == "postgresql":
            diff = f"({row}.{later} - {row}.{earlier})"
        else:
            diff = f"CAST(round(julianday({row}.{later}) - julianday({row}.{earlier})) AS INTEGER)"
        out = head + diff + tail
    return out


def _start(column: str, grain: str, dialect: str) -> str:
    """The first day of the month or ISO week of a date column."""
    if dialect == "postgresql":
        return f"CAST(date_trunc('{grain}', {column}) AS DATE)"
    if grain == "week":
        weekday = f"((CAST(strftime('%w', {column}) AS INTEGER) + 6) % 7)"
        return f"date({column}, '-' || {weekday} || ' days')"
    return f"strftime('%Y-%m-01', {column})"


def _upsert(rollup: Rollup, row: str, dialect: str, sign: str) -> str:
    """Add (sign '') or subtract (sign '-') one fact row's share to its rollup row."""
    keys = [rollup.period_col, *rollup.keys]
    key_sql = [_start(f"{row}.{rollup.date}", rollup.grain, dialect)] + [
        _sql(v, row, dialect) for v in rollup.keys.values()
    ]
    value_sql = [f"{sign}({_sql(v, row, dialect)})" for v in rollup.values.values()]
    updates = ", ".join(f"{c} = {rollup.table}.{c} + excluded.{c}" for c in rollup.values)
    return (
        f"INSERT INTO {rollup.table} ({', '.join(keys + list(rollup.values))}) "
        f"SELECT {', '.join(key_sql + value_sql)} "
        f"WHERE {_sql(rollup.where, row, dialect)} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    )


def _drop_empty(rollup: Rollup, row: str, dialect: str) -> str:
    """Remove the rollup row of a fact row when it no longer holds anything."""
    start = _start(f"{row}.{rollup.date}", rollup.grain, dialect)
    match = [f"{rollup.period_col} = {start}"] + [
        f"{k} = {_sql(v, row, dialect)}" for k, v in rollup.keys.items()
    ]
    return f"DELETE FROM {rollup.table} WHERE {' AND '.join(match)} AND {rollup.empty}"


def _statements(
    source: str, operation: str, dialect: str, rollups: tuple[Rollup, ...] = ROLLUPS
) -> list[str]:
    """What a SQLite trigger on `source` runs for an INSERT, UPDATE or DELETE of one row."""
    out: list[str] = []
    for rollup in (r for r in rollups if r.source == source):
        if operation in ("UPDATE", "DELETE"):
            out.append(_upsert(rollup, "OLD", dialect, "-"))
            out.append(_drop_empty(rollup, "OLD", dialect))
        if operation in ("INSERT", "UPDATE"):
            out.append(_upsert(rollup, "NEW", dialect, ""))
    return out


def _set_statements(rollup: Rollup, rows: str, sign: str) -> list[str]:
    """PostgreSQL: add (sign '') or subtract (sign '-') a statement's rows (a transition
    table) to a rollup in one grouped upsert; subtracting also drops rows left empty."""
    columns = [rollup.period_col, *rollup.keys, *rollup.values]
    updates = ", ".join(f"{c} = {rollup.table}.{c} + excluded.{c}" for c in rollup.values)
    out = [
        f"INSERT INTO {rollup.table} ({', '.join(columns)}) "
        f"{computed_sql(rollup, 'postgresql', rows, sign)} "
        f"ON CONFLICT ({', '.join(columns[: 1 + len(rollup.keys)])}) DO UPDATE SET {updates}"
    ]
    if sign:
        keys = [_start(f"f.{rollup.date}", rollup.grain, "postgresql")] + [
            _sql(v, "f", "postgresql") for v in rollup.keys.values()
        ]
        names = columns[: len(keys)]
        touched = ", ".join(f"{k} AS k_{i}" for i, k in enumerate(keys))
        match = " AND ".join(f"{rollup.table}.{n} = k.k_{i}" for i, n in enumerate(names))
        out.append(
            f"DELETE FROM {rollup.table} USING (SELECT DISTINCT {touched} FROM {rows} f "
            f"WHERE {_sql(rollup.where, 'f', 'postgresql')}) k WHERE {match} AND {rollup.empty}"
        )
    return out


_TRANSITIONS = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def _pg_trigger(source: str, op: str, rollups: tuple[Rollup, ...] = ROLLUPS) -> list[str]:
    """PostgreSQL: one statement-level trigger per operation, set-based over the rows the
    statement changed (a bulk upsert of 500,000 rows runs it once, not 500,000 times)."""
    body: list[str] = []
    for rollup in (r for r in rollups if r.source == source):
        if op in ("UPDATE", "DELETE"):
            body += _set_statements(rollup, "old_rows", "-")
        if op in ("INSERT", "UPDATE"):
            body += _set_statements(rollup, "new_rows", "")
    name = f"{source}_rollups_{op.lower()}"
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  "
        + ";\n  ".join(body)
        + ";\n  RETURN NULL;\nEND $$",
        f"CREATE TRIGGER {name} AFTER {op} ON {source} {_TRANSITIONS[op]} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


def trigger_ddl(
    dialect: str, sources: tuple[str, ...] = SOURCES, rollups: tuple[Rollup, ...] = ROLLUPS
) -> list[str]:
    """CREATE statements of the triggers that keep every rollup in step with its facts:
    row-level on SQLite, statement-level over transition tables on PostgreSQL."""
    ddl: list[str] = []
    for source in sources:
        for op in ("INSERT", "UPDATE", "DELETE"):
            if dialect == "postgresql":
                ddl += _pg_trigger(source, op, rollups)
                continue
            body = ";\n  ".join(_statements(source, op, dialect, rollups))
            ddl.append(
                f"CREATE TRIGGER {source}_rollups_{op.lower()} AFTER {op} ON {source} "
                f"FOR EACH ROW BEGIN\n  {body};\nEND"
            )
    return ddl


def drop_trigger_ddl(dialect: str) -> list[str]:
    """DROP statements of the rollup triggers."""
    names = [f"{s}_rollups_{op}" for s in SOURCES for op in ("insert", "update", "delete")]
    if dialect == "postgresql":
        return [f"DROP FUNCTION IF EXISTS {n}() CASCADE" for n in names]
    return [f"DROP TRIGGER IF EXISTS {n}" for n in names]


def computed_sql(
    rollup: Rollup, dialect: str, rows: str | None = None, sign: str = "", joined: bool = True
) -> str:
    """SELECT that computes a rollup's rows from its facts (or from other rows of the same
    shape, e.g. a trigger's transition table; sign '-' negates the sums). A row's city comes
    from a join with the region table (joined, one hash join) or, as a trigger row's does,
    from a subquery per row: the same value, adcode being the region table's key."""
    keys = [rollup.period_col, *rollup.keys]
    key_sql = [_start(f"f.{rollup.date}", rollup.grain, dialect)] + [
        _sql(v, "f", dialect) for v in rollup.keys.values()
    ]
    source = f"{rows or rollup.source} f"
    city = _sql(_CITY, "f", dialect)
    if joined and city in key_sql:
        key_sql = [_CITY_JOINED if k == city else k for k in key_sql]
        source += " LEFT JOIN region g ON g.adcode = f.adcode"
    sums = [f"{sign}SUM({_sql(v, 'f', dialect)})" for v in rollup.values.values()]
    group = ", ".join(str(i) for i in range(1, len(keys) + 1))
    return (
        f"SELECT {', '.join(key_sql + sums)} FROM {source} "
        f"WHERE {_sql(rollup.where, 'f', dialect)} GROUP BY {group}"
    )


def fill_sql(rollup: Rollup, dialect: str) -> str:
    """INSERT … SELECT that computes a rollup from its facts (into an empty table)."""
    columns = [rollup.period_col, *rollup.keys, *rollup.values]
    return f"INSERT INTO {rollup.table} ({', '.join(columns)}) {computed_sql(rollup, dialect)}"


def mismatches(conn: Connection) -> dict[str, int]:
    """Per rollup table, how many rows differ from what its facts give (empty: all exact)."""
    import pandas as pd

    out: dict[str, int] = {}
    for table in dict.fromkeys(r.table for r in ROLLUPS):
        parts = [r for r in ROLLUPS if r.table == table]
        columns = [parts[0].period_col, *parts[0].keys, *parts[0].values]
        keys = columns[: 1 + len(parts[0].keys)]

        def frame(sql: str, columns: list[str] = columns) -> pd.DataFrame:
            rows = conn.exec_driver_sql(sql).all()
            df = tuples_frame(rows, columns)
            df[columns[0]] = df[columns[0]].astype(str)
            return df

        expected = pd.concat(  # the per-row subquery form: a check independent of the join
            [frame(computed_sql(r, conn.dialect.name, joined=False)) for r in parts]
        )
        stored = frame(f"SELECT {', '.join(columns)} FROM {table}")
        both = expected.merge(stored, on=keys, how="outer", suffixes=("", "_stored"))
        values = list(parts[0].values)
        differs = pd.Series(False, index=both.index)
        for v in values:
            a = pd.to_numeric(both[v]).astype(float)
            b = pd.to_numeric(both[f"{v}_stored"]).astype(float)
            differs |= ~((a - b).abs() <= 1e-6)
        if int(differs.sum()):
            out[table] = int(differs.sum())
    return out


# PostgreSQL settings of a rebuild: its grouped scans of a whole fact table cost enough to be
# JIT-compiled (0.2-0.5 s a statement, more than the scan itself), and sort to disk within the
# default 4 MB. Set for the rebuild only, inside the caller's transaction, then put back.
_REBUILD_SETTINGS = {"jit": "off", "work_mem": "64MB"}


def rebuild(conn: Connection, tables: set[str] | None = None) -> None:
    """Recompute rollup tables (all, or those named) from their facts."""
    dialect = conn.dialect.name
    chosen = [r for r in ROLLUPS if tables is None or r.table in tables]
    before: dict[str, str] = {}
    if dialect == "postgresql":
        for name, value in _REBUILD_SETTINGS.items():
            before[name] = conn.exec_driver_sql(f"SHOW {name}").scalar_one()
            conn.exec_driver_sql("SELECT set_config(%(n)s, %(v)s, true)", {"n": name, "v": value})
    for table in dict.fromkeys(r.table for r in chosen):
        conn.exec_driver_sql(f"DELETE FROM {table}")
    for rollup in chosen:
        conn.exec_driver_sql(fill_sql(rollup, dialect))
    for name, value in before.items():
        conn.exec_driver_sql("SELECT set_config(%(n)s, %(v)s, true)", {"n": name, "v": value})


def install(conn: Connection) -> None:
    """Create the triggers and fill every rollup from the facts already there (only the
    rollups whose tables exist: an early migration runs before later rollups' tables)."""
    dialect = conn.dialect.name
    existing = set(inspect(conn).get_table_names())
    live = tuple(r for r in ROLLUPS if r.table in existing)
    for statement in drop_trigger_ddl(dialect) + trigger_ddl(dialect, rollups=live):
        conn.exec_driver_sql(statement)
    rebuild(conn, {r.table for r in live})


@contextmanager
def triggers_suspended(conn: Connection) -> Iterator[None]:
    """For bulk loads inside one transaction: drop the triggers, let the caller write, then
    recompute every rollup set-based and put the triggers back (before anyone else writes:
    the transaction holds the write lock)."""
    dialect = conn.dialect.name
    for statement in drop_trigger_ddl(dialect):
        conn.exec_driver_sql(statement)
    yield
    install(conn)


@contextmanager
def triggers_off(conn: Connection, source: str) -> Iterator[None]:
    """Inside the caller's transaction: the rollup triggers of `source` do nothing during the
    block (PostgreSQL: disabled, readers are not blocked; SQLite: dropped and put back). The
    caller keeps the rollups exact itself."""
    dialect = conn.dialect.name
    names = [f"{source}_rollups_{op}" for op in ("insert", "update", "delete")]
    for name in names:
        if dialect == "postgresql":
            conn.exec_driver_sql(f"ALTER TABLE {source} DISABLE TRIGGER {name}")
        else:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    yield
    if dialect == "postgresql":
        for name in names:
            conn.exec_driver_sql(f"ALTER TABLE {source} ENABLE TRIGGER {name}")
    else:
        for statement in trigger_ddl(dialect, (source,)):
            conn.exec_driver_sql(statement)


@contextmanager
def bulk_writes(conn: Connection, source: str, rows: int) -> Iterator[None]:
    """Around a big write to a fact table: when it touches at least BULK_MIN_ROWS rows and a
    quarter of the table, the table's rollup triggers stay off during the write and its
    rollups are recomputed set-based afterwards, in the same transaction (faster than the
    triggers' work per row: on PostgreSQL about 0.3 ms a suggestion). Smaller writes leave it
    to the triggers."""
    if source not in SOURCES or rows < BULK_MIN_ROWS:
        yield
        return
    existing = conn.exec_driver_sql(f"SELECT COUNT(*) FROM {source}").scalar_one()
    if rows * 4 < existing:
        yield
        return
    from data_access.intake.phases import phase

    with triggers_off(conn, source):
        yield
        with phase("rollups"):
            rebuild(conn, {r.table for r in ROLLUPS if r.source == source})
