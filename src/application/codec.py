"""The ledger's transcoder: the library's `JSONTranscoder`, byte for byte, made faster
for the values this project's events hold (issue 16 point 4).

Decoding was about 40% of a rebuild. The library's transcoder finds each value's
transcoding through two dict look-ups and a method call, and builds an `Act` through its
frozen dataclass's `__init__` (one `object.__setattr__` a field); a `UUID` through its
pure-Python constructor. Here the known transcodings (`uuid_hex`, `decimal_str`,
`datetime_iso`, `act`) are plain functions found in one look-up, the `Act` and the
`UUID` are built directly, and anything else goes the library's way, with its errors.

Encoding runs the same `json.JSONEncoder` (same separators, `ensure_ascii=False`) and
hands it the same `{"_type_": ..., "_data_": ...}` objects, so the bytes are the
library's: stores written before load, and every hash chain still verifies
(`tests/application/test_codec.py` compares both transcoders on every event kind).
A transcoding registered in place of one of these (another class under the same name
or type) switches its fast path off.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, SafeUUID

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoding,
    UUIDAsHex,
)

from accountledger.application.transcodings import _ROLES, ActAsDict
from accountledger.domain.act import Act, Role
from accountledger.domain.entry import EnteredBy

# The environment setting that makes a ledger use this transcoder (`Ledger.construct_env`).
TOPIC = "accountledger.application.codec:EventTranscoder"
_new = object.__new__
_set = object.__setattr__
_UNKNOWN = SafeUUID.unknown


def uuid_from_hex(data: Any) -> UUID:
    """`UUID(data)` for the 32 hex digits `UUIDAsHex` writes; any other text goes
    through the constructor (its checks, its errors)."""
    if type(data) is str and len(data) == 32 and data.isascii() and data.isalnum():
        number = int(data, 16)  # a letter past "f" raises ValueError, as UUID(data) does
        uuid = _new(UUID)
        _set(uuid, "int", number)
        _set(uuid, "is_safe", _UNKNOWN)
        return uuid
    return UUIDAsHex().decode(data)


def datetime_from_iso(data: Any) -> datetime:
    assert isinstance(data, str)  # as the library's transcoding checks
    return datetime.fromisoformat(data)


def _role(value: Any) -> Role:
    return _ROLES.get(value) or Role(value)


def act_from_dict(data: dict[str, Any]) -> Act:
    """`ActAsDict.decode` without the frozen dataclass's field-by-field `__init__`
    (`Act` has no `__post_init__`: an act is checked when decided, never on replay)."""
    if type(data) is not dict:
        return _ACT.decode(data)  # its error, as the library's transcoder would raise
    act = _new(Act)
    _set(
        act,
        "__dict__",
        {
            "actor_id": data["actor_id"],
            "actor_role": _role(data["actor_role"]),
            "occurred_at": data["occurred_at"],
            "reason": data["reason"],
            "basis": tuple(data["basis"]),
            "violation": tuple(data["violation"]),
            "evidence": tuple(data["evidence"]),
            "case_id": data["case_id"],
            "entered_by": EnteredBy.from_dict(entry) if (entry := data.get("entered_by")) else None,
        },
    )
    return act


_ACT = ActAsDict()


def _uuid_hex(o: UUID) -> dict[str, Any]:
    return {"_type_": "uuid_hex", "_data_": o.hex}


def _datetime_iso(o: datetime) -> dict[str, Any]:
    return {"_type_": "datetime_iso", "_data_": o.isoformat()}


def _decimal_str(o: Decimal) -> dict[str, Any]:
    return {"_type_": "decimal_str", "_data_": str(o)}


def _act(o: Act) -> dict[str, Any]:
    return {"_type_": "act", "_data_": _ACT.encode(o)}


# The library's transcodings (and this project's) this module has a fast path for, by
# class: (name, type, encode, decode).
_FAST: dict[type[Transcoding], tuple[str, type, Callable[[Any], Any], Callable[[Any], Any]]] = {
    UUIDAsHex: ("uuid_hex", UUID, _uuid_hex, uuid_from_hex),
    DecimalAsStr: ("decimal_str", Decimal, _decimal_str, Decimal),
    DatetimeAsISO: ("datetime_iso", datetime, _datetime_iso, datetime_from_iso),
    ActAsDict: ("act", Act, _act, act_from_dict),
}


class EventTranscoder(JSONTranscoder):
    """`JSONTranscoder` with fast paths for the transcodings the ledger registers."""

    def __init__(self) -> None:
        super().__init__()
        self._encoders: dict[type, Callable[[Any], dict[str, Any]]] = {}
        self._decoders: dict[str, Callable[[Any], Any]] = {}
        self.encoder = json.JSONEncoder(
            default=self._encode_fast, separators=(",", ":"), ensure_ascii=False
        )
        self.decoder = json.JSONDecoder(object_hook=self._hook())
        # Set by `JSONDecoder.__init__` (the C scanner), untyped in typeshed.
        self._scan: Callable[[str, int], tuple[Any, int]] = getattr(self.decoder, "scan_once")  # noqa: B009

    def decode(self, data: bytes) -> Any:
        """The library's `decode`, with the standard library's scanner called directly
        (two Python frames fewer an event); anything it does not take whole (leading or
        trailing white space, bad JSON) goes the library's way, with its error."""
        text = data.decode("utf8")
        try:
            value, end = self._scan(text, 0)
        except StopIteration:
            end = -1
        return value if end == len(text) else self.decoder.decode(text)

    def register(self, transcoding: Transcoding) -> None:
        super().register(transcoding)
        fast = _FAST.get(type(transcoding))
        # Whatever was fast under this name or type is so no longer: the newest wins.
        self._decoders.pop(transcoding.name, None)
        self._encoders.pop(transcoding.type, None)
        if fast is not None and fast[:2] == (transcoding.name, transcoding.type):
            self._encoders[transcoding.type] = fast[2]
            self._decoders[transcoding.name] = fast[3]

    def _encode_fast(self, o: Any) -> dict[str, Any]:
        encode = self._encoders.get(type(o))
        return encode(o) if encode is not None else self._encode_obj(o)

    def _hook(self) -> Callable[[dict[str, Any]], Any]:
        """The decoder's object hook: called for every JSON object of every event read,
        so a closure over the look-ups (no attribute or method look-up per call)."""
        decoders, library = self._decoders, self._decode_obj

        def hook(d: dict[str, Any]) -> Any:
            if len(d) != 2 or "_data_" not in d:
                return d
            decode = decoders.get(d.get("_type_"))  # type: ignore[arg-type]
            return decode(d["_data_"]) if decode is not None else library(d)

        return hook
