"""The auto-linking matcher (frontend/src/glossary.js) on tricky text, run in Node: whole
words, any case, accents folded, longest first, separators, variants, other scripts."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed")

TERMS = [
    {"id": "sse", "term": "Économie sociale et solidaire", "variants": ["ESS"]},
    {"id": "es", "term": "Économie sociale", "variants": []},
    {"id": "coop", "term": "Cooperative", "variants": ["Cooperatives"]},
    {"id": "tiers", "term": "tiers-lieu", "variants": ["tiers-lieux"]},
    {"id": "greek", "term": "Κοινωνική οικονομία", "variants": []},
    {"id": "regex", "term": "C++ (language)", "variants": []},
]


def _match(texts):
    out = subprocess.run(
        ["node", "tests/glossary/matching.mjs", json.dumps({"terms": TERMS, "texts": texts})],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def test_matching():
    found = _match([
        "L'économie sociale et solidaire, ou ESS, dépasse l’Economie Sociale.",
        "Cooperatives and cooperativeness; a non-cooperative co-operative; COOPERATIVE.",
        "Un tiers lieu, des tiers-lieux, un tiers-lieu.",
        "Η κοινωνική οικονομία στην Ελλάδα.",
        "C++ (language) is a term here; économie  sociale spans two spaces.",
        "",
    ])  # fmt: skip
    assert found == [
        [["économie sociale et solidaire", "sse"], ["ESS", "sse"], ["Economie Sociale", "es"]],
        # "non-cooperative" holds the word; "co-operative" is another spelling (a variant)
        [["Cooperatives", "coop"], ["cooperative", "coop"], ["COOPERATIVE", "coop"]],
        [["tiers lieu", "tiers"], ["tiers-lieux", "tiers"], ["tiers-lieu", "tiers"]],
        [["κοινωνική οικονομία", "greek"]],
        [["C++ (language)", "regex"], ["économie  sociale", "es"]],
        [],
    ]  # fmt: skip
