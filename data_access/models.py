"""SQLAlchemy 2.x typed models: regions, the five work areas, import log and dataset facts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of every table."""

    if TYPE_CHECKING:
        # Every model here maps one Table (SQLAlchemy types __table__ as any FromClause).
        __table__: ClassVar[Table]


class Region(Base):
    """An administrative place: the province, a prefecture city or a county-level unit."""

    __tablename__ = "region"
    adcode: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(10))  # province | city | county
    parent_adcode: Mapped[str | None] = mapped_column(String(6))
    city_adcode: Mapped[str | None] = mapped_column(String(6), index=True)
    is_county_unit: Mapped[bool] = mapped_column(Boolean, default=False)
    population_10k: Mapped[float | None] = mapped_column(Float)


class Department(Base):
    """A social work department of the province, a city or a county."""

    __tablename__ = "department"
    adcode: Mapped[str] = mapped_column(ForeignKey("region.adcode"), primary_key=True)
    level: Mapped[str] = mapped_column(String(10))
    established_on: Mapped[dt.date | None] = mapped_column(Date)
    posts_authorised: Mapped[int | None] = mapped_column(Integer)
    posts_filled: Mapped[int | None] = mapped_column(Integer)
    observers: Mapped[int | None] = mapped_column(Integer)


class Milestone(Base):
    """A dated event in the buildout of the departments."""

    __tablename__ = "milestone"
    __table_args__ = (UniqueConstraint("happened_on", "title_zh"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    happened_on: Mapped[dt.date] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(5), default="day")  # day | month
    title_zh: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(300))


class Population(Base):
    """Resident population of a place in a year (10,000 persons), imported as reference data."""

    __tablename__ = "population"
    adcode: Mapped[str] = mapped_column(ForeignKey("region.adcode"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    residents_10k: Mapped[float] = mapped_column(Float)
    urban_residents_10k: Mapped[float | None] = mapped_column(Float)


class SupervisionTarget(Base):
    """A place's target for an indicator in a year, quarter or month (督办目标), imported."""

    __tablename__ = "supervision_target"
    adcode: Mapped[str] = mapped_column(ForeignKey("region.adcode"), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(40), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)  # 2024, 2024-Q2, 2024-03
    target: Mapped[float] = mapped_column(Float)
    direction: Mapped[str] = mapped_column(String(10))  # at_least / at_most


class KeyTaskMilestone(Base):
    """One milestone of a key task (重点任务) in one place: due date and done date, imported."""

    __tablename__ = "key_task_milestone"
    task: Mapped[str] = mapped_column(String(120), primary_key=True)
    adcode: Mapped[str] = mapped_column(ForeignKey("region.adcode"), primary_key=True)
    milestone: Mapped[str] = mapped_column(String(120), primary_key=True)
    lead_office: Mapped[str] = mapped_column(String(80))
    due_on: Mapped[dt.date] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)  # None: not done


class CommunityWorkforce(Base):
    """Community workers and urban permanent residents of a place in a year."""

    __tablename__ = "community_workforce"
    adcode: Mapped[str] = mapped_column(ForeignKey("region.adcode"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_workers: Mapped[int] = mapped_column(Integer)
    urban_residents: Mapped[int] = mapped_column(Integer)


class VolunteerService(Base):
    """Volunteer service of one place on one day in one service field."""

    __tablename__ = "volunteer_service"
    __table_args__ = (Index("ix_volunteer_service_date", "service_date"),)
    adcode: Mapped[str] = mapped_column(ForeignKey("region.adcode"), primary_key=True)
    service_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    field: Mapped[str] = mapped_column(String(20), primary_key=True)
    hours: Mapped[float] = mapped_column(Float)
    volunteers: Mapped[int] = mapped_column(Integer)


class _VolunteerPeriod:
    """Columns shared by the monthly and weekly volunteer rollups."""

    adcode: Mapped[str] = mapped_column(String(6), primary_key=True)
    field: Mapped[str] = mapped_column(String(20), primary_key=True)
    hours: Mapped[float] = mapped_column(Float)
    volunteers: Mapped[int] = mapped_column(Integer)


class VolunteerServiceMonth(_VolunteerPeriod, Base):
    """Monthly totals of volunteer_service per county unit and field, kept by database triggers."""

    __tablename__ = "volunteer_service_month"
    __table_args__ = (
        Index(
            "ix_volunteer_service_month_read",
            "month_start",
            "adcode",
            "field",
            "hours",
            "volunteers",
        ),
    )
    month_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)


class VolunteerServiceWeek(_VolunteerPeriod, Base):
    """ISO-weekly totals of volunteer_service per county unit and field, kept by triggers."""

    __tablename__ = "volunteer_service_week"
    __table_args__ = (
        Index(
            "ix_volunteer_service_week_read",
            "week_start",
            "adcode",
            "field",
            "hours",
            "volunteers",
        ),
    )
    week_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)


class _SuggestionMonth:
    """Columns shared by the monthly suggestion rollups (by received month, county unit)."""

    adcode: Mapped[str] = mapped_column(String(6), primary_key=True)
    month_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    received: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer)
    concluded: Mapped[int] = mapped_column(Integer)
    adopted: Mapped[int] = mapped_column(Integer)
    rated_1: Mapped[int] = mapped_column(Integer)
    rated_2: Mapped[int] = mapped_column(Integer)
    rated_3: Mapped[int] = mapped_column(Integer)
    rated_4: Mapped[int] = mapped_column(Integer)
    rated_5: Mapped[int] = mapped_column(Integer)


class SuggestionMonthChannel(_SuggestionMonth, Base):
    """Suggestions per received month, county unit and channel (kept by triggers)."""

    __tablename__ = "suggestion_month_channel"
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)


class SuggestionMonthCategory(_SuggestionMonth, Base):
    """Suggestions per received month, county unit and category (kept by triggers)."""

    __tablename__ = "suggestion_month_category"
    category: Mapped[str] = mapped_column(String(20), primary_key=True)


class SuggestionMonthLevel(_SuggestionMonth, Base):
    """Suggestions per received month, county unit and collection level (kept by triggers)."""

    __tablename__ = "suggestion_month_level"
    collection_level: Mapped[str] = mapped_column(String(10), primary_key=True)


class SuggestionDaysMonth(Base):
    """Days taken to accept and to conclude, per received month and city (kept by triggers)."""

    __tablename__ = "suggestion_days_month"
    __table_args__ = (
        Index("ix_suggestion_days_month_stage_days", "stage", "days"),
        Index("ix_suggestion_days_month_read", "stage", "month_start", "adcode", "days", "items"),
    )
    adcode: Mapped[str] = mapped_column(String(6), primary_key=True)  # the city
    month_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    stage: Mapped[str] = mapped_column(String(10), primary_key=True)  # acceptance | conclusion
    days: Mapped[int] = mapped_column(Integer, primary_key=True)
    items: Mapped[int] = mapped_column(Integer)


class SuggestionConcludedMonth(Base):
    """Suggestions concluded per month and county unit, and how many met both time limits
    stored in rollup_setting (kept by triggers)."""

    __tablename__ = "suggestion_concluded_month"
    adcode: Mapped[str] = mapped_column(String(6), primary_key=True)
    month_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    concluded: Mapped[int] = mapped_column(Integer)
    on_time: Mapped[int] = mapped_column(Integer)


class SuggestionAcceptedMonth(Base):
    """Suggestions accepted per month (of the acceptance date) and county unit, and how many
    within the acceptance limit stored in rollup_setting (kept by triggers)."""

    __tablename__ = "suggestion_accepted_month"
    adcode: Mapped[str] = mapped_column(String(6), primary_key=True)
    month_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    accepted: Mapped[int] = mapped_column(Integer)
    on_time: Mapped[int] = mapped_column(Integer)


class RollupSetting(Base):
    """Settings the rollup triggers read: the time limits the on-time counts use."""

    __tablename__ = "rollup_setting"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(40))


class Association(Base):
    """An industry association or chamber of commerce."""

    __tablename__ = "association"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(10))  # province | city | county
    adcode: Mapped[str] = mapped_column(ForeignKey("region.adcode"), index=True)
    industry: Mapped[str] = mapped_column(String(20))
    registered_on: Mapped[dt.date] = mapped_column(Date, index=True)
    deregistered_on: Mapped[dt.date | None] = mapped_column(Date)
    has_party_org: Mapped[bool] = mapped_column(Boolean, default=False)


class AssociationSurvey(Base):
    """What the annual survey recorded for one association."""

    __tablename__ = "association_survey"
    association_id: Mapped[int] = mapped_column(ForeignKey("association.id"), primary_key=True)
    survey_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    visited: Mapped[bool] = mapped_column(Boolean, default=False)
    questionnaire: Mapped[bool] = mapped_column(Boolean, default=False)
    issues_collected: Mapped[bool] = mapped_column(Boolean, default=False)
    issue_theme: Mapped[str | None] = mapped_column(String(20))


class PlaqueKind(Base):
    """A kind of plaque or work mechanism hung on villages and communities."""

    __tablename__ = "plaque_kind"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    scope: Mapped[str] = mapped_column(String(10))  # village | mechanism | internal
    name_zh: Mapped[str] = mapped_column(String(100))
    retained: Mapped[bool] = mapped_column(Boolean, default=False)


class PlaqueRemoval(Base):
    """Plaques removed from villages and communities of a place on a reporting date."""

    __tablename__ = "plaque_removal"
    __table_args__ = (Index("ix_plaque_removal_date", "removed_on"),)
    adcode: Mapped[str] = mapped_column(ForeignKey("region.adcode"), primary_key=True)
    removed_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    plaques_removed: Mapped[int] = mapped_column(Integer)


class SignageStatus(Base):
    """Villages, communities and plaque kinds of a county before and after the clean-up."""

    __tablename__ = "signage_status"
    adcode: Mapped[str] = mapped_column(ForeignKey("region.adcode"), primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    villages: Mapped[int] = mapped_column(Integer)
    communities: Mapped[int] = mapped_column(Integer)
    plaque_kinds_before: Mapped[int] = mapped_column(Integer)
    plaque_kinds_now: Mapped[int] = mapped_column(Integer)
    mechanisms_before: Mapped[int] = mapped_column(Integer)
    mechanisms_now: Mapped[int] = mapped_column(Integer)


class ObservationPoint(Base):
    """A burden-reduction observation point (减负观测点): a village or community watched closely."""

    __tablename__ = "observation_point"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    adcode: Mapped[str] = mapped_column(ForeignKey("region.adcode"), index=True)  # county unit
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    established_on: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))  # village | community
    plaques_before: Mapped[int | None] = mapped_column(Integer)
    plaques_now: Mapped[int | None] = mapped_column(Integer)
    mechanisms_before: Mapped[int | None] = mapped_column(Integer)
    mechanisms_now: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)


class Suggestion(Base):
    """One citizen suggestion or suggestion-type petition and how it was handled."""

    __tablename__ = "suggestion"
    __table_args__ = (Index("ix_suggestion_received", "received_on"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(String(40), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(20))
    collection_level: Mapped[str] = mapped_column(String(10))
    # No foreign key: the importer checks every place against the region table before it
    # writes (migration 0020), and the key's check per row was half of a big insert on
    # PostgreSQL.
    adcode: Mapped[str] = mapped_column(String(6), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    accepted_on: Mapped[dt.date | None] = mapped_column(Date)
    concluded_on: Mapped[dt.date | None] = mapped_column(Date)
    adopted: Mapped[bool] = mapped_column(Boolean, default=False)
    satisfaction: Mapped[int | None] = mapped_column(Integer)


class ImportLog(Base):
    """One load of data into the database: who, when, what file, how many rows."""

    __tablename__ = "import_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dataset: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(255))
    file_hash: Mapped[str] = mapped_column(String(64))
    imported_by: Mapped[str] = mapped_column(String(80))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    rows_accepted: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)
    scope_adcode: Mapped[str | None] = mapped_column(String(6))  # the importer's scope


class DatasetInfo(Base):
    """Key facts about the loaded data: demo flag, data-as-of date, reference year."""

    __tablename__ = "dataset_info"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class UserAccount(Base):
    """A local account: hashed password, role, scope (a city or county), lockout state."""

    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))  # viewer | editor | admin
    scope_adcode: Mapped[str | None] = mapped_column(String(6))  # None: the whole province
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Lower case; a single sign-on identity with this verified e-mail signs in as this account.
    email: Mapped[str | None] = mapped_column(String(200), unique=True)


class UserSession(Base):
    """A signed-in browser: only hashes of its token and one-time code; revocable."""

    __tablename__ = "user_session"
    __table_args__ = (
        UniqueConstraint("token_hash", name="uq_user_session_token"),
        UniqueConstraint("claim_hash", name="uq_user_session_claim"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str | None] = mapped_column(String(64))
    claim_hash: Mapped[str | None] = mapped_column(String(64))
    claim_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)  # last seen + idle minutes
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(64))


class SecurityEvent(Base):
    """One security-relevant event: who, when, from where, what (append-only)."""

    __tablename__ = "security_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str | None] = mapped_column(String(80), index=True)  # who acted
    event: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str | None] = mapped_column(String(200))  # the account, file or import
    detail: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(String(64))


class ImportPlace(Base):
    """A place whose rows one import wrote, with its city: who may see the import."""

    __tablename__ = "import_place"
    import_id: Mapped[int] = mapped_column(ForeignKey("import_log.id"), primary_key=True)
    adcode: Mapped[str] = mapped_column(String(6), primary_key=True)
    city_adcode: Mapped[str | None] = mapped_column(String(6), index=True)


class ImportPlaceDay(Base):
    """A place and day whose rows one import wrote (datasets keyed by record: suggestions and
    volunteer records): when each place first reported each day, without the change log."""

    __tablename__ = "import_place_day"
    # one dataset's imports' days without the other datasets' rows (0019)
    __table_args__ = (Index("ix_import_place_day_import_day", "import_id", "day", "adcode"),)
    import_id: Mapped[int] = mapped_column(ForeignKey("import_log.id"), primary_key=True)
    adcode: Mapped[str] = mapped_column(String(6), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True, index=True)


class ImportRevision(Base):
    """What became of one file import: its status, what it revised and its row counts."""

    __tablename__ = "import_revision"
    import_id: Mapped[int] = mapped_column(ForeignKey("import_log.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(12))  # committed|partial|unchanged|rejected|undone
    revision_of: Mapped[int | None] = mapped_column(Integer)
    rows_inserted: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0)
    undone_by: Mapped[str | None] = mapped_column(String(80))
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ImportChange(Base):
    """One row an import inserted or replaced, with the previous row (JSON) to undo it."""

    __tablename__ = "import_change"
    __table_args__ = (Index("ix_import_change_key", "dataset", "natural_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("import_log.id"), index=True)
    dataset: Mapped[str] = mapped_column(String(40))
    natural_key: Mapped[str] = mapped_column(String(400))
    previous: Mapped[str | None] = mapped_column(Text)  # null: the import inserted the row


class VolunteerRecord(Base):
    """One volunteer service record as reported; volunteer_service is its daily rollup."""

    __tablename__ = "volunteer_record"
    source_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    volunteer_id: Mapped[str] = mapped_column(String(64))  # opaque or hashed, never a name
    # No foreign keys: the importer checks every place against the region table before it
    # writes, and per-row key checks would double the cost of a bulk insert on PostgreSQL.
    adcode: Mapped[str] = mapped_column(String(6))
    service_date: Mapped[dt.date] = mapped_column(Date)
    field: Mapped[str] = mapped_column(String(20))
    hours: Mapped[float] = mapped_column(Float)
    import_id: Mapped[int | None] = mapped_column(Integer, index=True)  # the import that wrote it


# Indexes of the timeliness and backlog queries on the suggestion table (1 M rows and more):
# they cover the open-item queries, which read only these four columns.
_S = Suggestion
Index("ix_suggestion_accepted", _S.accepted_on, _S.received_on, _S.concluded_on, _S.adcode)
Index("ix_suggestion_concluded", _S.concluded_on, _S.received_on, _S.accepted_on, _S.adcode)
Index("ix_suggestion_adcode_received", Suggestion.adcode, Suggestion.received_on)
