"""``tf.compat``: byte/text helpers and the `v1` namespace (the parts of TF1's API that TF2
Estimator model_fns use). `v1` and `v2` load lazily."""
from __future__ import annotations

import importlib
import os


def as_bytes(bytes_or_text, encoding="utf-8") -> bytes:
    """`bytes_or_text` as bytes (text encoded with `encoding`)."""
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


def as_text(bytes_or_text, encoding="utf-8") -> str:
    """`bytes_or_text` as str (bytes decoded with `encoding`)."""
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


as_str = as_text


def as_str_any(value, encoding="utf-8") -> str:
    return as_str(value, encoding) if isinstance(value, bytes) else str(value)


def path_to_str(path):
    return os.fspath(path) if isinstance(path, os.PathLike) else path


def __getattr__(name: str):
    if name == "v1":
        module = importlib.import_module("fluxion.compat.v1")
    elif name == "v2":
        module = importlib.import_module("fluxion")
    else:
        raise AttributeError(f"module 'fluxion.compat' has no attribute {name!r}")
    globals()[name] = module
    return module


__all__ = ["as_bytes", "as_str", "as_str_any", "as_text", "path_to_str"]
