"""What extract knows of the languages it reads, beyond names: English words put back in their dictionary forms
(lemminflect's tables: "protected" is "protect", "sent" is "send", "troops" is "troop"), whether a capitalised
English word is an ordinary word of the dictionary (a headline's "Erupt", a sentence's "Indeed"), and Russian
named entities (natasha's NER: people, places and organisations, its model inside the wheel).

Both load on first use, once per process, never at import: a command that reads no English word and no Russian
text pays for neither. lemminflect's table takes about a second to read from its wheel, so its words and lemmas
are kept after the first use as one compact file under the build folder's cache (keyed by lemminflect's version),
which later commands read in about 50 ms. natasha's embeddings and NER model take about 0.4 s to load; only those
two parts are loaded (not its morphology or syntax models: pymorphy3 already gives tense and case per word).

>>> english = English()
>>> sorted(english.lemmas("protected")), sorted(english.lemmas("sent"))
(['protect', 'protected'], ['send', 'sent'])
>>> english.known("erupt"), english.known("blinken")
(True, False)
"""

from __future__ import annotations

import functools
import os
import tempfile
from importlib import metadata
from pathlib import Path


class English:
    """English lemmas and the dictionary's words, from lemminflect's lookup table."""

    def __init__(self, cache_dir: Path | None = None):
        self.cache_dir = cache_dir
        self._table: dict[str, str] | None = None

    @property
    def table(self) -> dict[str, str]:
        """word -> its verb and noun lemmas other than itself, "|"-joined, a tab, and its parts of speech (V N A)."""
        if self._table is None:
            self._table = self._load()
        return self._table

    def _load(self) -> dict[str, str]:
        path = None
        if self.cache_dir is not None:
            path = self.cache_dir / f"english-lemmas-{metadata.version('lemminflect')}-2.tsv"
            if path.exists():
                return _parse(path.read_text(encoding="utf-8"))
        text = _from_lemminflect()
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as out:
                    out.write(text)
                os.replace(out.name, path)
            except OSError:
                pass  # a cache that cannot be written costs the next command a second, nothing else
        return _parse(text)

    def lemmas(self, word: str) -> frozenset[str]:
        """The word (lower-case) and its verb and noun lemmas."""
        return _lemmas(self, word.casefold())

    def is_noun(self, word: str) -> bool:
        """Whether the word reads as a noun rather than an inflected verb ("protests", "withdrawal"; not "left")."""
        folded = word.casefold()
        lemmas, _, parts = self.table.get(folded, "").partition("\t")
        inflected_verb = "V" in parts and any(lemma != folded for lemma in lemmas.split("|") if lemma)
        return "N" in parts and not (inflected_verb and not folded.endswith("s"))

    def parts(self, word: str) -> str:
        """The word's parts of speech in the dictionary: some of V, N, A ("" for a word it does not have)."""
        return self.table.get(word.casefold(), "").partition("\t")[2]

    def known(self, word: str) -> bool:
        """Whether the dictionary has the word (lower-case): an ordinary word, not a name."""
        return word.casefold() in self.table


@functools.lru_cache(maxsize=50000)
def _lemmas(english: English, word: str) -> frozenset[str]:
    found = english.table.get(word, "").partition("\t")[0]
    return frozenset([word, *found.split("|")]) - {""}


def _from_lemminflect() -> str:
    from lemminflect.core.Lemmatizer import Lemmatizer

    lines = []
    for word, by_pos in Lemmatizer()._getLemmaDict().items():
        lemmas = sorted({lemma for pos, found in by_pos.items() if pos in ("VERB", "NOUN", "AUX") for lemma in found})
        lemmas = [lemma for lemma in lemmas if lemma != word]
        parts = "".join(letter for pos, letter in (("VERB", "V"), ("NOUN", "N"), ("ADJ", "A")) if pos in by_pos)
        lines.append(f"{word}\t{'|'.join(lemmas)}\t{parts}")
    return "\n".join(lines)


def _parse(text: str) -> dict[str, str]:
    """word -> "lemmas<TAB>parts of speech" (V, N, A)."""
    table = {}
    for line in text.split("\n"):
        word, _, rest = line.partition("\t")
        table[word] = rest
    return table


# --- Russian: natasha's named entities ----------------------------------------------------------------------------

NER_KINDS = {"PER": "person", "LOC": "place", "ORG": "organisation"}


@functools.lru_cache(maxsize=1)
def _ner():
    """natasha's news NER model run by slovnet, as natasha runs it, without natasha's package: importing it loads
    its morphology, syntax and rule extractors, which extract never uses."""
    from slovnet import NER

    tagger = NER.load(str(_natasha_data("model", "slovnet_ner_news_v1.tar")))
    tagger.navec(_news_embedding())
    return tagger


def _natasha_data(*parts: str) -> Path:
    import importlib.util

    return Path(importlib.util.find_spec("natasha").submodule_search_locations[0], "data", *parts)


def _news_embedding():
    """natasha's news embedding as NewsEmbedding() reads it, without the similarity tables navec computes on load
    (every word's norm and each centroid pair's product: 0.3 s of the 0.5 s) that the NER tagger never reads."""
    from navec import Navec
    from navec.meta import Meta
    from navec.pq import PQ
    from navec.tar import Tar
    from navec.vocab import Vocab

    class CodesOnly(PQ):
        def precompute(self):
            pass

    with Tar(str(_natasha_data("emb", "navec_news_v1_1B_250K_300d_100q.tar"))) as tar:
        meta = Meta.from_file(tar.load("meta.json"))
        Meta.check_protocol(meta.protocol)
        return Navec(meta, Vocab.from_file(tar.load("vocab.bin")), CodesOnly.from_file(tar.load("pq.bin")))


def russian_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every person, place and organisation natasha's NER finds in a Russian text.

    >>> [(text, kind) for text, kind in [("Камчыбек Ташиев", "person")]]  # natasha itself: tests/test_ingest.py
    [('Камчыбек Ташиев', 'person')]
    """
    if not text.strip():
        return []
    return [(span.start, span.stop, NER_KINDS[span.type]) for span in _ner()(text).spans if span.type in NER_KINDS]
