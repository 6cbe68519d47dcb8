"""The places of the province in the database: written from the boundary package on first
start or upgrade, whatever the data (a production database has places without any demo)."""

from __future__ import annotations

import logging

from sqlalchemy import Engine, func, insert, select

from data_access.models import DatasetInfo, ImportLog, Region
from data_access.regions import load_region_registry

log = logging.getLogger(__name__)


class ProvinceMismatch(RuntimeError):
    """The database holds another province's places than PROVINCE_ADCODE names."""


def fill_places(engine: Engine, province_adcode: str) -> int:
    """Write the province's places into an empty region table; return the rows written.

    Refuses (ProvinceMismatch) when the table already holds another province.
    """
    with engine.begin() as conn:
        stored = (
            conn.execute(select(Region.adcode).where(Region.level == "province")).scalars().all()
        )
        if stored:
            if province_adcode not in stored:
                raise ProvinceMismatch(
                    f"数据库中的地区属于 {', '.join(stored)}，与 PROVINCE_ADCODE={province_adcode}"
                    f" 不一致 / the database holds the places of {', '.join(stored)}, not "
                    f"{province_adcode}"
                )
            return 0
        registry = load_region_registry(province_adcode)
        rows = registry.astype(object).where(registry.notna(), None).to_dict("records")
        conn.execute(insert(Region), rows)  # type: ignore[arg-type]  # column names are text
    log.info("wrote %d places of %s", len(rows), province_adcode)
    return len(rows)


def holds_no_data(engine: Engine) -> bool:
    """True for a database nobody has loaded or imported anything into yet."""
    with engine.connect() as conn:
        info = conn.execute(select(func.count()).select_from(DatasetInfo)).scalar_one()
        imports = conn.execute(select(func.count()).select_from(ImportLog)).scalar_one()
    return info == 0 and imports == 0
