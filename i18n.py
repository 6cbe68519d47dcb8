"""The string catalogue without Streamlit: Simplified Chinese and English, `t(key, lang)`."""

from __future__ import annotations

import json
from functools import lru_cache

from config import ROOT

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


def t(key: str, lang: str = "zh", **values: object) -> str:
    """The string for a key in a language ("zh" or "en"), with values filled in."""
    pair = catalogue()[key]
    text = pair[LANGUAGES.index(lang if lang in LANGUAGES else "zh")]
    return text.format(**values) if values else text


def source_line(demo: bool, lang: str = "zh") -> str:
    """The source line printed under charts and exports: the demo's, or the department's."""
    return t("source.demo" if demo else "source", lang)
