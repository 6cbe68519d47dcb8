"""Create or upgrade the schema through Alembic, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect

from config import ROOT


def alembic_config() -> Config:
    """Return the Alembic configuration of this project."""
    return Config(str(ROOT / "alembic.ini"))


def upgrade_schema(engine: Engine) -> None:
    """Bring the database schema to the newest revision."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def has_schema(engine: Engine) -> bool:
    """True when the core tables exist."""
    return inspect(engine).has_table("region")
