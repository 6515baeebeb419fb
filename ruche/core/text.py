"""Small text helpers shared by the apps."""

import unicodedata


def without_accents(text: str) -> str:
    """`text` with its combining marks removed after compatibility decomposition (NFKD):
    "Économie" -> "Economie", "ﬁ" -> "fi". Case is left as it is."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
