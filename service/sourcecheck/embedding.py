"""Static sentence embeddings: BERT-uncased WordPiece, then a weighted mean of token vectors.

The token table is distilled once from all-MiniLM-L6-v2 by `tools/distill_embeddings.py`
(model2vec style), so matching can see paraphrases ("handed over military secrets" vs
"gave details of targets") with numpy alone: no torch, no download, a few µs a sentence.
Only `Embedder.load` reads a file; everything else is pure.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

Vector = NDArray[np.float32]

PACKAGED_FILE = "data/embeddings.npz"  # inside the sourcecheck package
UNK = "[UNK]"
MAX_WORD_CHARS = 100  # BERT's max_input_chars_per_word: longer words become [UNK]
_CACHE_LIMIT = 200_000  # words; cleared wholesale when full, which is rare and cheap


def _is_punctuation(char: str) -> bool:
    """BERT's rule: every non-alphanumeric printable ASCII character, and Unicode P*."""
    cp = ord(char)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _replacement(char: str) -> str:
    """What BERT's BasicTokenizer makes of one (already lower-cased, NFD) character.

    Whitespace becomes a space; control characters, U+FFFD and combining marks (the accents
    NFD split off) vanish; punctuation and CJK ideographs stand alone between spaces.
    """
    if char in "\t\n\r " or unicodedata.category(char) == "Zs":
        return " "
    category = unicodedata.category(char)
    if char in "\x00\ufffd" or category.startswith("C") or category == "Mn":
        return ""
    if _is_punctuation(char) or _is_cjk(ord(char)):
        return f" {char} "
    return char


class WordPiece:
    """BERT-uncased BasicTokenizer + WordPiece, in pure Python, matching HF's BertTokenizer.

    Lower-case, NFD and drop accents, split on whitespace and punctuation, then greedy
    longest-match-first sub-words with '##' continuations; a word with no full cover, or of
    more than 100 characters, is one [UNK]. Words are cached, since news repeats them.
    """

    def __init__(self, vocab: Sequence[str]) -> None:
        self.index: dict[str, int] = {token: i for i, token in enumerate(vocab)}
        self.unk = self.index[UNK]
        self._longest = max(len(token) for token in vocab)
        # One str.translate table does the whole BasicTokenizer pass at C speed; it starts
        # with ASCII and learns other characters the first time it meets them.
        self._table: dict[int, str] = {cp: _replacement(chr(cp)) for cp in range(128)}
        self._cache: dict[str, tuple[int, ...]] = {}

    def words(self, text: str) -> list[str]:
        """The BasicTokenizer's output: lower-cased, accent-free words and punctuation marks."""
        text = text.lower()
        if not text.isascii():
            text = unicodedata.normalize("NFD", text)
            table = self._table
            for char in set(text):
                if ord(char) not in table:
                    table[ord(char)] = _replacement(char)
        return text.translate(self._table).split()

    def ids(self, text: str) -> list[int]:
        """Vocabulary ids of `text`, without [CLS]/[SEP]."""
        cache = self._cache
        out: list[int] = []
        for word in self.words(text):
            pieces = cache.get(word)
            if pieces is None:
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                pieces = cache[word] = self._wordpiece(word)
            out.extend(pieces)
        return out

    def tokens(self, text: str) -> list[str]:
        """The sub-word strings, for inspection and tests."""
        vocab = list(self.index)
        return [vocab[i] for i in self.ids(text)]

    def _wordpiece(self, word: str) -> tuple[int, ...]:
        if len(word) > MAX_WORD_CHARS:
            return (self.unk,)
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = min(len(word), start + self._longest)
            found = -1
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.index.get(piece, -1)
                if found >= 0:
                    break
                end -= 1
            if found < 0:
                return (self.unk,)
            pieces.append(found)
            start = end
        return tuple(pieces)


class Embedder:
    """Sentence vector = L2-normalised weighted mean of static token vectors.

    `matrix` has one row per vocabulary id; `weights` down-weights frequent, uninformative
    tokens (SIF-style) and zeroes [PAD], [UNK] and the unused ids.
    """

    def __init__(
        self,
        vocab: Sequence[str],
        matrix: NDArray[Any],
        weights: NDArray[Any] | None = None,
        meta: Mapping[str, Any] | None = None,
    ) -> None:
        if matrix.ndim != 2 or matrix.shape[0] != len(vocab):
            raise ValueError(f"matrix {matrix.shape} does not fit a vocabulary of {len(vocab)}")
        self.tokenizer = WordPiece(vocab)
        self.matrix: NDArray[np.float32] = np.ascontiguousarray(matrix, dtype=np.float32)
        if weights is None:
            weights = np.ones(len(vocab), dtype=np.float32)
        self.weights: NDArray[np.float32] = np.ascontiguousarray(weights, dtype=np.float32)
        self.meta: dict[str, Any] = dict(meta or {})

    @classmethod
    def load(cls, path: str | None = None) -> Embedder:
        """Read a table written by tools/distill_embeddings.py; None means the packaged one."""
        if path is None:
            from importlib import resources

            with (resources.files("sourcecheck") / PACKAGED_FILE).open("rb") as stream:
                return cls.from_arrays(np.load(stream, allow_pickle=False))
        with open(path, "rb") as stream:
            return cls.from_arrays(np.load(stream, allow_pickle=False))

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, NDArray[Any]]) -> Embedder:
        """Build from the npz's arrays: `matrix`, `vocab`, optional `weights` and `meta` (JSON)."""
        meta = json.loads(str(arrays["meta"])) if "meta" in arrays else {}
        weights = arrays["weights"] if "weights" in arrays else None
        return cls([str(t) for t in arrays["vocab"]], arrays["matrix"], weights, meta)

    @property
    def dims(self) -> int:
        return int(self.matrix.shape[1])

    def embed(self, text: str) -> Vector:
        """Unit vector of `text`; all zeros when it has no known token."""
        ids = self.tokenizer.ids(text)
        if not ids:
            return np.zeros(self.dims, dtype=np.float32)
        index = np.array(ids, dtype=np.intp)
        vector: Vector = self.weights[index] @ self.matrix[index]
        norm = float(np.sqrt(vector @ vector))
        return vector / norm if norm > 0.0 else vector

    def embed_many(self, texts: Iterable[str]) -> NDArray[np.float32]:
        """One unit row per text."""
        rows = [self.embed(text) for text in texts]
        return np.stack(rows) if rows else np.zeros((0, self.dims), dtype=np.float32)

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two texts, in [-1, 1]; 0 when either has no known token."""
        return cosine(self.embed(a), self.embed(b))


def cosine(u: NDArray[Any], v: NDArray[Any]) -> float:
    """Cosine of two vectors; 0 when either is zero. Unit vectors make this a dot product."""
    denominator = float(np.sqrt((u @ u) * (v @ v)))
    return float(u @ v) / denominator if denominator > 0.0 else 0.0
