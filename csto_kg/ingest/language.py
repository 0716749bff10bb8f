"""What extract knows of the languages it reads, beyond names: English words put back in their dictionary forms
(lemminflect's tables: "protected" is "protect", "sent" is "send", "troops" is "troop"), whether a capitalised
English word is an ordinary word of the dictionary (a headline's "Erupt", a sentence's "Indeed"), and Russian
named entities (natasha's NER: people, places and organisations, its model inside the wheel).

Both load on first use, once per process, never at import: a command that reads no English word and no Russian
text pays for neither. lemminflect's table takes about a second to read from its wheel, so its words and lemmas
are kept after the first use as one compact file under the build folder's cache (keyed by lemminflect's version),
which later commands read in about 50 ms. natasha's NER model loads in about 0.1 s once its word table and embedding
codes are kept under the cache too (see Russian); only the NER is loaded (not its morphology or syntax models:
pymorphy3 already gives tense and case per word).

>>> english = English()
>>> sorted(english.lemmas("protected")), sorted(english.lemmas("sent"))
(['protect', 'protected'], ['send', 'sent'])
>>> english.known("erupt"), english.known("blinken")
(True, False)
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path


@functools.cache
def installed_version(distribution: str) -> str:
    """The installed version of a distribution, from the name of its .dist-info folder beside its package: what
    importlib.metadata answers, without the 25 ms importing importlib.metadata costs every extract command."""
    import importlib.util

    normal = distribution.replace("-", "_").lower()
    spec = importlib.util.find_spec(normal)
    if spec is not None and spec.submodule_search_locations:
        found = list(Path(spec.submodule_search_locations[0]).parent.glob(f"{normal}-*.dist-info"))
        if len(found) == 1:
            return found[0].name.removesuffix(".dist-info").partition("-")[2]
    from importlib import metadata  # installed otherwise (an egg, a zip): asked the slow way

    return metadata.version(distribution)


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
            path = self.cache_dir / f"english-lemmas-{installed_version('lemminflect')}-2.tsv"
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


class Russian:
    """natasha's news NER model (people, places, organisations), run by slovnet as natasha runs it, loaded on the
    first Russian text. Of its two large tables, the tagger reads a few hundred rows an article: the 250,000 words
    it knows (an id each) and their embedding codes. Unpacking both takes 0.25 s a command, so after the first use
    they are kept under the cache folder (keyed by natasha's version) as an SQLite table of words and a NumPy file
    read through the memory map, and each command reads only the rows its text asks for."""

    def __init__(self, cache_dir: Path | None = None):
        self.cache_dir = cache_dir

    def names(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, kind) of every person, place and organisation natasha's NER finds in a Russian text."""
        if not text.strip():
            return []
        tagger = _tagger(self.cache_dir)
        return [(span.start, span.stop, NER_KINDS[span.type]) for span in tagger(text).spans if span.type in NER_KINDS]


@functools.lru_cache(maxsize=4)
def _tagger(cache_dir: Path | None):
    """The tagger NER.load builds, with its word table and navec's codes from the cache when there is one. Not
    natasha's package: importing it loads its morphology, syntax and rule extractors, which extract never uses."""
    from types import SimpleNamespace

    from slovnet.api import NER
    from slovnet.const import SHAPE, TAG, WORD
    from slovnet.exec.encoders import TagEncoder
    from slovnet.exec.infer import NERInfer, TagDecoder
    from slovnet.exec.model import NER as NERModel
    from slovnet.exec.pack import Pack

    kept = _kept_tables(cache_dir)
    with Pack(str(_natasha_data("model", "slovnet_ner_news_v1.tar"))) as pack:
        pack.load_meta().check_protocol()
        model = pack.load_model(NERModel)
        model = model.inject_arrays(dict(pack.load_arrays(model.weights)))
        words = _StoredWords(kept / "words.sqlite") if kept else pack.load_vocab(WORD)
        encoder = TagEncoder(words, pack.load_vocab(SHAPE), batch_size=8)
        decoder = TagDecoder(pack.load_vocab(TAG))
    tagger = NER(NERInfer(model, encoder, decoder), batch_size=8)
    if kept:
        import numpy as np

        meta = json.loads((kept / "meta.json").read_text(encoding="utf-8"))
        pq = SimpleNamespace(indexes=np.load(kept / "indexes.npy", mmap_mode="r"), codes=np.load(kept / "codes.npy"))
        return tagger.navec(SimpleNamespace(meta=SimpleNamespace(id=meta["id"]), pq=pq))
    return tagger.navec(_news_embedding())


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


def _kept_tables(cache_dir: Path | None) -> Path | None:
    """The folder with the tagger's word table and navec's codes, written on first use; None without a cache or
    where it cannot be written (then the command unpacks them, as natasha does)."""
    if cache_dir is None:
        return None
    kept = cache_dir / f"natasha-ner-{installed_version('natasha')}"
    if (kept / "meta.json").exists():
        return kept
    making = None
    try:
        import numpy as np
        from slovnet.const import WORD
        from slovnet.exec.pack import Pack

        cache_dir.mkdir(parents=True, exist_ok=True)
        making = Path(tempfile.mkdtemp(dir=cache_dir, prefix=".natasha-ner-"))
        making.chmod(0o755)
        with Pack(str(_natasha_data("model", "slovnet_ner_news_v1.tar"))) as pack:
            words = pack.load_vocab(WORD).items
        with contextlib.closing(sqlite3.connect(making / "words.sqlite")) as db:
            # OR REPLACE: a word listed twice has its last id, as slovnet's Vocab gives it
            db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID")
            db.executemany("INSERT OR REPLACE INTO words VALUES (?, ?)", ((w, i) for i, w in enumerate(words)))
            db.commit()
        embedding = _news_embedding()
        np.save(making / "indexes.npy", np.ascontiguousarray(embedding.pq.indexes))
        np.save(making / "codes.npy", np.ascontiguousarray(embedding.pq.codes))
        (making / "meta.json").write_text(json.dumps({"id": embedding.meta.id}), encoding="utf-8")
        os.replace(making, kept)  # whole or not at all; another command may have made it first
    except OSError:
        if making is not None:
            shutil.rmtree(making, ignore_errors=True)
        return kept if (kept / "meta.json").exists() else None
    return kept


class _StoredWords:
    """The tagger's word table as slovnet's Vocab answers it (encode, unk_id, pad_id), a row read per word."""

    def __init__(self, path: Path):
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.unk_id, self.pad_id = self._id("<unk>"), self._id("<pad>")

    def _id(self, word: str) -> int | None:
        row = self._db.execute("SELECT id FROM words WHERE word = ?", (word,)).fetchone()
        return row[0] if row else None

    def encode(self, word: str) -> int:
        found = self._id(word)
        return self.unk_id if found is None else found


def russian_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every person, place and organisation natasha's NER finds in a Russian text, without a
    cache (Russian(cache_dir).names keeps the tagger's tables for the next command)."""
    return Russian().names(text)
