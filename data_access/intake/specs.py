"""The registry of importable datasets (one DatasetSpec each, defined per area in datasets/)."""

from __future__ import annotations

from data_access.intake.columns import (  # re-exported for older imports of these names
    Column,
    DatasetSpec,
    example_value,
    header_keys,
    normalise_header,
)
from data_access.intake.datasets.association import ASSOCIATION
from data_access.intake.datasets.buildout import COMMUNITY_WORKFORCE, DEPARTMENT, MILESTONE
from data_access.intake.datasets.key_task import KEY_TASK
from data_access.intake.datasets.population import POPULATION
from data_access.intake.datasets.signage import OBSERVATION_POINT, PLAQUE_REMOVAL, SIGNAGE_STATUS
from data_access.intake.datasets.suggestion import SUGGESTION
from data_access.intake.datasets.supervision import SUPERVISION_TARGET
from data_access.intake.datasets.volunteer import VOLUNTEER_RECORD, VOLUNTEER_SERVICE

__all__ = [
    "DATASETS",
    "Column",
    "DatasetSpec",
    "dataset_named",
    "example_value",
    "header_keys",
    "normalise_header",
]

DATASETS: dict[str, DatasetSpec] = {
    spec.key: spec
    for spec in (
        VOLUNTEER_SERVICE,
        VOLUNTEER_RECORD,
        SUGGESTION,
        ASSOCIATION,
        DEPARTMENT,
        MILESTONE,
        COMMUNITY_WORKFORCE,
        PLAQUE_REMOVAL,
        SIGNAGE_STATUS,
        OBSERVATION_POINT,
        POPULATION,
        SUPERVISION_TARGET,
        KEY_TASK,
    )
}


def dataset_named(name: str) -> DatasetSpec | None:
    """The dataset of a key or an older name (e.g. plaque_removals), None when unknown."""
    if name in DATASETS:
        return DATASETS[name]
    return next((s for s in DATASETS.values() if name in s.aliases), None)
