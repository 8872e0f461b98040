"""Numbers to text and back: ``to_number`` (TF's StringToNumber), ``as_string`` (printf-style
AsString) and ``format`` (StringFormat, tensors printed as ``tf.print`` does)."""
from __future__ import annotations

import re

import numpy as np

from fluxion import errors
from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.ops.debug_ops import values_are_provisional
from fluxion.strings._common import (
    STRING,
    attr_bytes,
    bytes_array,
    flat_bytes,
    invalid,
    map_bytes,
    ragged_elementwise,
    same_shape,
)

# --- to_number --------------------------------------------------------------------------------
_INT_TEXT = re.compile(rb"\s*[+-]?[0-9]+\s*")
_HEX_FLOAT = re.compile(rb"\s*[+-]?0[xX][0-9a-fA-F.]+([pP][+-]?[0-9]+)?\s*")
_NAN_PAYLOAD = re.compile(rb"\s*[+-]?[nN][aA][nN]\([0-9A-Za-z_]*\)\s*")
_INT_RANGES = {"int32": (-2**31, 2**31 - 1), "int64": (-2**63, 2**63 - 1),
               "uint32": (0, 2**32 - 1), "uint64": (0, 2**64 - 1)}
_NUMBER_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.uint32,
                 dtypes.uint64)


class _StandIn(Exception):
    """A stand-in value of a trace that does not parse: the graph will see real ones."""


def _bad_number(s: bytes) -> Exception:
    if values_are_provisional():
        return _StandIn()
    return invalid("StringToNumberOp could not correctly convert string: "
                   + s.decode("utf-8", "replace"), "StringToNumber")


def _parse_float(s: bytes) -> float:
    """strtod's syntax: decimal, hex (0x1p3), inf/nan; no Python-only forms such as '1_0'."""
    if b"_" in s:
        raise _bad_number(s)
    try:
        return float(s)
    except ValueError:
        if _NAN_PAYLOAD.fullmatch(s):  # strtod's 'nan(chars)'
            return float("nan")
        if _HEX_FLOAT.fullmatch(s):
            try:
                return float.fromhex(s.strip().decode("ascii"))
            except ValueError:
                pass
        raise _bad_number(s) from None


def _parse_int(s: bytes, low: int, high: int) -> int:
    if not _INT_TEXT.fullmatch(s):
        raise _bad_number(s)
    v = int(s)
    if not low <= v <= high:
        raise _bad_number(s)
    return v


def _to_number_kernel(xp, x, out_type):
    flat = flat_bytes(x)
    try:
        return _parse_all(flat, out_type).reshape(np.shape(x))
    except _StandIn:
        return np.zeros(np.shape(x), out_type._np)


def _parse_all(flat: list, out_type) -> np.ndarray:
    if out_type.is_floating:
        with np.errstate(over="ignore"):  # 1e40 -> inf in float32, like strtof
            values = np.array([_parse_float(s) for s in flat], np.float64).astype(out_type._np)
    else:
        low, high = _INT_RANGES[out_type.name]
        values = np.array([_parse_int(s, low, high) for s in flat], out_type._np)
    return values


string_to_number = defop("string_to_number", _to_number_kernel, dtypes=(STRING,),
                         tf_name="StringToNumber",
                         infer=lambda x, out_type: Spec(x.shape, out_type))


@ragged_elementwise
def to_number(input, out_type=dtypes.float32, name=None):
    """``tf.strings.to_number``: parses each string as `out_type` (float32 by default)."""
    out_type = dtypes.as_dtype(out_type)
    if out_type not in _NUMBER_TYPES:
        raise errors.InvalidArgumentError(
            None, None, f"Value for attr 'out_type' of {out_type.name} is not in the list of "
            "allowed values: float, double, int32, int64, uint32, uint64")
    return string_to_number(input, out_type=out_type)


# --- as_string --------------------------------------------------------------------------------
def _spec(precision: int, scientific: bool, shortest: bool, width: int, fill: str,
          kind: str, name: str) -> str:
    """The printf conversion AsString uses for one dtype kind ('f', 'i', 'c', 'b', 'O')."""
    if len(fill) > 1:
        raise invalid("Fill string must be one or fewer characters", "AsString")
    if scientific and shortest:
        raise invalid("Cannot select both scientific and shortest notation", "AsString")
    if fill not in ("", " ", "0"):
        raise invalid(f'Fill argument not supported: "{fill}"', "AsString")
    floaty = kind in "fc"
    for flag, what in ((precision > -1, "precision"), (scientific, "scientific"),
                       (shortest, "shortest")):
        if flag and not floaty:
            raise invalid(f"{what} not supported for datatype {name}", "AsString")
    spec = "%" + ("0" if fill == "0" else "") + (str(width) if width > -1 else "")
    if floaty:
        spec += ("." + str(precision) if precision > -1 else "")
        return spec + ("e" if scientific else "g" if shortest else "f")
    return spec + ("d" if kind in "iu" else "s")


def _as_string_kernel(xp, x, precision, scientific, shortest, width, fill):
    kind = x.dtype.kind
    name = dtypes.from_numpy(x.dtype).name
    fmt = _spec(precision, scientific, shortest, width, fill, kind, name)
    flat = x.reshape(-1).tolist()
    if kind == "c":
        text = ["(" + fmt % v.real + "," + fmt % v.imag + ")" for v in flat]
    elif kind == "b":  # TF ignores width and fill for bools
        text = ["true" if v else "false" for v in flat]
    elif kind == "O":
        return map_bytes(lambda s: (fmt % s.decode("utf-8", "surrogateescape")).encode(
            "utf-8", "surrogateescape"), x)
    else:
        text = [fmt % v for v in flat]
    out = np.empty(x.shape, object)
    out.reshape(-1)[:] = [t.encode("ascii") for t in text]
    return out


as_string_op = defop("as_string", _as_string_kernel, tf_name="AsString",
                     infer=same_shape(STRING))


@ragged_elementwise
def as_string(input, precision: int = -1, scientific: bool = False, shortest: bool = False,
              width: int = -1, fill: str = "", name=None):
    """``tf.strings.as_string`` (also ``tf.as_string``): each number as text, printf-style."""
    return as_string_op(input, precision=int(precision), scientific=bool(scientific),
                        shortest=bool(shortest), width=int(width), fill=str(fill))


# --- format -----------------------------------------------------------------------------------
_ESCAPES = {0x0A: b"\\n", 0x0D: b"\\r", 0x09: b"\\t", 0x22: b'\\"', 0x27: b"\\'", 0x5C: b"\\\\"}


def _quote(s: bytes) -> bytes:
    """A string element as TF prints it: C escapes for control characters and quotes, bytes
    from 0x80 up left as they are (UTF-8 text stays readable)."""
    out = bytearray(b'"')
    for b in s:
        if b in _ESCAPES:
            out += _ESCAPES[b]
        elif b < 0x20 or b == 0x7F:
            out += b"\\%03o" % b
        else:
            out.append(b)
    return bytes(out + b'"')


def _float_text(v, np_type, digits: tuple) -> bytes:
    """The shortest of %.{6|15}g and %.{9|17}g that reads back as the same value."""
    short = f"{v:.{digits[0]}g}"
    if np.isnan(v) or np_type(float(short)) == np_type(v):
        return short.encode()
    return f"{v:.{digits[1]}g}".encode()


def _element(x) -> callable:
    kind = x.dtype.kind
    if kind == "O":
        return _quote
    if kind == "b":
        return lambda v: b"1" if v else b"0"
    if kind == "f":
        if x.dtype == np.float64:
            return lambda v: _float_text(v, np.float64, (15, 17))
        return lambda v: _float_text(v, np.float32, (6, 9))
    if kind == "c":
        return lambda v: b"?"
    return lambda v: str(v).encode()


def summarize(x, summarize: int) -> bytes:
    """A tensor as StringFormat prints it: numpy-like brackets, at most `summarize` entries at
    each end of every dimension ('...' between), all of them when `summarize` < 0."""
    x = np.asarray(x)
    if x.dtype == object:
        x = bytes_array(x)
    text = _element(x)
    if x.dtype.kind == "f" and x.dtype != np.float64:
        x = x.astype(np.float32)
    if x.ndim == 0:
        return text(x[()])
    edge = x.size if summarize < 0 else min(summarize, x.size)

    def spacing(dim: int) -> bytes:
        if dim == x.ndim - 1:
            return b" "
        return b"\n" * (x.ndim - dim - 1) + b" " * (dim + 1)

    def one(dim: int, index: tuple) -> bytes:
        if dim == x.ndim:
            return text(x[index])
        n = x.shape[dim]
        out = bytearray(b"[")
        for i in range(min(edge, n)):
            out += (spacing(dim) if i else b"") + one(dim + 1, index + (i,))
        if n > 2 * edge:  # TF puts the spacing before '...' even when nothing precedes it
            out += spacing(dim) + b"..."
        for i in range(max(edge, n - edge), n):
            out += spacing(dim) + one(dim + 1, index + (i,))
        return bytes(out + b"]")

    return one(0, ())


def _format_kernel(xp, *inputs, template, placeholder, summarize_n):
    pieces = attr_bytes(template).split(attr_bytes(placeholder))
    out = bytearray(pieces[0])
    for x, piece in zip(inputs, pieces[1:]):
        out += summarize(x, summarize_n) + piece
    return np.array(bytes(out), object)


string_format = defop("string_format", _format_kernel, same_dtype=0, tf_name="StringFormat",
                      infer=lambda *specs, **attrs: Spec((), STRING))


def format(template: str, inputs, placeholder: str = "{}", summarize: int = 3,
           name=None):
    """``tf.strings.format``: `template` with each `placeholder` replaced by a tensor of
    `inputs` printed as ``tf.print`` would (strings quoted)."""
    if hasattr(inputs, "dtype") and hasattr(inputs, "shape"):  # one tensor; other values
        inputs = [inputs]  # must be lists (TF calls len() on them)
    expected = template.count(placeholder)
    if expected != len(inputs):
        raise ValueError(
            f"The template expects {expected} tensors, but the inputs only has {len(inputs)}. "
            "Please ensure the number of placeholders in template matches inputs length.")
    return string_format(*inputs, template=template, placeholder=placeholder,
                         summarize_n=int(summarize))


__all__: list = []
