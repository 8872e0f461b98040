"""Reading the pickled parts of Keras' dataset files without running any pickle code.

Several Keras datasets are stored as pickles: the CIFAR batches are Python-2 pickles of dicts
holding a NumPy array, lists of ints and byte strings; IMDB and Reuters keep their ragged
sequences in ``.npz`` members of object dtype, which NumPy writes as a pickle of an object array
of lists of ints. Unpickling such a file normally lets it call any importable function (a
``__reduce__`` naming ``os.system`` runs a shell command), so Fluxion never unpickles them:

- `RestrictedUnpickler.find_class` never returns a real global. It refuses every name except
  the few that NumPy array pickles use (``numpy.ndarray``, ``numpy.dtype``,
  ``numpy[._]core.multiarray._reconstruct`` / ``scalar``; plus ``_codecs.encode`` and
  ``bytes()``, which Python 3 writes for byte strings at protocol 2), and for those it returns
  Fluxion's own inert stand-ins. The stand-ins accept only plain data (shapes as ints, dtype
  names, raw bytes, element lists): an array pickle becomes a placeholder whose
  ``__setstate__`` rebuilds the array with ``np.frombuffer`` (numeric dtypes) or from its
  element list (object dtype). Structured, string and datetime dtypes are refused. Everything
  else in the stream is what pickle opcodes build without any global: dicts, lists, tuples,
  sets, ints, floats, bools, None, str and bytes (persistent ids are refused by
  `pickle.Unpickler` itself).
- Arrays are accepted where real dataset files put them: the whole pickle, a value of the
  top-level dict or list, or an element of an object array. An array anywhere else is an
  error, so no placeholder ever leaks into the result.
- `load_npz` reads each ``.npy`` member's header with NumPy's format reader; numeric members
  are read by NumPy with ``allow_pickle=False`` and object members by `RestrictedUnpickler`.
"""
from __future__ import annotations

import io
import math
import pickle
import zipfile

import numpy as np

_NUMERIC_KINDS = frozenset("biufc")  # bool, signed, unsigned, float, complex
_MULTIARRAY = ("numpy.core.multiarray", "numpy._core.multiarray")


def _refuse(message: str):
    raise pickle.UnpicklingError(f"Refusing to load this dataset file: {message}. "
                                 "The file may be corrupted or malicious.")


def _text(value, what: str) -> str:
    """A short str/bytes field (dtype names, byte orders) as str."""
    if isinstance(value, bytes) and len(value) <= 16:
        value = value.decode("ascii", "replace")
    if not isinstance(value, str) or len(value) > 16:
        _refuse(f"bad {what} {value!r}")
    return value


class _StandIn:
    """What `find_class` hands out instead of a real global: calling it runs Fluxion's
    replacement; the pickle cannot modify it (BUILD refuses, it has no attributes to set)."""

    __slots__ = ("_build", "_name")

    def __init__(self, name: str, build):
        self._name, self._build = name, build

    def __call__(self, *args):
        return self._build(*args)

    def __setstate__(self, state):
        _refuse(f"the pickle tries to modify {self._name}")


class _DtypeStub:
    """A ``numpy.dtype`` while its pickle is read (``__setstate__`` sets the byte order)."""

    __slots__ = ("dtype",)

    def __init__(self, name, align=False, copy=True):
        name = _text(name, "dtype name")
        try:
            dtype = np.dtype(object) if name.startswith("O") else np.dtype(name)
        except (TypeError, ValueError):
            _refuse(f"unknown dtype {name!r}")
        if dtype.kind not in _NUMERIC_KINDS and dtype.kind != "O":
            _refuse(f"unsupported dtype {name!r}")
        self.dtype = dtype

    def __setstate__(self, state):
        if not isinstance(state, tuple) or len(state) < 8 or any(
                field is not None for field in state[2:5]):
            _refuse("unsupported dtype state (structured or sub-array dtype)")
        order = _text(state[1], "byte order")
        if order in ("<", ">"):
            self.dtype = self.dtype.newbyteorder(order)
        elif order not in ("|", "="):
            _refuse(f"bad byte order {order!r}")


class _ArrayStub:
    """A ``numpy.ndarray`` until ``__setstate__`` builds the real array from plain data."""

    __slots__ = ("array", "taken")

    def __init__(self):
        self.array = None
        self.taken = False

    def take(self) -> np.ndarray:
        if self.array is None:
            _refuse("an array is used before it is complete")
        self.taken = True
        return self.array

    def __setstate__(self, state):
        if not isinstance(state, tuple) or len(state) not in (4, 5):
            _refuse("bad array state")
        shape, dtype, fortran, data = state[-4:]
        if not isinstance(shape, tuple) or not all(type(n) is int and n >= 0 for n in shape):
            _refuse(f"bad array shape {shape!r}")
        if not isinstance(dtype, _DtypeStub):
            _refuse("array state without a dtype")
        order, count = ("F" if fortran else "C"), math.prod(shape)
        if dtype.dtype.kind == "O":
            if not isinstance(data, list) or len(data) != count:
                _refuse("object array with the wrong number of elements")
            flat = np.fromiter((_resolve(item) for item in data), dtype=object, count=count)
            self.array = flat.reshape(shape, order=order)
            return
        if isinstance(data, str):  # Python-2 byte string read with encoding="latin1"
            data = data.encode("latin1")
        if not isinstance(data, (bytes, bytearray)) or len(data) != count * dtype.dtype.itemsize:
            _refuse("array data does not match its shape and dtype")
        # a bytearray copy makes the array writable, as unpickled arrays are
        self.array = np.frombuffer(bytearray(data), dtype.dtype).reshape(shape, order=order)


def _resolve(value):
    """`value`, with an array placeholder replaced by its array."""
    if type(value) is _ArrayStub:
        return value.take()
    if type(value) is _DtypeStub:
        return value.dtype
    return value


def _no_ndarray(*args):
    _refuse("numpy.ndarray cannot be called directly")


def _scalar(dtype, data):
    if not isinstance(dtype, _DtypeStub):
        _refuse("scalar without a dtype")
    if dtype.dtype.kind == "O":
        return data
    if isinstance(data, str):
        data = data.encode("latin1")
    if not isinstance(data, bytes) or len(data) != dtype.dtype.itemsize:
        _refuse("bad scalar data")
    return np.frombuffer(data, dtype.dtype)[0]


def _encode(text, encoding):
    """``_codecs.encode``, as Python 3 pickles bytes at protocol 2: latin-1 only."""
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        _refuse("_codecs.encode is only accepted for latin-1 text")
    return text.encode("latin1")


def _empty_bytes(*args):
    """``bytes()``, as Python 3 pickles an empty byte string at protocol 2."""
    if args:
        _refuse("bytes() is only accepted without arguments")
    return b""


_NDARRAY = _StandIn("numpy.ndarray", _no_ndarray)
_SHARED = {("numpy", "ndarray"): _NDARRAY,
           ("numpy", "dtype"): _StandIn("numpy.dtype", _DtypeStub),
           ("_codecs", "encode"): _StandIn("_codecs.encode", _encode),
           ("__builtin__", "bytes"): _StandIn("bytes", _empty_bytes)}
for _module in _MULTIARRAY:
    _SHARED[(_module, "scalar")] = _StandIn(f"{_module}.scalar", _scalar)


class RestrictedUnpickler(pickle.Unpickler):
    """Reads dicts, lists, tuples, scalars, strings, bytes and NumPy arrays; refuses every
    other global (see the module docstring)."""

    def __init__(self, file, **kwargs):
        super().__init__(file, **kwargs)
        self._stubs: list[_ArrayStub] = []
        self._stand_ins = dict(_SHARED)
        for module in _MULTIARRAY:  # per reader: it records the placeholders it creates
            self._stand_ins[(module, "_reconstruct")] = _StandIn(
                f"{module}._reconstruct", self._reconstruct)

    def find_class(self, module, name):
        stand_in = self._stand_ins.get((module, name))
        if stand_in is None:
            _refuse(f"it references `{module}.{name}`")
        return stand_in

    def _reconstruct(self, cls, shape, typecode):
        if cls is not _NDARRAY or not isinstance(typecode, (str, bytes)):
            _refuse("_reconstruct is only accepted for numpy.ndarray")
        stub = _ArrayStub()
        self._stubs.append(stub)
        return stub

    def load(self):
        result = super().load()
        if isinstance(result, dict):
            result = {key: _resolve(value) for key, value in result.items()}
        elif isinstance(result, (list, tuple)):
            result = type(result)(_resolve(value) for value in result)
        else:
            result = _resolve(result)
        if any(not stub.taken for stub in self._stubs):
            _refuse("an array is nested where dataset files have none")
        return result


def load_pickle(file, encoding: str = "ASCII"):
    """Reads one pickle from an open binary file with `RestrictedUnpickler`."""
    return RestrictedUnpickler(file, encoding=encoding).load()


def _read_npy(member) -> np.ndarray:
    """One `.npy` stream (a seekable binary file): object arrays through the restricted
    reader, everything else through NumPy with pickles disabled."""
    fmt = np.lib.format
    version = fmt.read_magic(member)
    if version == (1, 0):
        shape, _, dtype = fmt.read_array_header_1_0(member)
    elif version in ((2, 0), (3, 0)):
        # 3.0 only differs from 2.0 by a UTF-8 header; an ASCII header reads the same
        shape, _, dtype = fmt.read_array_header_2_0(member)
    else:
        raise ValueError(f"Unsupported .npy format version {version}.")
    if not dtype.hasobject:
        member.seek(0)
        return fmt.read_array(member, allow_pickle=False)
    array = load_pickle(member, encoding="latin1")
    if not isinstance(array, np.ndarray) or array.dtype != dtype or array.shape != shape:
        _refuse("the object array does not match its .npy header")
    return array


def load_npz(path) -> dict:
    """The arrays of an `.npz` file as a dict (member name without `.npy` -> array); object
    arrays are decoded by `RestrictedUnpickler`, never by `pickle`."""
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".npy"):
                with archive.open(name) as raw:
                    arrays[name[:-len(".npy")]] = _read_npy(io.BytesIO(raw.read()))
    return arrays
