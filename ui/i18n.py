"""The session's language for the string catalogue of `i18n` (Chinese unless chosen)."""

from __future__ import annotations

import streamlit as st

import i18n
from config import get_settings
from i18n import LANGUAGES, catalogue

__all__ = ["LANGUAGES", "catalogue", "language", "t"]


def language() -> str:
    """The language chosen in this session."""
    lang = st.session_state.get("lang", get_settings().default_language)
    return lang if lang in LANGUAGES else "zh"


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The string for a key in the session's language (or `lang`), with values filled in."""
    return i18n.t(key, lang or language(), **values)
