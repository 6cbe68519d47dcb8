"""Every published figure marked 'reproduce' comes out of the database, via the UI's query."""

import pytest
from sqlalchemy import Engine

from data_access.aggregate import Place
from metrics import periods
from services.headline import as_facts_json, headline
from tests.conftest import published_facts


@pytest.fixture(scope="module")
def figures_2024(engine: Engine) -> dict:
    """The headline JSON for 2024, province-wide."""
    return as_facts_json(headline(engine, periods.year(2024), Place("440000", "province")))


def reproduced() -> list[tuple[str, dict]]:
    """The published figures the app must reproduce."""
    facts = published_facts()["guangdong_2024"]
    return [(k, v) for k, v in facts.items() if v.get("reproduce")]


@pytest.mark.parametrize(("key", "fact"), reproduced(), ids=[k for k, _ in reproduced()])
def test_published_figure_is_reproduced(figures_2024: dict, key: str, fact: dict) -> None:
    got = figures_2024[key]
    if "value" in fact:
        assert got == fact["value"], key
    if "min" in fact:
        assert got >= fact["min"], key
    if "max" in fact:
        assert got <= fact["max"], key


def test_suggestions_received_are_the_two_channels_together(figures_2024: dict) -> None:
    assert figures_2024["suggestions_received"] == 38_389 + 41_726
