"""Settings read once from environment variables and `.streamlit/secrets.toml`."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SECRETS_FILE = ROOT / ".streamlit" / "secrets.toml"


def _secrets() -> dict[str, object]:
    """Return the parsed secrets file, or an empty dict when there is none."""
    if SECRETS_FILE.exists():
        with SECRETS_FILE.open("rb") as fh:
            return tomllib.load(fh)
    return {}


def _get(name: str, default: str) -> str:
    """Read one setting: environment first, then secrets, then the default."""
    if name in os.environ and os.environ[name] != "":
        return os.environ[name]
    value = _secrets().get(name)
    return str(value) if value is not None else default


@dataclass(frozen=True)
class Settings:
    """All settings of the dashboard."""

    database_url: str
    province_adcode: str
    data_dir: Path
    cache_dir: Path
    demo_on_empty: bool
    map_tolerance: float
    acceptance_limit_days: int
    conclusion_limit_days: int
    default_language: str
    source_line: str
    session_idle_minutes: int
    lockout_attempts: int
    lockout_minutes: int
    future_date_tolerance_days: int
    supervision_margin: float
    deadline_warning_days: int
    password_expiry_days: int  # 0: passwords never expire
    security_log_retention_days: int  # 0: keep every event

    @property
    def is_sqlite(self) -> bool:
        """True when the database is an embedded SQLite file."""
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the settings, read once per process."""
    data_dir = Path(_get("SOCIAL_WORK_DATA_DIR", str(ROOT / "data")))
    default_db = f"sqlite:///{data_dir / 'social_work.sqlite'}"
    return Settings(
        database_url=_get("DATABASE_URL", default_db),
        province_adcode=_get("PROVINCE_ADCODE", "440000"),
        data_dir=data_dir,
        cache_dir=Path(_get("SOCIAL_WORK_CACHE_DIR", str(data_dir / "cache"))),
        demo_on_empty=_get("DEMO_ON_EMPTY", "1") not in ("0", "false", "no"),
        map_tolerance=float(_get("MAP_TOLERANCE", "0.005")),
        acceptance_limit_days=int(_get("ACCEPTANCE_LIMIT_DAYS", "15")),
        conclusion_limit_days=int(_get("CONCLUSION_LIMIT_DAYS", "60")),
        default_language=_get("DEFAULT_LANGUAGE", "zh"),
        source_line=_get("SOURCE_LINE", "数据来源：社会工作部门统计"),
        session_idle_minutes=int(_get("SESSION_IDLE_MINUTES", "30")),
        lockout_attempts=int(_get("LOCKOUT_ATTEMPTS", "5")),
        lockout_minutes=int(_get("LOCKOUT_MINUTES", "15")),
        future_date_tolerance_days=int(_get("FUTURE_DATE_TOLERANCE_DAYS", "0")),
        # Behind the time-proportional schedule by less than this share of it: yellow, else red.
        supervision_margin=float(_get("SUPERVISION_MARGIN", "0.10")),
        # A suggestion whose time limit runs out within this many days is a yellow alert.
        deadline_warning_days=int(_get("DEADLINE_WARNING_DAYS", "3")),
        password_expiry_days=int(_get("PASSWORD_EXPIRY_DAYS", "0")),
        security_log_retention_days=int(_get("SECURITY_LOG_RETENTION_DAYS", "0")),
    )
