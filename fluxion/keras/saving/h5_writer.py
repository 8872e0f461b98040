"""Writes HDF5 files the way h5py does by default (the "earliest" format every HDF5 reader
since 1.6 understands), for the subset Keras' weight files use: nested groups holding
contiguous datasets, and string attributes.

Layout: superblock version 0; version-1 object headers; each group a symbol table (a v1
B-tree whose leaves are symbol-table nodes, and a local heap holding the link names); string
attributes as variable-length UTF-8 strings in one global heap collection (as h5py stores a
Python `str`). The whole file is built in memory and returned as bytes, so the caller decides
how it reaches the disk (atomically).
"""
from __future__ import annotations

import struct

import numpy as np

from fluxion.keras.saving import h5_format as fmt

LEAF_K = 4  # a symbol-table node holds up to 2 * LEAF_K links (HDF5's defaults)
INTERNAL_K = 16  # a B-tree node has up to 2 * INTERNAL_K children
_BTREE_NODE_SIZE = 24 + (2 * INTERNAL_K + 1) * 8 + 2 * INTERNAL_K * 8
_SNOD_SIZE = 8 + 2 * LEAF_K * 40
_SUPERBLOCK_SIZE = 96
_GCOL_MIN_SIZE = 4096  # HDF5 reads at least this much of a global heap collection


class GroupNode:
    """A group being written: `group[name] = array`, `group.create_group(name)`, `attrs`."""

    def __init__(self) -> None:
        self.children: dict[str, GroupNode | np.ndarray] = {}
        self.attrs: dict[str, str] = {}

    def create_group(self, name: str) -> GroupNode:
        _check_name(name)
        if name in self.children:
            raise ValueError(f"Unable to create group (name already exists): {name!r}")
        group = self.children[name] = GroupNode()
        return group

    def require_group(self, path: str) -> GroupNode:
        """The group at `path` (`a/b/c`), created with its parents where missing."""
        node = self
        for part in path.strip("/").split("/"):
            child = node.children.get(part)
            if child is None:
                child = node.create_group(part)
            elif not isinstance(child, GroupNode):
                raise ValueError(f"{path!r}: {part!r} is a dataset, not a group")
            node = child
        return node

    def __setitem__(self, name: str, value) -> None:
        _check_name(name)
        if name in self.children:
            raise ValueError(f"Unable to create dataset (name already exists): {name!r}")
        array = np.asarray(value, order="C")
        fmt.encode_datatype(array.dtype)  # refuses unsupported dtypes now, not at the end
        self.children[name] = array

    def __contains__(self, name: str) -> bool:
        return name in self.children

    def keys(self) -> list:
        return list(self.children)


def _check_name(name: str) -> None:
    if not name or "/" in name or "\0" in name or name in (".", ".."):
        raise ValueError(f"Invalid HDF5 link name {name!r}")


class _Buffer:
    """The file's bytes, appended in 8-byte-aligned blocks."""

    def __init__(self, start: int) -> None:
        self.parts: list[bytes] = []
        self.size = start

    def append(self, data: bytes) -> int:
        address = self.size
        padding = fmt.pad8(len(data)) - len(data)
        self.parts += [data, b"\0" * padding] if padding else [data]
        self.size += len(data) + padding
        return address


def to_bytes(root: GroupNode) -> bytes:
    """The HDF5 file holding `root` and everything below it."""
    return b"".join(serialize(root))


def serialize(root: GroupNode) -> list:
    """The HDF5 file holding `root`, as a list of byte strings and memoryviews to write in
    order (array data is not copied)."""
    strings = _collect_strings(root, [])
    buffer = _Buffer(_SUPERBLOCK_SIZE)
    heap_ids = _write_global_heap(buffer, strings)
    header, btree, heap = _write_group(buffer, root, heap_ids)
    superblock = fmt.SIGNATURE + struct.pack(
        "<8BHHI4Q", 0, 0, 0, 0, 0, 8, 8, 0, LEAF_K, INTERNAL_K, 0,
        0, fmt.UNDEFINED, buffer.size, fmt.UNDEFINED)
    superblock += _symbol_entry(0, header, (btree, heap))
    assert len(superblock) == _SUPERBLOCK_SIZE
    return [superblock, *buffer.parts]


def _collect_strings(group: GroupNode, out: list) -> list:
    out.extend(group.attrs.values())
    for child in group.children.values():
        if isinstance(child, GroupNode):
            _collect_strings(child, out)
    return out


def _write_global_heap(buffer: _Buffer, strings: list) -> dict:
    """One collection with every attribute string; returns
    {string: (collection address, object index, length in bytes)}."""
    unique = list(dict.fromkeys(strings))
    if not unique:
        return {}
    objects = b""
    for index, text in enumerate(unique, start=1):
        data = text.encode("utf-8")
        objects += struct.pack("<HH4xQ", index, 0, len(data)) + data + \
            b"\0" * (fmt.pad8(len(data)) - len(data))
    size = max(_GCOL_MIN_SIZE, 16 + len(objects) + 16)
    free = size - 16 - len(objects)  # the free-space object's size counts its own header
    collection = b"GCOL" + struct.pack("<B3xQ", 1, size) + objects + \
        struct.pack("<HH4xQ", 0, 0, free) + b"\0" * (free - 16)
    address = buffer.append(collection)
    return {text: (address, index, len(text.encode("utf-8")))
            for index, text in enumerate(unique, start=1)}


def _write_group(buffer: _Buffer, group: GroupNode, heap_ids: dict) -> tuple[int, int, int]:
    """Writes the group's children, then its name heap, B-tree and object header."""
    entries = []  # (name, header address, cache) in HDF5's (byte-wise) name order
    for name in sorted(group.children, key=lambda n: n.encode("utf-8")):
        child = group.children[name]
        if isinstance(child, GroupNode):
            header, btree, heap = _write_group(buffer, child, heap_ids)
            entries.append((name, header, (btree, heap)))
        else:
            entries.append((name, _write_dataset(buffer, child), None))
    names, offsets = bytearray(b"\0" * 8), []  # offset 0: the empty name
    for name, _, _ in entries:
        offsets.append(len(names))
        data = name.encode("utf-8") + b"\0"
        names += data + b"\0" * (fmt.pad8(len(data)) - len(data))
    data_address = buffer.append(bytes(names))
    heap = buffer.append(b"HEAP" + struct.pack("<B3xQQQ", 0, len(names), 1, data_address))
    btree = _write_btree(buffer, entries, offsets)
    messages = [(fmt.MSG_SYMBOL_TABLE, struct.pack("<QQ", btree, heap))]
    messages += [(fmt.MSG_ATTRIBUTE, _string_attribute(key, heap_ids[value]))
                 for key, value in group.attrs.items()]
    return _write_header(buffer, messages), btree, heap


def _write_btree(buffer: _Buffer, entries: list, offsets: list) -> int:
    """The group B-tree: symbol-table nodes of up to 2K links, then levels of B-tree nodes
    of up to 2K children until one root remains. Returns the root's address."""
    per_leaf = 2 * LEAF_K
    nodes = []  # (address, heap offset of the subtree's last name)
    for start in range(0, len(entries), per_leaf):
        chunk = entries[start:start + per_leaf]
        body = b"SNOD" + struct.pack("<BxH", 1, len(chunk))
        for (_, header, cache), offset in zip(chunk, offsets[start:start + per_leaf]):
            body += _symbol_entry(offset, header, cache)
        body += b"\0" * (_SNOD_SIZE - len(body))
        nodes.append((buffer.append(body), offsets[start + len(chunk) - 1]))
    level = 0
    while True:
        groups = [nodes[i:i + 2 * INTERNAL_K] for i in range(0, len(nodes), 2 * INTERNAL_K)]
        groups = groups or [[]]
        first = buffer.size
        addresses = [first + i * _BTREE_NODE_SIZE for i in range(len(groups))]
        parents, left_key = [], 0
        for i, children in enumerate(groups):
            left = addresses[i - 1] if i > 0 else fmt.UNDEFINED
            right = addresses[i + 1] if i + 1 < len(groups) else fmt.UNDEFINED
            body = b"TREE" + struct.pack("<BBHQQ", 0, level, len(children), left, right)
            body += struct.pack("<Q", left_key)
            for address, last in children:
                body += struct.pack("<QQ", address, last)
            body += b"\0" * (_BTREE_NODE_SIZE - len(body))
            buffer.append(body)
            last_key = children[-1][1] if children else 0
            parents.append((addresses[i], last_key))
            left_key = last_key
        if len(parents) == 1:
            return parents[0][0]
        nodes, level = parents, level + 1


def _symbol_entry(name_offset: int, header: int, cache) -> bytes:
    if cache is None:
        return struct.pack("<QQII16x", name_offset, header, 0, 0)
    return struct.pack("<QQIIQQ", name_offset, header, 1, 0, *cache)


def _write_dataset(buffer: _Buffer, array: np.ndarray) -> int:
    array = array.astype(array.dtype.newbyteorder("<"), order="C", copy=False)
    shape = array.shape
    if shape:
        space = struct.pack(f"<BBB5x{2 * len(shape)}Q", 1, len(shape), 1, *shape, *shape)
    else:
        space = struct.pack("<BBB5x", 1, 0, 0)  # scalar
    raw = memoryview(array.reshape(-1).view(np.uint8)) if array.size else b""
    messages = [(fmt.MSG_DATASPACE, space),
                (fmt.MSG_DATATYPE, fmt.encode_datatype(array.dtype)),
                (fmt.MSG_FILL_VALUE, struct.pack("<BBBBI", 2, 2, 2, 1, 0)),
                (fmt.MSG_LAYOUT, None)]
    header_size = 16 + sum(8 + fmt.pad8(len(b)) for _, b in messages[:-1]) + 8 + 24
    data_address = buffer.size + header_size if len(raw) else fmt.UNDEFINED
    messages[-1] = (fmt.MSG_LAYOUT, struct.pack("<BBQQ6x", 3, 1, data_address, len(raw)))
    address = _write_header(buffer, messages)
    if len(raw):
        assert buffer.size == data_address
        buffer.append(raw)
    return address


def _string_attribute(name: str, heap_id: tuple[int, int, int]) -> bytes:
    name_bytes = name.encode("utf-8") + b"\0"
    datatype = fmt.vlen_string_datatype()
    space = struct.pack("<BBB5x", 1, 0, 0)
    body = struct.pack("<BxHHH", 1, len(name_bytes), len(datatype), len(space))
    for part in (name_bytes, datatype, space):
        body += part + b"\0" * (fmt.pad8(len(part)) - len(part))
    collection, index, length = heap_id
    return body + struct.pack("<IQI", length, collection, index)


def _write_header(buffer: _Buffer, messages: list) -> int:
    body = b""
    for kind, data in messages:
        padded = data + b"\0" * (fmt.pad8(len(data)) - len(data))
        body += struct.pack("<HHB3x", kind, len(padded), 0) + padded
    prefix = struct.pack("<BxHII4x", 1, len(messages), 1, len(body))
    return buffer.append(prefix + body)
