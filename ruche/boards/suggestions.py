""" "Suggest groups": clusters of similar cards, proposed to the facilitator and never stored.

TF-IDF over character n-grams of accent-folded text without French and English stop words,
then agglomerative clustering on cosine distance. Character n-grams let a French card and
its English twin meet ("gouvernance démocratique" / "democratic governance").

With the optional extra (`pip install ruche[semantic]`), a small static sentence-embedding
model that ships inside the WordLlama wheel adds meaning: two cards are as similar as the
closer of the two measures says, so "local roots" meets "rooted in the neighbourhood".
The model is read from the installed package, never downloaded (see docs/boards.md).
"""

import functools
import logging
import re
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings

from ruche.accounts.models import User
from ruche.boards.models import Card
from ruche.boards.permissions import access_board
from ruche.boards.selectors import visible_cards
from ruche.core.text import without_accents
from ruche.spaces.permissions import Need

_FRENCH = (
    "a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur "
    "leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui "
    "sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y est sont "
    "etre avoir fait plus tres tout tous toutes comme entre sans sous chez ici"
)
FRENCH_STOP_WORDS = frozenset(_FRENCH.split())


@functools.cache
def stop_words() -> frozenset[str]:
    # scikit-learn is imported on first use: it costs seconds at every process start.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return FRENCH_STOP_WORDS | ENGLISH_STOP_WORDS


# Cosine distance under which two groups merge; tuned on the bilingual test fixture.
DISTANCE_THRESHOLD = 0.8


def fold(text: str) -> str:
    """Lower case, accents removed, stop words dropped."""
    words = re.findall(r"[a-z0-9]+", without_accents(text.lower()))
    return " ".join(w for w in words if w not in stop_words())


logger = logging.getLogger(__name__)


def semantic_model() -> Any | None:
    """The packaged WordLlama model, or None without the extra (or when switched off)."""
    if settings.RUCHE_SEMANTIC_SUGGESTIONS == "off":
        return None
    return _packaged_model()


@functools.cache
def _packaged_model() -> Any | None:
    try:
        import wordllama
    except ImportError:
        return None
    # The weights and the tokenizer lie inside the package; pointing the cache there and
    # forbidding downloads guarantees nothing is fetched from a model hub.
    package = Path(wordllama.__file__).parent
    try:
        return wordllama.WordLlama.load(cache_dir=package, disable_download=True)
    except (OSError, ValueError) as error:
        logger.warning("semantic suggestions unavailable: %s", error)
        return None


def _tfidf_similarity(folded: list[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    matrix = vectors.fit_transform(folded).toarray()
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.asarray(matrix @ matrix.T)


def similarity(texts: list[str], folded: list[str]) -> np.ndarray:
    """Pairwise similarity of the cards: TF-IDF, raised by the embeddings when installed."""
    result = _tfidf_similarity(folded)
    model = semantic_model()
    if model is not None:
        embeddings = model.embed(texts, norm=True)
        result = np.maximum(result, np.asarray(embeddings @ embeddings.T))
    return result


def group_texts(texts: list[str]) -> list[list[int]]:
    """Indices of `texts` grouped by similarity; groups of one are left out."""
    folded = [fold(t) for t in texts]
    usable = [i for i, t in enumerate(folded) if t]
    if len(usable) < 2:
        return []
    from sklearn.cluster import AgglomerativeClustering

    close = similarity([texts[i] for i in usable], [folded[i] for i in usable])
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average",
        distance_threshold=DISTANCE_THRESHOLD,
    ).fit_predict(np.clip(1.0 - close, 0.0, 2.0))  # fmt: skip
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
