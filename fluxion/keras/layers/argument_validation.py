"""Keras' argument checks shared by the conv, pooling and reshaping layers: int-or-tuple
arguments, padding names and data formats, with Keras' messages."""
from __future__ import annotations


def standardize_tuple(value, n: int, name: str, allow_zero: bool = False) -> tuple:
    """An int (repeated n times) or an iterable of n ints, as a tuple of n ints."""
    message = f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value}"
    if isinstance(value, int):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise ValueError(message) from None
        if len(values) != n:
            raise ValueError(message)
        for v in values:
            if isinstance(v, bool) or not isinstance(v, int):
                try:
                    int(v)
                except (ValueError, TypeError):
                    raise ValueError(f"{message}including element {v} of type {type(v)}") \
                        from None
        values = tuple(int(v) for v in values)
    bad = {v for v in values if (v < 0 if allow_zero else v <= 0)}
    if bad:
        raise ValueError(f"{message}, including values {bad} that do not satisfy "
                         f"`value {'>= 0' if allow_zero else '> 0'}`")
    return values


def standardize_padding(value, allow_causal: bool = False):
    if isinstance(value, (list, tuple)):
        return value
    padding = str(value).lower()
    allowed = {"valid", "same", "causal"} if allow_causal else {"valid", "same"}
    if padding not in allowed:
        raise ValueError(f"The `padding` argument must be a list/tuple or one of {allowed}. "
                         f"Received: {padding}")
    return padding


def standardize_data_format(data_format) -> str:
    if data_format is None:
        from fluxion.keras import backend  # noqa: PLC0415

        return backend.image_data_format()
    data_format = str(data_format).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(f"The `data_format` argument must be one of {{'channels_first', "
                         f"'channels_last'}}. Received: data_format={data_format}")
    return data_format


def tf_layout(data_format: str, n: int) -> str:
    """The tf.nn layout name ("NHWC", "NCW"...) of a Keras data format with n spatial axes."""
    spatial = "DHW"[3 - n:] if n > 1 else "W"
    return f"N{spatial}C" if data_format == "channels_last" else f"NC{spatial}"


def pair_tuple(value, name: str, n: int) -> tuple:
    """ZeroPadding2D/Cropping2D style: an int, n ints (symmetric) or n pairs."""
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"`{name}` cannot be negative. Received: {name}={value}.")
        return ((value, value),) * n
    if not hasattr(value, "__len__") or len(value) != n:
        raise ValueError(f"`{name}` should have {n} elements. Received: {name}={value}.")
    ordinals = ("1st", "2nd", "3rd")
    return tuple(standardize_tuple(v, 2, f"{ordinals[i]} entry of {name}", allow_zero=True)
                 for i, v in enumerate(value))
