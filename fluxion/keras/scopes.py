"""Top-level helpers of ``keras``: `keras.version()`, `keras.name_scope`, `keras.device` and
`keras.InputSpec` (the input constraints a layer declares)."""
from __future__ import annotations

import fluxion as tf


def version() -> str:
    """The Keras release whose API this mirrors."""
    from fluxion import keras  # noqa: PLC0415

    return keras.__version__


class name_scope:  # noqa: N801 - Keras' name
    """A sub-namespace for op and variable names (entered as a `tf.name_scope`)."""

    def __init__(self, name, caller=None, deduplicate: bool = True,
                 override_parent=None) -> None:
        if not isinstance(name, str) or "/" in name:
            raise ValueError("Argument `name` must be a string and cannot contain character "
                             f"`/`. Received: name={name}")
        self.name = name
        self.caller = caller
        self.deduplicate = deduplicate
        self.override_parent = override_parent
        self._scope = None

    def __enter__(self):
        self._scope = tf.name_scope(self.name)
        self._scope.__enter__()
        return self

    def __exit__(self, *exc):
        scope, self._scope = self._scope, None
        return scope.__exit__(*exc) if scope is not None else False


def device(device_name):
    """A context placing the ops created in it on `device_name` ("cpu:0", "gpu:0"...)."""
    if not isinstance(device_name, str):
        raise ValueError(f"Invalid value for argument `device_name`. Expected a string like "
                         f"'gpu:0' or 'cpu:0'. Received: device_name='{device_name}'")
    return tf.device(device_name)


class InputSpec:
    """The rank, dtype and shape every input of a layer must have."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None,
                 axes=None, allow_last_axis_squeeze: bool = False, name=None,
                 optional: bool = False) -> None:
        from fluxion.keras.backend import standardize_dtype  # noqa: PLC0415

        self.dtype = standardize_dtype(dtype) if dtype is not None else None
        if shape is not None:
            self.shape = tuple(None if d is None else int(d) for d in shape)
            self.ndim = len(self.shape)
        else:
            self.ndim = ndim
            self.shape = None
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.name = name
        self.optional = optional
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        try:
            axes = axes or {}
            self.axes = {int(k): axes[k] for k in axes}
        except (ValueError, TypeError):
            raise TypeError("Argument `axes` must be a dict with integer keys. Received: "
                            f"axes={axes}") from None
        if self.axes and (self.ndim is not None or self.max_ndim is not None):
            max_dim = (self.ndim if self.ndim else self.max_ndim) - 1
            if max(self.axes) > max_dim:
                raise ValueError(f"Axis {max(self.axes)} is greater than the maximum allowed "
                                 f"value: {max_dim}")

    def __repr__(self) -> str:
        spec = [f"dtype={self.dtype}" if self.dtype else "",
                f"shape={self.shape}" if self.shape else "",
                f"ndim={self.ndim}" if self.ndim else "",
                f"max_ndim={self.max_ndim}" if self.max_ndim else "",
                f"min_ndim={self.min_ndim}" if self.min_ndim else "",
                f"axes={self.axes}" if self.axes else ""]
        return f"InputSpec({', '.join(x for x in spec if x)})"

    def get_config(self) -> dict:
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim,
                "max_ndim": self.max_ndim, "min_ndim": self.min_ndim, "axes": self.axes,
                "optional": self.optional}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)


__all__ = ["InputSpec", "device", "name_scope", "version"]
