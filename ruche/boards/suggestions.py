""" "Suggest groups": clusters of similar cards, proposed to the facilitator and never stored.

TF-IDF over character n-grams of accent-folded text without French and English stop words,
then agglomerative clustering on cosine distance. Character n-grams let a French card and
its English twin meet ("gouvernance démocratique" / "democratic governance").
"""

import re
import unicodedata
from typing import Any

from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from ruche.accounts.models import User
from ruche.boards.models import Card
from ruche.boards.permissions import access_board
from ruche.boards.selectors import visible_cards
from ruche.spaces.permissions import Need

_FRENCH = (
    "a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur "
    "leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui "
    "sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y est sont "
    "etre avoir fait plus tres tout tous toutes comme entre sans sous chez ici"
)
FRENCH_STOP_WORDS = frozenset(_FRENCH.split())
STOP_WORDS = FRENCH_STOP_WORDS | ENGLISH_STOP_WORDS
# Cosine distance under which two groups merge; tuned on the bilingual test fixture.
DISTANCE_THRESHOLD = 0.8


def fold(text: str) -> str:
    """Lower case, accents removed, stop words dropped."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    words = re.findall(r"[a-z0-9]+", plain)
    return " ".join(w for w in words if w not in STOP_WORDS)


def group_texts(texts: list[str]) -> list[list[int]]:
    """Indices of `texts` grouped by similarity; groups of one are left out."""
    folded = [fold(t) for t in texts]
    usable = [i for i, t in enumerate(folded) if t]
    if len(usable) < 2:
        return []
    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    matrix = vectors.fit_transform([folded[i] for i in usable]).toarray()
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average",
        distance_threshold=DISTANCE_THRESHOLD,
    ).fit_predict(matrix)  # fmt: skip
    groups: dict[int, list[int]] = {}
    for index, label in zip(usable, labels, strict=True):
        groups.setdefault(int(label), []).append(index)
    return [g for g in groups.values() if len(g) > 1]


def _title(cards: list[Card]) -> str:
    counts: dict[str, int] = {}
    for card in cards:
        for word in set(re.findall(r"\w{4,}", card.text.lower())):
            if fold(word):
                counts[word] = counts.get(word, 0) + 1
    best = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:2]
    return " / ".join(word for word, _count in best) or cards[0].text[:40]


def clusters_suggest(*, actor: User, board_id: object) -> list[dict[str, Any]]:
    """Proposed clusters of the board's unclustered cards; facilitators only."""
    board = access_board(actor, board_id, Need.MANAGE)
    cards = [c for c in visible_cards(actor=actor, board=board) if c.cluster_id is None]
    groups = group_texts([c.text for c in cards])
    return [
        {"title": _title([cards[i] for i in g]), "card_ids": [str(cards[i].pk) for i in g]}
        for g in groups
    ]
