"""The seal on every stored event: a SHA-256 hash chain per aggregate (R16).

Each stored event's state is an envelope around the bytes the library's transcoder
wrote for it, carrying the hash of the aggregate's previous event and its own hash:

    {"chain":{"prev":"<64 hex>","hash":"<64 hex>"},"event":<inner JSON>}

The own hash is SHA-256 over the canonical encoding

    b"accountledger/event/v1\\n" + id + b"\\n" + version + b"\\n" + topic + b"\\n"
    + prev + b"\\n" + inner

where `id` is the aggregate id in its 36-character lower-case form, `version` the
decimal event version, `topic` the event's topic and `inner` the raw bytes inside the
envelope. The first event's `prev` is 64 zeros. Everything here is plain standard
library, so that `docs/integrity.md` and this module are all a verifier needs.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple
from uuid import UUID

from eventsourcing.domain import Snapshot
from eventsourcing.persistence import (
    Mapper,
    StoredEvent,
    find_id_convertor,
    pass_through_convertor,
)
from eventsourcing.utils import resolve_topic

if TYPE_CHECKING:
    from hashlib import _Hash

GENESIS = "0" * 64
DOMAIN = b"accountledger/event/v1\n"
_OPEN = b'{"chain":{"prev":"'
_MID = b'","hash":"'
_CLOSE = b'"},"event":'
_PREV_AT = len(_OPEN)
_HASH_AT = _PREV_AT + 64 + len(_MID)
INNER_AT = _HASH_AT + 64 + len(_CLOSE)
_new = object.__new__
_set = object.__setattr__
_SHA256: Callable[[bytes], _Hash] | None = None


def _sha256() -> Callable[[bytes], _Hash]:
    """`hashlib.sha256`, imported when something is first hashed: OpenSSL's binding takes
    a few ms to load, and a read that does not verify (a CLI `show`) never hashes (issue
    16). Kept once loaded: a Merkle tree hashes a node per account."""
    global _SHA256
    if _SHA256 is None:
        from hashlib import sha256

        _SHA256 = sha256
    return _SHA256


class BrokenSeal(ValueError):
    """A stored state that is not a well-formed envelope."""


class Seal(NamedTuple):
    """What an envelope says of its event: its predecessor's hash and its own.

    A named tuple, not a frozen dataclass: made at import with one generated function,
    not six (issue 16: every store reader imports this module), and built faster."""

    prev: str
    hash: str
    inner: bytes


def canonical_id(originator_id: object) -> str:
    """An aggregate id as hashed: 36 characters, lower case, with hyphens."""
    return str(originator_id if isinstance(originator_id, UUID) else UUID(str(originator_id)))


def _uuid(originator_id: object) -> UUID:
    """The id as a UUID; an event's id is one already (no round trip through its text)."""
    return originator_id if isinstance(originator_id, UUID) else UUID(canonical_id(originator_id))


def event_hash(originator_id: str, version: int, topic: str, prev: str, inner: bytes) -> str:
    """SHA-256 over the canonical encoding of one event (see the module docstring)."""
    digest = _sha256()(DOMAIN)
    digest.update(f"{originator_id}\n{version}\n{topic}\n{prev}\n".encode())
    digest.update(inner)
    return digest.hexdigest()


def wrap(prev: str, own: str, inner: bytes) -> bytes:
    return b"".join((_OPEN, prev.encode(), _MID, own.encode(), _CLOSE, inner, b"}"))


def is_sealed(state: bytes) -> bool:
    return state.startswith(_OPEN)


def unwrap(state: bytes) -> Seal:
    """The seal and inner bytes of a stored state; BrokenSeal when it is not an envelope."""
    state = bytes(state)
    if not (
        state.startswith(_OPEN)
        and state[_HASH_AT - len(_MID) : _HASH_AT] == _MID
        and state[INNER_AT - len(_CLOSE) : INNER_AT] == _CLOSE
        and state.endswith(b"}")
    ):
        raise BrokenSeal("the stored state is not a sealed envelope")
    try:
        prev = state[_PREV_AT : _PREV_AT + 64].decode("ascii")
        own = state[_HASH_AT : _HASH_AT + 64].decode("ascii")
    except UnicodeDecodeError:
        raise BrokenSeal("the envelope's hashes are not hexadecimal") from None
    return Seal(prev=prev, hash=own, inner=state[INNER_AT:-1])


def _well_formed(state: bytes) -> bool:
    """The envelope's frame, as `unwrap` checks it (its hashes' text apart)."""
    return (
        state.startswith(_OPEN)
        and state[_HASH_AT - len(_MID) : _HASH_AT] == _MID
        and state[INNER_AT - len(_CLOSE) : INNER_AT] == _CLOSE
        and state.endswith(b"}")
    )


def seal_of(stored: StoredEvent) -> Seal:
    return unwrap(stored.state)


def recomputed(stored: StoredEvent, seal: Seal, version: int | None = None) -> str:
    """The hash the stored event should carry (at `version`, by default its own)."""
    at = stored.originator_version if version is None else version
    return event_hash(canonical_id(stored.originator_id), at, stored.topic, seal.prev, seal.inner)


# ------------------------------------------------------------------- Merkle tree


def leaf(aggregate_id: str, version: int, head: str) -> bytes:
    return _sha256()(b"\x00" + f"{aggregate_id}\n{version}\n{head}".encode()).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return _sha256()(b"\x01" + left + right).digest()


def _levels(leaves: Sequence[bytes]) -> list[list[bytes]]:
    levels = [list(leaves)]
    while len(levels[-1]) > 1:
        below = levels[-1]
        above = [_node(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
        if len(below) % 2:
            above.append(below[-1])  # an odd node rises unchanged
        levels.append(above)
    return levels


Heads = dict[str, tuple[int, str]]


def _sorted_leaves(heads: Heads) -> tuple[list[str], list[bytes]]:
    ids = sorted(heads)
    return ids, [leaf(i, heads[i][0], heads[i][1]) for i in ids]


def merkle_root(heads: Heads) -> str:
    """The root over every aggregate's head, leaves in order of aggregate id."""
    if not heads:
        return _sha256()(b"").hexdigest()
    return _levels(_sorted_leaves(heads)[1])[-1][0].hex()


def audit_path(heads: Heads, aggregate_id: str) -> list[tuple[str, str]]:
    """The sibling hashes from one leaf to the root: ("L"|"R", hex) from the bottom up."""
    ids, leaves = _sorted_leaves(heads)
    index = ids.index(aggregate_id)
    path: list[tuple[str, str]] = []
    for level in _levels(leaves)[:-1]:
        sibling = index ^ 1
        if sibling < len(level):
            path.append(("L" if sibling < index else "R", level[sibling].hex()))
        index //= 2
    return path


def root_from_path(leaf_hash: bytes, path: Iterable[Sequence[str]]) -> str:
    node = leaf_hash
    for side, sibling in path:
        other = bytes.fromhex(sibling)
        node = _node(other, node) if side == "L" else _node(node, other)
    return node.hex()


# ------------------------------------------------------------------------ mapper

PrevLookup = Callable[[UUID, int], str]


class ChainedMapper(Mapper[UUID]):
    """The library's mapper, sealing each aggregate event into its aggregate's chain.

    The previous hash comes from the events this mapper last wrote or read (a bounded
    cache keyed by aggregate and version), else from the store. Snapshots are not
    history and stay unsealed.
    """

    heads_size = 10_000

    def __init__(self, *args: Any, lookup: PrevLookup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lookup = lookup
        self.heads: OrderedDict[UUID, tuple[int, str]] = OrderedDict()
        # The service's request threads read and write through one mapper: an OrderedDict
        # changed by two threads at once can crash the interpreter (CPython 3.11), so
        # every change to the heads holds this lock.
        self._heads_lock = threading.Lock()
        # Event classes by topic that `_inner_event` decodes in one step.
        self._classes: dict[str, type] = {}

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        stored = super().to_stored_event(domain_event)
        if isinstance(domain_event, Snapshot):
            return stored
        ident, version = _uuid(stored.originator_id), stored.originator_version
        prev = GENESIS if version == 1 else self._prev(ident, version)
        own = event_hash(str(ident), version, stored.topic, prev, stored.state)
        self._remember(ident, version, own)
        sealed = wrap(prev, own, stored.state)
        return StoredEvent(stored.originator_id, version, stored.topic, sealed)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        if not is_sealed(stored_event.state):
            return super().to_domain_event(stored_event)
        seal = seal_of(stored_event)
        self._remember(
            _uuid(stored_event.originator_id), stored_event.originator_version, seal.hash
        )
        return self._inner_event(stored_event, seal.inner)

    def read(self, stored_event: StoredEvent) -> Any:
        """`to_domain_event` for a reader that never writes through this mapper (the
        projection): the seal is neither parsed into a `Seal` nor remembered, which was
        a fifth of a rebuild's decoding. Anything but a well-formed envelope goes the
        writer's way, with its errors."""
        state = stored_event.state
        if type(state) is bytes and _well_formed(state):
            return self._inner_event(stored_event, state[INNER_AT:-1])
        return self.to_domain_event(stored_event)

    def _inner_event(self, stored_event: StoredEvent, inner: bytes) -> Any:
        """The library's `to_domain_event` of the envelope's inner bytes, in one step for
        the usual event: no cipher or compressor, a class at version 1, the id already a
        UUID (the recorders make one). Any other, or any failure, goes the library's way,
        so its upcasting and its `MapperDeserialisationError` are unchanged."""
        ident = stored_event.originator_id
        cls = self._classes.get(stored_event.topic)
        if cls is not None and type(ident) is UUID:
            try:
                event_state = self.transcoder.decode(inner)
            except Exception:  # decoded again below, for the library's error
                event_state = None
            if type(event_state) is dict and "class_version" not in event_state:
                event_state["originator_id"] = ident
                event_state["originator_version"] = stored_event.originator_version
                event: Any = _new(cls)
                _set(event, "__dict__", event_state)
                return event
        elif not self.cipher and not self.compressor:
            self._learn(stored_event.topic)
        inner_event = StoredEvent(
            stored_event.originator_id, stored_event.originator_version, stored_event.topic, inner
        )
        return super().to_domain_event(inner_event)

    def _learn(self, topic: str) -> None:
        """Remember the class of a topic the fast path can take (once a topic)."""
        cls = resolve_topic(topic)
        if getattr(cls, "class_version", 1) == 1 and (
            find_id_convertor(cls, UUID) is pass_through_convertor
        ):
            self._classes[topic] = cls

    def forget(self, ids: Iterable[UUID]) -> None:
        """Drop what an uncommitted save put in the cache."""
        with self._heads_lock:
            for ident in ids:
                self.heads.pop(UUID(canonical_id(ident)), None)

    def _prev(self, ident: UUID, version: int) -> str:
        with self._heads_lock:
            cached = self.heads.get(ident)
        if cached is not None and cached[0] == version - 1:
            return cached[1]
        return self.lookup(ident, version - 1)

    def _remember(self, ident: UUID, version: int, own: str) -> None:
        with self._heads_lock:
            cached = self.heads.get(ident)
            if cached is None or cached[0] <= version:
                self.heads[ident] = (version, own)
                self.heads.move_to_end(ident)
                if len(self.heads) > self.heads_size:
                    self.heads.popitem(last=False)
