"""A small protocol-buffer runtime: `Field` and the `Message` base class.

Enough of protobuf's Python API for TensorFlow's record protos (tf.train.Example and friends):
a message class lists its fields (`Field`) and gets properties, constructor keywords,
serialization, parsing, presence, oneofs, equality and text format from `Message`. Field
containers and scalar codecs are in `fluxion.io._containers`; the wire format in
`fluxion.io._wire`.
"""
from __future__ import annotations

from fluxion.io import _wire
from fluxion.io._containers import (
    BYTES,
    FLOAT,
    INT64,
    MessageMap,
    RepeatedCompositeContainer,
    RepeatedScalarContainer,
    escape_bytes,
)
from fluxion.io._wire import LEN, DecodeError

__all__ = ["BYTES", "FLOAT", "INT64", "DecodeError", "Field", "Message"]


# --- messages ------------------------------------------------------------------------------
class Field:
    """One field of a message: `kind` is "scalar" (`type` a codec), "message", "composite"
    (repeated message) or "map" (string keys; `type` the value class)."""

    __slots__ = ("kind", "name", "number", "oneof", "type")

    def __init__(self, name: str, number: int, kind: str, type_, oneof: str | None = None):
        self.name, self.number, self.kind, self.type, self.oneof = name, number, kind, type_, oneof

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.number})"


def _field_property(field: Field) -> property:
    def get(self):
        value = self._fields.get(field.name)
        return value if value is not None else self._create(field)

    def set_(self, value):
        what = "message" if field.kind == "message" else "map, or repeated"
        raise AttributeError(f'Assignment not allowed to {what} field "{field.name}" in protocol '
                             f"message object.")

    return property(get, set_, doc=f"Field {field.number}: {field.name}")


class Message:
    """Base of the message classes: subclasses set ``FIELDS`` (a tuple of `Field`)."""

    FIELDS: tuple = ()
    __slots__ = ("_fields", "_parent", "_present", "_slot", "_unknown")

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls._BY_NAME = {f.name: f for f in cls.FIELDS}
        cls._BY_NUMBER = {f.number: f for f in cls.FIELDS}
        cls._ONEOFS = {f.oneof for f in cls.FIELDS if f.oneof}
        for f in cls.FIELDS:
            setattr(cls, f.name, _field_property(f))

    def __init__(self, **kwargs) -> None:
        self._fields: dict = {}
        self._present: set = set()  # singular message fields that are set
        self._parent = self._slot = None  # who to tell when this message changes
        self._unknown = b""
        for name, value in kwargs.items():
            field = self._BY_NAME.get(name)
            if field is None:
                raise ValueError(f'Protocol message {type(self).__name__} has no "{name}" field.')
            if value is not None:
                self._init_field(field, value)

    @classmethod
    def full_name(cls) -> str:
        return "tensorflow." + cls.__name__

    def _init_field(self, field: Field, value) -> None:
        target = getattr(self, field.name)
        if field.kind == "scalar":
            target.extend(value)
        elif field.kind == "message":
            target.MergeFrom(_coerce(field.type, value))
            self._mark_present(field.name)
        elif field.kind == "composite":
            target.extend(_coerce(field.type, v) for v in value)
        else:
            for key, v in value.items():
                target[key].CopyFrom(_coerce(field.type, v))

    def _create(self, field: Field):
        kind = field.kind
        if kind == "scalar":
            value = RepeatedScalarContainer(self, field.type, f"{self.full_name()}.{field.name}")
        elif kind == "composite":
            value = RepeatedCompositeContainer(self, field.type)
        elif kind == "map":
            value = MessageMap(self, field.type)
        else:
            value = field.type()
            value._parent, value._slot = self, field.name
        self._fields[field.name] = value
        return value

    # --- presence ------------------------------------------------------------------------
    def _modified(self) -> None:
        """Called by a child or container that changed: sets presence up the chain."""
        child, parent = self, self._parent
        while parent is not None:
            if child._slot is not None:
                if parent._fields.get(child._slot) is not child:
                    return  # a stale child, replaced by a oneof switch or Clear()
                parent._mark_present(child._slot)
            child, parent = parent, parent._parent

    def _mark_present(self, name: str) -> None:
        if name in self._present:
            return
        oneof = self._BY_NAME[name].oneof
        if oneof is not None:
            for f in self.FIELDS:
                if f.oneof == oneof and f.name != name:
                    self._drop(f.name)
        self._present.add(name)

    def _drop(self, name: str) -> None:
        old = self._fields.pop(name, None)
        if isinstance(old, Message):
            old._parent = None
        self._present.discard(name)

    def HasField(self, field_name: str) -> bool:
        if field_name in self._ONEOFS:
            return self.WhichOneof(field_name) is not None
        field = self._BY_NAME.get(field_name)
        if field is None or field.kind != "message":
            raise ValueError(f'Protocol message {type(self).__name__} has no singular '
                             f'"{field_name}" field.')
        return field_name in self._present

    def WhichOneof(self, oneof_group: str) -> str | None:
        if oneof_group not in self._ONEOFS:
            raise ValueError(f'Protocol message has no oneof "{oneof_group}" field.')
        for f in self.FIELDS:
            if f.oneof == oneof_group and f.name in self._present:
                return f.name
        return None

    def ClearField(self, field_name: str) -> None:
        if field_name in self._ONEOFS:
            for f in self.FIELDS:
                if f.oneof == field_name:
                    self._drop(f.name)
        elif field_name in self._BY_NAME:
            self._drop(field_name)
        else:
            raise ValueError(f'Protocol message {type(self).__name__} has no "{field_name}" '
                             f"field.")
        self._modified()

    def Clear(self) -> None:
        for name in list(self._fields):
            self._drop(name)
        self._unknown = b""
        self._modified()

    def ListFields(self) -> list:
        """(Field, value) of the fields that are set, by field number."""
        out = []
        for f in self.FIELDS:
            value = self._fields.get(f.name)
            if value is not None and (f.name in self._present if f.kind == "message" else
                                      len(value)):
                out.append((f, value))
        return out

    def IsInitialized(self) -> bool:
        return True

    # --- copying -------------------------------------------------------------------------
    def MergeFrom(self, other: Message) -> None:
        if not isinstance(other, type(self)):
            raise TypeError(f"Parameter to MergeFrom() must be instance of same class: expected "
                            f"{type(self).__name__} got {type(other).__name__}.")
        for f, value in other.ListFields():
            getattr(self, f.name).MergeFrom(value)
            if f.kind == "message":
                self._mark_present(f.name)
        self._unknown += other._unknown
        self._modified()

    def CopyFrom(self, other: Message) -> None:
        if other is not self:
            self.Clear()
            self.MergeFrom(other)

    def __reduce__(self):
        return type(self).FromString, (self.SerializeToString(),)

    def __deepcopy__(self, memo=None) -> Message:
        return type(self).FromString(self.SerializeToString())

    # --- wire format ---------------------------------------------------------------------
    def SerializeToString(self, deterministic: bool | None = None) -> bytes:
        """The wire-format bytes; maps in TF's deterministic order whatever `deterministic`."""
        parts = []
        for f, value in self.ListFields():
            n = f.number
            if f.kind == "scalar":
                parts.append(f.type.encode_field(n, value._items))
            elif f.kind == "message":
                parts.append(_wire.len_field(n, value.SerializeToString()))
            elif f.kind == "composite":
                parts.extend(_wire.len_field(n, m.SerializeToString()) for m in value)
            else:
                for key, m in value.sorted_items():
                    entry = (_wire.len_field(1, key.encode("utf-8"))
                             + _wire.len_field(2, m.SerializeToString()))
                    parts.append(_wire.len_field(n, entry))
        parts.append(self._unknown)
        return b"".join(parts)

    SerializePartialToString = SerializeToString

    def ByteSize(self) -> int:
        return len(self.SerializeToString())

    @classmethod
    def FromString(cls, s) -> Message:
        message = cls()
        message.MergeFromString(s)
        return message

    def ParseFromString(self, serialized) -> int:
        self.Clear()
        return self.MergeFromString(serialized)

    def MergeFromString(self, serialized) -> int:
        data = bytes(serialized)
        try:
            self._merge_wire(data)
        except (DecodeError, UnicodeDecodeError) as e:
            raise DecodeError(f"Error parsing message with type '{self.full_name()}'") from e
        self._modified()
        return len(data)

    def _merge_wire(self, data: bytes) -> None:
        unknown = []
        for number, wire_type, value in _wire.iter_fields(data):
            f = self._BY_NUMBER.get(number)
            if f is None or wire_type not in (f.type.wire_types if f.kind == "scalar" else (LEN,)):
                unknown.append(_wire.encode_field(number, wire_type, value))
                continue
            target = getattr(self, f.name)
            if f.kind == "scalar":
                target._items.extend(f.type.decode(wire_type, value))
            elif f.kind == "message":
                target._merge_wire(value)
                self._mark_present(f.name)
            elif f.kind == "composite":
                target.add()._merge_wire(value)
            else:
                key, child = _parse_map_entry(f.type, value)
                child._parent = self
                target._items[key] = child
        if unknown:
            self._unknown += b"".join(unknown)

    # --- comparison and text -------------------------------------------------------------
    def __eq__(self, other) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return type(other) is type(self) and \
            self.SerializeToString() == other.SerializeToString()

    __hash__ = None

    def _text_lines(self, indent: str) -> list:
        lines = []
        for f, value in self.ListFields():
            if f.kind == "scalar":
                lines.extend(f"{indent}{f.name}: {f.type.text(v)}" for v in value)
            elif f.kind == "message":
                lines.extend(_block(f"{indent}{f.name}", value, indent))
            elif f.kind == "composite":
                for m in value:
                    lines.extend(_block(f"{indent}{f.name}", m, indent))
            else:
                for key, m in value.sorted_items():
                    key_text = escape_bytes(key.encode("utf-8"), utf8=True)
                    lines += [f"{indent}{f.name} {{", f'{indent}  key: "{key_text}"',
                              *_block(f"{indent}  value", m, indent + "  "), f"{indent}}}"]
        for number, wire_type, value in _wire.iter_fields(self._unknown):
            shown = f'"{escape_bytes(value)}"' if wire_type == LEN else str(value)
            lines.append(f"{indent}{number}: {shown}")
        return lines

    def __str__(self) -> str:
        lines = self._text_lines("")
        return "\n".join(lines) + "\n" if lines else ""

    __repr__ = __str__


def _block(head: str, message: Message, indent: str) -> list:
    return [head + " {", *message._text_lines(indent + "  "), indent + "}"]


def _coerce(cls: type, value) -> Message:
    """A constructor argument as a message of `cls`: messages pass, dicts are keywords."""
    if isinstance(value, dict):
        return cls(**value)
    if not isinstance(value, cls):
        raise TypeError(f"Expected a {cls.full_name()} message or a dict, got "
                        f"{type(value).__name__}")
    return value


def _parse_map_entry(cls: type, data: bytes) -> tuple:
    key, child = "", cls()
    for number, wire_type, value in _wire.iter_fields(data):
        if number == 1 and wire_type == LEN:
            key = bytes(value).decode("utf-8")
        elif number == 2 and wire_type == LEN:
            child = cls()
            child._merge_wire(value)
    return key, child
