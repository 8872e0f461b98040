"""``Dataset.cache``: the elements of the first complete pass, kept in memory or in a file.

In memory, a pass that stops early keeps nothing (the next pass reads the input again), as TF.
With a filename, the first complete pass streams its elements into temporary files next to
``<filename>.index`` / ``<filename>.data-00000-of-00001`` and renames them into place only when
the pass completes (the index last), so a cache file is never partial; later passes, and other
datasets cached to the same name, read it back element by element.

The data file is a sequence of blocks of up to 1024 elements (or 4 MB); a block holds, per
component, the elements' shapes and their values concatenated as NumPy ``.npy`` records; strings
are stored as byte lengths and concatenated bytes (no pickles).
"""
from __future__ import annotations

import itertools
import json
import os

import numpy as np

from fluxion.core import dtypes
from fluxion.data.dataset import Dataset
from fluxion.data.structure import flatten
from fluxion.errors import DataLossError, NotFoundError

_FORMAT = "fluxion.data.cache/2"
_BLOCK_ELEMENTS = 1024  # elements written together (one record per component)
_BLOCK_BYTES = 4 << 20
_tmp_ids = itertools.count()


class CacheDataset(Dataset):
    def __init__(self, dataset: Dataset, filename) -> None:
        filename = getattr(filename, "_value", filename)
        if isinstance(filename, np.ndarray):
            filename = filename.item()
        if isinstance(filename, bytes):
            filename = filename.decode()
        if not isinstance(filename, (str, os.PathLike)):
            raise TypeError(f"`filename` must be a string, got {filename!r}")
        self._filename = os.fspath(filename)
        self._memory = None
        self._input = dataset
        super().__init__(dataset.element_spec, dataset._card, (dataset,))

    def _elements(self):
        if not self._filename:
            return self._memory_elements()
        return self._file_elements()

    def _memory_elements(self):
        cached = self._memory
        if cached is not None:
            yield from cached
            return
        stored = []
        for element in self._input._elements():
            stored.append(element)
            yield element
        self._memory = stored  # only a complete pass is a cache

    def _file_elements(self):
        index = self._filename + ".index"
        data = self._filename + ".data-00000-of-00001"
        if os.path.exists(index):
            yield from _read(index, data, flatten(self.element_spec))
            return
        yield from _write(self._input._elements(), index, data, flatten(self.element_spec))


def _write(source, index: str, data: str, specs: list):
    suffix = f".tmp-{os.getpid()}-{next(_tmp_ids)}"
    try:
        out = open(data + suffix, "wb")  # noqa: SIM115 - closed in `finally`
    except FileNotFoundError as e:
        raise NotFoundError(None, None, f"{data}: {e.strerror}") from None
    count, blocks, block, size, complete = 0, 0, [], 0, False
    try:
        for element in source:
            block.append(element)
            size += sum(a.nbytes for a in element)
            if len(block) == _BLOCK_ELEMENTS or size > _BLOCK_BYTES:
                _write_block(out, block, len(specs))
                count, blocks, block, size = count + len(block), blocks + 1, [], 0
            yield element
        if block:
            _write_block(out, block, len(specs))
            count, blocks = count + len(block), blocks + 1
        complete = True
    finally:
        out.close()
        if complete:
            meta = {"format": _FORMAT, "elements": count, "blocks": blocks,
                    "components": [s.dtype.name for s in specs]}
            with open(index + suffix, "w", encoding="utf-8") as f:
                json.dump(meta, f)
            os.replace(data + suffix, data)
            os.replace(index + suffix, index)  # the index last: its presence means complete
        else:
            os.remove(data + suffix)


def _write_block(out, block: list, n: int) -> None:
    """One block: per component, the elements' shapes and their values concatenated."""
    write = np.lib.format.write_array
    for c in range(n):
        arrays = [e[c] for e in block]
        write(out, np.array([a.shape for a in arrays], np.int64).reshape(len(arrays), -1),
              allow_pickle=False)
        if arrays[0].dtype == object:
            encoded = [s if isinstance(s, bytes) else str(s).encode()
                       for a in arrays for s in a.reshape(-1)]
            write(out, np.array([len(s) for s in encoded], np.int64), allow_pickle=False)
            write(out, np.frombuffer(b"".join(encoded), np.uint8), allow_pickle=False)
        else:
            write(out, np.concatenate([a.reshape(-1) for a in arrays]), allow_pickle=False)


def _read(index: str, data: str, specs: list):
    try:
        with open(index, encoding="utf-8") as f:
            meta = json.load(f)
    except (ValueError, UnicodeDecodeError):
        meta = None
    if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
        raise DataLossError(None, None, f"{index} is not a cache file written by fluxion.data")
    if meta["components"] != [s.dtype.name for s in specs]:
        raise DataLossError(None, None, f"{index} caches elements of types "
                            f"{meta['components']}, but the dataset has other types")
    strings = [s.dtype is dtypes.string for s in specs]
    with open(data, "rb") as f:
        for _ in range(meta["blocks"]):
            columns = [_read_component(f, is_string) for is_string in strings]
            yield from zip(*columns)


def _read_component(f, is_string: bool) -> list:
    """The arrays of one component of a block."""
    read = np.lib.format.read_array
    shapes = read(f, allow_pickle=False)
    sizes = np.prod(shapes, axis=1, dtype=np.int64) if shapes.shape[1] else \
        np.ones(len(shapes), np.int64)
    if is_string:
        lengths = read(f, allow_pickle=False)
        blob = read(f, allow_pickle=False).tobytes()
        ends = np.cumsum(lengths).tolist()
        starts = [0] + ends[:-1]
        flat = np.empty(len(lengths), dtype=object)
        flat[:] = [blob[a:b] for a, b in zip(starts, ends)]
    else:
        flat = read(f, allow_pickle=False)
    offsets = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    return [flat[offsets[i]:offsets[i + 1]].reshape(tuple(shape))
            for i, shape in enumerate(shapes.tolist())]
