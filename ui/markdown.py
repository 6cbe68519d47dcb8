"""User text inside Streamlit markdown: shown literally, never as a link, HTML or emphasis."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: object) -> str:
    """Text that Streamlit's markdown shows literally (no links, HTML, emphasis or icons)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
