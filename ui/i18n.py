"""The string catalogue: Simplified Chinese by default, English on request."""

from __future__ import annotations

import json
from functools import lru_cache

import streamlit as st

from config import ROOT, get_settings

LANGUAGES = ("zh", "en")


CATALOGUE_DIR = ROOT / "assets" / "i18n"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, list[str]]:
    """All strings, keyed, as [Chinese, English]: every file of assets/i18n/ merged."""
    merged: dict[str, list[str]] = {}
    for path in sorted(CATALOGUE_DIR.glob("*.json")):
        part = json.loads(path.read_text(encoding="utf-8"))
        clash = merged.keys() & part.keys()
        if clash:
            raise ValueError(f"{path.name} repeats string keys: {sorted(clash)}")
        merged.update(part)
    return merged


def language() -> str:
    """The language chosen in this session."""
    lang = st.session_state.get("lang", get_settings().default_language)
    return lang if lang in LANGUAGES else "zh"


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The string for a key in the session's language, with values filled in."""
    pair = catalogue()[key]
    text = pair[LANGUAGES.index(lang or language())]
    return text.format(**values) if values else text
