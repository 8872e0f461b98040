"""``tf.keras.backend``: the global float type and fuzz factor Keras layers and losses use."""
from __future__ import annotations

_STATE = {"floatx": "float32", "epsilon": 1e-7, "image_data_format": "channels_last"}


def floatx() -> str:
    return _STATE["floatx"]


def set_floatx(value: str) -> None:
    if value not in ("float16", "bfloat16", "float32", "float64"):
        raise ValueError(f"Unknown `floatx` value: {value}. Expected one of {{'float16', "
                         f"'bfloat16', 'float32', 'float64'}}")
    _STATE["floatx"] = value


def epsilon() -> float:
    return _STATE["epsilon"]


def set_epsilon(value: float) -> None:
    _STATE["epsilon"] = float(value)


def image_data_format() -> str:
    return _STATE["image_data_format"]


def set_image_data_format(data_format: str) -> None:
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"The `data_format` argument must be one of {{'channels_first', "
                         f"'channels_last'}}. Received: data_format={data_format}")
    _STATE["image_data_format"] = data_format


def clear_session() -> None:
    """Resets Keras' global state: the automatic layer-name counters."""
    from fluxion.keras.utils import naming  # noqa: PLC0415

    naming.reset()
