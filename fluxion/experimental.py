"""``tf.experimental``: the parts Fluxion has (loaded on first use)."""
from __future__ import annotations

_NAMES = {"Optional": "fluxion.data.dataset"}


def __getattr__(name: str):
    if name in _NAMES:
        import importlib  # noqa: PLC0415

        value = getattr(importlib.import_module(_NAMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'fluxion.experimental' has no attribute {name!r}")


def __dir__() -> list:
    return sorted(set(globals()) | set(_NAMES))
