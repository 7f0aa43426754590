"""Candidates for the barred-name review (R4, 2022 Art 10 ¶3), from an index, not a scan.

`NamePolicy.review` decides whether a name is barred or closely associated with a
barred one (`names._barred_findings`, unchanged). Against a list it compares the name
with every barred name; against a `BarredIndex` it compares it only with the barred
names that could match, in the same order, so the verdict is the same (a property test
holds the two side by side). The index never decides anything itself.

"Closely associated" (`keys_associated`) is, on association keys: equal, one inside the
other (when the inner one is substantial), or one edit apart (four characters or more).
Each case has its own exact lookup, so a review costs a few dozen dictionary lookups
whatever the number of barred names:

- the same uniqueness key (`normalise`): the barred name itself;
- a barred key equal to, or inside, the name's key: every substring of the name's key
  is looked up among the barred keys (at most the longest barred key long);
- the name's key inside a barred key: the barred keys holding the rarest of its 4-grams
  (Chinese keys also by their substantial 2- and 3-grams: two Chinese characters are
  substantial), then only those that contain it;
- one edit apart: a barred key of m characters is filed under its first and its second
  half (m // 2); one edit leaves one of them whole, at the start or at the end of the
  name's key (pigeonhole), so three lengths times two halves are looked up.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator

from accountledger.domain.name_folding import CJK, association_key, normalise, substantial

# One edit apart needs four characters on both sides: shorter keys have no halves.
_EDIT_MIN = 4
_GRAM = 4


def _halves(key: str) -> tuple[str, str]:
    """A key's first and second half, each tagged with the key's length."""
    half = len(key) // 2
    return f"{len(key)}<{key[:half]}", f"{len(key)}>{key[half:]}"


def _grams(key: str) -> set[str]:
    grams = {key[i : i + _GRAM] for i in range(len(key) - _GRAM + 1)}
    if CJK.search(key):
        short = (key[i : i + n] for n in (2, 3) for i in range(len(key) - n + 1))
        grams.update(gram for gram in short if substantial(gram))
    return grams


# How a name is filed: its uniqueness key, its association key and that key's grams
# (joined by spaces, which no key holds: a snapshot decodes one string faster than a
# list). A full page of barred names keeps them in its snapshot, so that a new process
# files the page without folding its names again (the folding is most of the cost of
# filing); FOLDING names the folding they were computed with, and a page filed under
# another is filed again from its names (association keys may grow finer: they are
# stored nowhere else).
Filing = tuple[str, str, str]


def filing(name: str) -> Filing:
    key = association_key(name)
    return normalise(name), key, " ".join(sorted(_grams(key))) if key else ""


# Names that go through every fold: width, case, lookalikes, symbols, spelled letters,
# affixes, trailing digits, traditional script (OpenCC), homophones. A change to any of
# them (or to OpenCC's tables) changes FOLDING, so no page is filed by an older folding.
_PROBES = (
    "ＨＡＲＢ0Ｒ Sunsets Official 2",
    "the real p@lice n.e.w.s",
    "ѕunѕеt rn vv il",
    "正版藝術人生官方",
    "鐵路橋樑 薪闻 锅家 仲国",
    "Ann's  Garden!",
)
FOLDING = hashlib.sha256(repr([filing(p) for p in _PROBES]).encode()).hexdigest()[:16]


class BarredIndex:
    """Barred names in the order they were barred, filed for candidate lookups.

    A name may be barred more than once; `remove` takes out its earliest occurrence,
    as `list.remove` did. Removed entries stay filed and are skipped: removals are rare
    (an overturned closure, R15), and the tables only ever grow by appending.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._live: dict[int, tuple[str, str]] = {}  # seq -> (name, association key)
        # Seqs by each lookup key; read with .get() only, so a miss adds no entry.
        self._by_normalised: defaultdict[str, list[int]] = defaultdict(list)
        self._by_key: defaultdict[str, list[int]] = defaultdict(list)
        self._by_half: defaultdict[str, list[int]] = defaultdict(list)
        self._by_gram: defaultdict[str, list[int]] = defaultdict(list)
        self._next = 0
        self._longest = 0
        for name in names:
            self.add(name)

    def __len__(self) -> int:
        return len(self._live)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._first(name) is not None

    def names(self) -> list[str]:
        """Every barred name, in the order barred (seqs only grow: insertion order)."""
        return [name for name, _ in self._live.values()]

    def add(self, name: str, filed: Filing | None = None) -> None:
        """File `name`, as `filing` files it (or as `filed`, computed by it before)."""
        normalised, key, grams = filed or filing(name)
        seq = self._next
        self._next += 1
        self._live[seq] = (name, key)
        self._by_normalised[normalised].append(seq)
        if not key:
            return
        if len(key) > self._longest:
            self._longest = len(key)
        self._by_key[key].append(seq)
        if len(key) >= _EDIT_MIN:
            for half in _halves(key):
                self._by_half[half].append(seq)
        by_gram = self._by_gram
        for gram in grams.split():
            by_gram[gram].append(seq)

    def remove(self, name: str) -> None:
        """Take out the earliest occurrence of `name`, if there is one."""
        seq = self._first(name)
        if seq is not None:
            del self._live[seq]

    def _first(self, name: str) -> int | None:
        seqs = self._by_normalised.get(normalise(name), ())
        return next((s for s in seqs if s in self._live and self._live[s][0] == name), None)

    def candidates(self, normalised: str, key: str) -> list[str]:
        """The barred names that may be `normalised` or closely associated with `key`,
        in the order barred; a superset of the matches, never missing one."""
        seqs = set(self._by_normalised.get(normalised, ()))
        if key:
            seqs.update(self._inside(key))
            seqs.update(self._around(key))
            seqs.update(self._one_edit(key))
        live = self._live
        return [live[seq][0] for seq in sorted(seqs) if seq in live]

    def _inside(self, key: str) -> Iterator[int]:
        """Barred keys equal to `key` or inside it."""
        by_key, longest, size = self._by_key, self._longest, len(key)
        for start in range(size):
            for end in range(start + 1, min(size, start + longest) + 1):
                yield from by_key.get(key[start:end], ())

    def _around(self, key: str) -> list[int]:
        """Barred keys holding `key` (substantial), from its rarest gram's postings."""
        if not substantial(key):
            return []
        grams = _grams(key) if len(key) >= _GRAM else {key}
        by_gram = self._by_gram
        rarest = min((by_gram.get(gram, []) for gram in grams), key=len)
        live = self._live
        return [seq for seq in rarest if seq in live and key in live[seq][1]]

    def _one_edit(self, key: str) -> Iterator[int]:
        size = len(key)
        for length in (size - 1, size, size + 1):
            if min(length, size) < _EDIT_MIN:
                continue
            half = length // 2
            yield from self._by_half.get(f"{length}<{key[:half]}", ())
            yield from self._by_half.get(f"{length}>{key[size - (length - half) :]}", ())


class Stacked:
    """An index with names barred after all of its own (an import's batch, not yet
    saved): the candidates of the first, then those of the second, in the order barred."""

    def __init__(self, first: BarredIndex, then: BarredIndex) -> None:
        self.first, self.then = first, then

    def __len__(self) -> int:
        return len(self.first) + len(self.then)

    def names(self) -> list[str]:
        return self.first.names() + self.then.names()

    def candidates(self, normalised: str, key: str) -> list[str]:
        return self.first.candidates(normalised, key) + self.then.candidates(normalised, key)
