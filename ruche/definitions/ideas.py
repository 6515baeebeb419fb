"""Key ideas broken out of individual definitions: sentences, then clauses.

A definition is cut at sentence ends, semicolons, colons followed by a space and line
breaks; a bullet or number opening a line is dropped. Fragments of fewer than two words
are not ideas on their own and stay with the previous fragment (so "SSE: a way of doing"
keeps its subject when there is one), and a person's repeated fragment is kept once.
"""

import re

from ruche.core.text import without_accents

MAX_IDEA = 2000
BREAKS = re.compile(r"(?<=[.!?;])\s+|(?<=\w) ?:\s+|\n+")
BULLET = re.compile(r"^\s*(?:[-*•–—]+|\d+[.)])\s*")


def _folded(text: str) -> str:
    return " ".join(without_accents(text.lower()).split())


def key_ideas(text: str) -> list[str]:
    """The fragments of `text` that make ideas, in order, without repeats."""
    fragments: list[str] = []
    for raw in BREAKS.split(text or ""):
        fragment = BULLET.sub("", raw).strip().rstrip(";:").strip()
        if not fragment:
            continue
        if len(fragment.split()) < 2 and fragments:
            fragments[-1] = f"{fragments[-1]} {fragment}"
            continue
        fragments.append(fragment)
    seen: set[str] = set()
    ideas = []
    for fragment in fragments:
        key = _folded(fragment).strip(" .!?")
        if key and key not in seen:
            seen.add(key)
            ideas.append(fragment[:MAX_IDEA])
    return ideas
