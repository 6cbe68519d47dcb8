"""Create or upgrade the schema through Alembic, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from config import ROOT

if TYPE_CHECKING:
    from alembic.config import Config

VERSIONS = ROOT / "data_access" / "migrations" / "versions"
_ASSIGNMENT = re.compile(
    r"^(revision|down_revision|depends_on)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE
)


def alembic_config() -> Config:
    """Return the Alembic configuration of this project."""
    from alembic.config import Config

    return Config(str(ROOT / "alembic.ini"))


def upgrade_schema(engine: Engine) -> None:
    """Bring the database schema to the newest revision (without loading Alembic and every
    migration when the database already stands at the heads: 0.2-0.5 s of each command)."""
    if stored_revisions(engine) == migration_heads():
        return
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def migration_heads() -> frozenset[str] | None:
    """The head revisions of the migration files, read as text (None when a file does not
    state its revisions plainly: then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted(VERSIONS.glob("*.py")):
        found = {m[1]: m[2] for m in _ASSIGNMENT.finditer(path.read_text("utf-8"))}
        if "revision" not in found or "down_revision" not in found:
            return None
        try:
            revision = ast.literal_eval(found["revision"].split("#")[0].strip())
            down = ast.literal_eval(found["down_revision"].split("#")[0].strip())
            needs = ast.literal_eval(found.get("depends_on", "None").split("#")[0].strip())
        except (ValueError, SyntaxError):
            return None
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        for before in (down, needs):  # a dependency is an ancestor to Alembic too
            parents.update([before] if isinstance(before, str) else before or ())
    return frozenset(revisions - parents) or None


def stored_revisions(engine: Engine) -> frozenset[str] | None:
    """The revisions the database's alembic_version table holds (None without the table)."""
    if not inspect(engine).has_table("alembic_version"):
        return None
    with engine.connect() as conn:
        return frozenset(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def has_schema(engine: Engine) -> bool:
    """True when the core tables exist."""
    return inspect(engine).has_table("region")
