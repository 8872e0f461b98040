"""A read-only HDF5 parser for the files Keras writes (`model.weights.h5`, `*.weights.h5`).

Pure Python over NumPy: superblock versions 0-3; object headers version 1 (with continuation
blocks) and 2; groups stored as symbol tables (v1 B-tree + local heap, what h5py writes by
default) or as compact link messages; datasets with contiguous or compact layout; integer,
IEEE float, boolean and string datatypes; scalar and variable-length string attributes.
Anything else (chunked/filtered data, external or soft links, dense link storage) is refused
with an `H5FormatError` naming the file, never guessed at. Nothing read is ever executed.
"""
from __future__ import annotations

import math
import struct

import numpy as np

from fluxion.keras.saving import h5_format as fmt
from fluxion.keras.saving.h5_format import H5FormatError

_MAX_DEPTH = 64  # B-tree levels / nested continuation blocks: more means a corrupted file


class H5File:
    """An HDF5 file held in memory: `root` is its top `Group`."""

    def __init__(self, data: bytes, name: str = "<memory>") -> None:
        self.data = bytes(data)
        self._view = memoryview(self.data)  # dataset bytes are read without copying
        self.name = name
        base = self._find_superblock()
        version = self.data[base + 8]
        if version in (0, 1):
            self._read_superblock_v0(base, version)
        elif version in (2, 3):
            self.offset_size, self.length_size = self.data[base + 9], self.data[base + 10]
            self._check_sizes()
            self.base = self.unpack("<Q", base + 12)[0]
            root = self.unpack("<Q", base + 12 + 24)[0]
            self.root_address = root
        else:
            raise self.error(f"unsupported superblock version {version}")
        self._heap_cache: dict = {}
        self.root = open_object(self, self.root_address, "/")

    def _find_superblock(self) -> int:
        for base in (0, 512, 1024, 2048, 4096):  # a user block may precede it
            if self.data[base:base + 8] == fmt.SIGNATURE:
                return base
        raise self.error("not an HDF5 file (no HDF5 signature)")

    def _read_superblock_v0(self, base: int, version: int) -> None:
        self.offset_size, self.length_size = self.data[base + 13], self.data[base + 14]
        self._check_sizes()
        pos = base + 24 + (4 if version == 1 else 0)
        self.base = self.unpack("<Q", pos)[0]
        root_entry = pos + 32  # after base, free-space, end-of-file and driver addresses
        self.root_address = self.unpack("<Q", root_entry + 8)[0]

    def _check_sizes(self) -> None:
        if (self.offset_size, self.length_size) != (8, 8):
            raise self.error(f"unsupported offset/length sizes {self.offset_size}/"
                             f"{self.length_size} (only 8-byte addresses are supported)")

    def error(self, message: str) -> H5FormatError:
        return H5FormatError(f"Corrupted or unsupported HDF5 file {self.name}: {message}")

    def unpack(self, layout: str, pos: int) -> tuple:
        try:
            return struct.unpack_from(layout, self.data, pos)
        except struct.error:
            raise self.error(f"truncated (reading at byte {pos} of {len(self.data)})") from None

    def bytes_at(self, address: int, size: int) -> bytes:
        if address + size > len(self.data) or address < 0:
            raise self.error(f"truncated (needs bytes {address}..{address + size} of "
                             f"{len(self.data)})")
        return self.data[address:address + size]

    def view_at(self, address: int, size: int) -> memoryview:
        self.bytes_at(address, 0)  # the bounds check
        self.bytes_at(address + size, 0)
        return self._view[address:address + size]

    def address(self, relative: int) -> int:
        return relative + self.base

    # --- heaps -------------------------------------------------------------------------------
    def local_heap(self, address: int) -> bytes:
        address = self.address(address)
        if self.bytes_at(address, 4) != b"HEAP":
            raise self.error(f"no local heap at byte {address}")
        size, _free, data_address = self.unpack("<QQQ", address + 8)
        return self.bytes_at(self.address(data_address), size)

    def global_heap_object(self, collection: int, index: int) -> bytes:
        if collection not in self._heap_cache:
            address = self.address(collection)
            if self.bytes_at(address, 4) != b"GCOL":
                raise self.error(f"no global heap collection at byte {address}")
            size = self.unpack("<Q", address + 8)[0]
            objects, pos, end = {}, address + 16, address + size
            while pos + 16 <= end:
                obj_index, _refs, obj_size = self.unpack("<HH4xQ", pos)
                if obj_index == 0:  # free space: the rest of the collection
                    break
                objects[obj_index] = self.bytes_at(pos + 16, obj_size)
                pos += 16 + fmt.pad8(obj_size)
            self._heap_cache[collection] = objects
        objects = self._heap_cache[collection]
        if index not in objects:
            raise self.error(f"global heap object {index} missing")
        return objects[index]


def _c_string(data: bytes, start: int) -> str:
    end = data.find(b"\0", start)
    return data[start:end if end >= 0 else len(data)].decode("utf-8")


class _Header:
    """An object header: its messages as (type, body bytes), continuation blocks followed."""

    def __init__(self, file: H5File, address: int) -> None:
        self.file = file
        self.address = file.address(address)
        self.messages: list[tuple[int, bytes]] = []
        self._continuations = 0
        if file.bytes_at(self.address, 4) == b"OHDR":
            self._read_v2()
        else:
            self._read_v1()

    def _read_v1(self) -> None:
        version, count, _refs, size = self.file.unpack("<BxHII", self.address)
        if version != 1:
            raise self.file.error(f"bad object header at byte {self.address}")
        blocks = [(self.address + 16, size)]
        seen = 0  # the count includes NIL and continuation messages
        while blocks and seen < count:
            start, length = blocks.pop(0)
            pos, end = start, start + length
            while pos + 8 <= end and seen < count:
                kind, msg_size = self.file.unpack("<HH", pos)
                self._add(kind, self.file.bytes_at(pos + 8, msg_size), blocks, 0)
                pos += 8 + msg_size
                seen += 1

    def _read_v2(self) -> None:
        flags = self.file.data[self.address + 5]
        pos = self.address + 6 + (16 if flags & 0x20 else 0) + (4 if flags & 0x10 else 0)
        width = 1 << (flags & 0x03)
        blocks = [(pos + width, int.from_bytes(self.file.bytes_at(pos, width), "little"))]
        header = 6 if flags & 0x04 else 4  # with the creation-order field or without
        while blocks:
            start, length = blocks.pop(0)
            pos, end = start, start + length
            while pos + header <= end:
                kind, msg_size = self.file.unpack("<BH", pos)
                # a continuation block is framed by "OCHK" and a checksum
                self._add(kind, self.file.bytes_at(pos + header, msg_size), blocks, 4)
                pos += header + msg_size

    def _add(self, kind: int, body: bytes, blocks: list, frame: int) -> None:
        if kind == fmt.MSG_CONTINUATION:
            offset, length = struct.unpack_from("<QQ", body)
            blocks.append((self.file.address(offset) + frame, length - 2 * frame))
            self._continuations += 1
        elif kind != fmt.MSG_NIL:
            self.messages.append((kind, body))
        if len(self.messages) > 65536 or self._continuations > 4096:
            raise self.file.error("object header too long (a cycle?)")

    def find(self, kind: int) -> bytes | None:
        return next((body for k, body in self.messages if k == kind), None)


class _Node:
    def __init__(self, header: _Header, path: str) -> None:
        self.file = header.file
        self.header = header
        self.path = path
        self._attrs = None

    @property
    def attrs(self) -> dict:
        """The attributes (strings as `str`, numbers as NumPy values)."""
        if self._attrs is None:
            self._attrs = dict(_read_attribute(self.file, body) for kind, body in
                               self.header.messages if kind == fmt.MSG_ATTRIBUTE)
        return self._attrs


class Group(_Node):
    """A group: `keys()`, `group[name]` (a Group or Dataset), `attrs`."""

    def __init__(self, header: _Header, path: str) -> None:
        super().__init__(header, path)
        self._links = None

    def _read_links(self) -> dict:
        links: dict[str, int] = {}
        table = self.header.find(fmt.MSG_SYMBOL_TABLE)
        if table is not None:
            btree, heap = struct.unpack_from("<QQ", table)
            names = self.file.local_heap(heap)
            self._walk_btree(btree, names, links, 0)
        for kind, body in self.header.messages:
            if kind == fmt.MSG_LINK:
                name, address = _read_link(self.file, body)
                links[name] = address
            elif kind == fmt.MSG_LINK_INFO:
                heap_address = struct.unpack_from("<Q", body, 2 + (8 if body[1] & 1 else 0))[0]
                if heap_address != fmt.UNDEFINED:
                    raise self.file.error(f"group {self.path}: dense link storage is not "
                                          f"supported")
        return links

    def _walk_btree(self, address: int, names: bytes, links: dict, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise self.file.error("B-tree too deep (a cycle?)")
        address = self.file.address(address)
        if self.file.bytes_at(address, 4) != b"TREE":
            raise self.file.error(f"group {self.path}: no B-tree node at byte {address}")
        node_type, level, used = self.file.unpack("<BBH", address + 4)
        if node_type != 0:
            raise self.file.error(f"group {self.path}: not a group B-tree")
        for i in range(used):
            child = self.file.unpack("<Q", address + 24 + 8 + 16 * i)[0]
            if level > 0:
                self._walk_btree(child, names, links, depth + 1)
            else:
                self._read_symbol_node(child, names, links)

    def _read_symbol_node(self, address: int, names: bytes, links: dict) -> None:
        address = self.file.address(address)
        if self.file.bytes_at(address, 4) != b"SNOD":
            raise self.file.error(f"group {self.path}: no symbol table node at byte {address}")
        count = self.file.unpack("<H", address + 6)[0]
        for i in range(count):
            name_offset, header = self.file.unpack("<QQ", address + 8 + 40 * i)
            if name_offset >= len(names):
                raise self.file.error(f"group {self.path}: link name outside the heap")
            links[_c_string(names, name_offset)] = header

    @property
    def links(self) -> dict:
        if self._links is None:
            self._links = self._read_links()
        return self._links

    def keys(self) -> list:
        return list(self.links)

    def __iter__(self):
        return iter(self.links)

    def __len__(self) -> int:
        return len(self.links)

    def __contains__(self, path: str) -> bool:
        try:
            self.get(path)
        except KeyError:
            return False
        return True

    def __getitem__(self, path: str):
        return self.get(path)

    def get(self, path: str):
        """The Group or Dataset at `path` (relative, `a/b/c`); KeyError when absent."""
        node = self
        for part in path.strip("/").split("/"):
            if not isinstance(node, Group) or part not in node.links:
                raise KeyError(path)
            node = open_object(self.file, node.links[part], f"{node.path.rstrip('/')}/{part}")
        return node


class Dataset(_Node):
    """A dataset: `shape`, `dtype`, `read()` (a NumPy array in native byte order)."""

    def __init__(self, header: _Header, path: str) -> None:
        super().__init__(header, path)
        file = self.file
        self.shape = _read_dataspace(file, header.find(fmt.MSG_DATASPACE))
        datatype = header.find(fmt.MSG_DATATYPE)
        if datatype is None:
            raise file.error(f"dataset {path} has no datatype")
        kind, self._stored_dtype, _ = fmt.decode_datatype(datatype)
        if kind not in ("numeric", "bool"):
            raise file.error(f"dataset {path}: {kind} data is not supported")
        self.dtype = self._stored_dtype.newbyteorder("=")
        if header.find(fmt.MSG_FILTERS) is not None or \
                header.find(fmt.MSG_EXTERNAL_FILES) is not None:
            raise file.error(f"dataset {path}: filtered or external data is not supported")

    def read(self) -> np.ndarray:
        size = math.prod(self.shape) * self._stored_dtype.itemsize  # Python ints: no overflow
        raw = _read_layout(self.file, self.header.find(fmt.MSG_LAYOUT), size, self.path)
        if raw is None:  # never written: HDF5's default fill value is zero
            if size > len(self.file.data):
                raise self.file.error(f"dataset {self.path} declares {size} bytes but "
                                      f"stores none")
            return np.zeros(self.shape, self.dtype)
        array = np.frombuffer(raw, self._stored_dtype).reshape(self.shape)
        return array.astype(self.dtype)  # a writable copy in native byte order

    def __array__(self, dtype=None, copy=None):
        array = self.read()
        return array if dtype is None else array.astype(dtype)


def open_object(file: H5File, address: int, path: str):
    """The Group or Dataset whose object header is at `address`."""
    header = _Header(file, address)
    if header.find(fmt.MSG_LAYOUT) is not None or header.find(fmt.MSG_DATATYPE) is not None:
        return Dataset(header, path)
    return Group(header, path)


def _read_link(file: H5File, body: bytes) -> tuple[str, int]:
    version, flags = body[0], body[1]
    if version != 1:
        raise file.error(f"unsupported link message version {version}")
    pos = 2
    link_type = 0
    if flags & 0x08:
        link_type = body[pos]
        pos += 1
    if flags & 0x04:
        pos += 8  # creation order
    if flags & 0x10:
        pos += 1  # character set
    width = 1 << (flags & 0x03)
    length = int.from_bytes(body[pos:pos + width], "little")
    pos += width
    name = body[pos:pos + length].decode("utf-8")
    if link_type != 0:
        raise file.error(f"link {name!r}: soft and external links are not allowed")
    return name, struct.unpack_from("<Q", body, pos + length)[0]


def _read_dataspace(file: H5File, body: bytes | None) -> tuple:
    if body is None:
        raise file.error("dataset without a dataspace")
    version, rank = body[0], body[1]
    if version == 1:
        start = 8
    elif version == 2:
        start = 4
        if body[3] == 2:  # null dataspace: no elements
            return (0,)
    else:
        raise file.error(f"unsupported dataspace version {version}")
    if len(body) < start + 8 * rank:
        raise file.error("truncated dataspace message")
    return struct.unpack_from(f"<{rank}Q", body, start) if rank else ()


def _read_layout(file: H5File, body: bytes | None, size: int, path: str) -> bytes | None:
    if body is None:
        raise file.error(f"dataset {path} has no data layout")
    version, layout_class = body[0], body[1]
    if version not in (3, 4):
        raise file.error(f"dataset {path}: unsupported layout version {version}")
    if layout_class == 0:  # compact: the data sits in the message
        stored = struct.unpack_from("<H", body, 2)[0]
        raw = body[4:4 + stored]
    elif layout_class == 1:
        address, stored = struct.unpack_from("<QQ", body, 2)
        if address == fmt.UNDEFINED:
            return None
        raw = file.view_at(file.address(address), stored)
    else:
        raise file.error(f"dataset {path}: chunked or virtual storage is not supported")
    if len(raw) != size:
        raise file.error(f"dataset {path}: {len(raw)} bytes stored for {size} expected")
    return raw


def _read_attribute(file: H5File, body: bytes) -> tuple[str, object]:
    version = body[0]
    name_size, type_size, space_size = struct.unpack_from("<HHH", body, 2)
    if version == 1:
        pos = 8
        name = _c_string(body, pos)
        pos += fmt.pad8(name_size)
        type_pos = pos
        pos += fmt.pad8(type_size)
        space_pos = pos
        pos += fmt.pad8(space_size)
    elif version in (2, 3):
        pos = 8 + (1 if version == 3 else 0)
        name = _c_string(body, pos)
        type_pos = pos + name_size
        space_pos = type_pos + type_size
        pos = space_pos + space_size
    else:
        raise file.error(f"unsupported attribute message version {version}")
    kind, dtype, size = fmt.decode_datatype(body, type_pos)
    shape = _read_dataspace(file, body[space_pos:space_pos + space_size])
    count = math.prod(shape)
    if kind == "vlen_string":
        values = []
        for i in range(count):
            length, collection, index = struct.unpack_from("<IQI", body, pos + 16 * i)
            values.append(file.global_heap_object(collection, index)[:length].decode("utf-8"))
        return name, values[0] if shape == () else values
    if len(body) < pos + count * size:
        raise file.error(f"attribute {name!r} is truncated")
    array = np.frombuffer(body[pos:pos + count * size], dtype).reshape(shape)
    if kind == "string":
        array = np.char.decode(np.char.rstrip(array, b"\0"), "utf-8")
    return name, array[()] if shape == () else array
