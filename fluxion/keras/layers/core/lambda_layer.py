"""`Lambda`: wraps a function of tensors as a layer, and Keras 3's safe mode for configs.

A Python lambda is saved as its marshalled bytecode (Keras' `__lambda__` format), so loading one
runs code from the config: like Keras 3, `from_config` refuses unless safe mode is off
(`safe_mode=False`, `SafeModeScope(False)` or `enable_unsafe_deserialization()`). Named
functions are saved by name and found through the registry or `custom_objects`.
"""
from __future__ import annotations

import binascii
import codecs
import inspect
import marshal
import threading
import types

import numpy as np

from fluxion.core.op import STATE
from fluxion.keras.layers.layer import Layer
from fluxion.keras.losses_base import get_keras_mask
from fluxion.keras.utils.serialization import deserialize_keras_object, serialize_keras_object

_STATE = threading.local()
_GLOBAL = {"safe_mode": None}  # None: never set (safe)


def enable_unsafe_deserialization() -> None:
    """Turns safe mode off for the whole process (`keras.config.enable_unsafe_...`)."""
    _GLOBAL["safe_mode"] = False


def in_safe_mode():
    """The innermost SafeModeScope's value, else the global setting (None if never set)."""
    stack = getattr(_STATE, "stack", [])
    return stack[-1] if stack else _GLOBAL["safe_mode"]


class SafeModeScope:
    """`with SafeModeScope(False):` allows loading Python lambdas inside the block."""

    def __init__(self, safe_mode: bool | None = True) -> None:
        self.safe_mode = safe_mode

    def __enter__(self):
        _STATE.__dict__.setdefault("stack", []).append(self.safe_mode)
        return self

    def __exit__(self, *exc) -> None:
        _STATE.stack.pop()


def func_dump(fn) -> tuple:
    """(base64 bytecode, defaults, closure values) of a Python function, as Keras writes it."""
    code = codecs.encode(marshal.dumps(fn.__code__), "base64").decode("ascii")
    closure = tuple(c.cell_contents for c in fn.__closure__) if fn.__closure__ else None
    return code, fn.__defaults__, closure


def _cell(value):
    return (lambda: value).__closure__[0]


def func_load(code, defaults=None, closure=None):
    """The function `func_dump` described. It runs with `tf`, `keras` and `np` as globals."""
    import fluxion  # noqa: PLC0415

    if isinstance(code, (tuple, list)):
        code, defaults, closure = code
    try:
        raw = codecs.decode(code.encode("ascii"), "base64")
    except (UnicodeEncodeError, binascii.Error):
        raw = code.encode("raw_unicode_escape")
    compiled = marshal.loads(raw)  # noqa: S302 - only reached with safe mode off
    if closure is not None:
        closure = tuple(_cell(v) for v in closure)
    if isinstance(defaults, list):
        defaults = tuple(defaults)
    globs = {"__builtins__": __builtins__, "tf": fluxion, "keras": fluxion.keras, "np": np}
    return types.FunctionType(compiled, globs, name=compiled.co_name, argdefs=defaults,
                              closure=closure)


def _is_python_lambda(fn) -> bool:
    return isinstance(fn, types.LambdaType) and fn.__name__ == "<lambda>"


def _function_config(fn):
    if _is_python_lambda(fn):
        code, defaults, closure = func_dump(fn)
        return {"class_name": "__lambda__",
                "config": {"code": code, "defaults": defaults, "closure": closure}}
    if callable(fn):
        return serialize_keras_object(fn)
    raise ValueError(f"Invalid input type for serialization. Received: {fn} of type "
                     f"{type(fn)}.")


def _refuse(safe_mode: bool) -> None:
    if safe_mode:
        raise ValueError(
            "Requested the deserialization of a `Lambda` layer whose `function` is a Python "
            "lambda. This carries a potential risk of arbitrary code execution and thus it is "
            "disallowed by default. If you trust the source of the artifact, you can override "
            "this error by passing `safe_mode=False` to the loading function, or calling "
            "`keras.config.enable_unsafe_deserialization().")


def _load_function(fn_config, safe_mode: bool, custom_objects):
    if isinstance(fn_config, dict) and fn_config.get("class_name") == "__lambda__":
        _refuse(safe_mode)
        inner = fn_config["config"]
        return func_load(inner["code"], defaults=inner["defaults"], closure=inner["closure"])
    return deserialize_keras_object(fn_config, custom_objects=custom_objects)


class Lambda(Layer):
    """`function(inputs, **arguments)` as a layer; `mask` and `training` are passed to the
    function when it takes them."""

    def __init__(self, function, output_shape=None, mask=None, arguments=None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.arguments = arguments or {}
        self.function = function
        self.mask = mask
        self.supports_masking = mask is not None
        self._output_shape = output_shape
        params = inspect.signature(function).parameters
        self._fn_expects_training_arg = "training" in params
        self._fn_expects_mask_arg = "mask" in params
        self.built = True

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_expects_mask_arg:
            kwargs["mask"] = get_keras_mask(inputs) if mask is None else mask
        if self._fn_expects_training_arg:
            kwargs["training"] = training
        function = self.function
        if STATE.trace is not None:  # Python control flow on tensors becomes graph ops
            from fluxion import autograph  # noqa: PLC0415

            function = autograph.to_graph(function)
        return function(inputs, **kwargs)

    def compute_mask(self, inputs, mask=None):
        return self.mask(inputs, mask) if callable(self.mask) else self.mask

    def get_config(self) -> dict:
        config = {"function": _function_config(self.function)}
        if self._output_shape is not None:
            config["output_shape"] = (_function_config(self._output_shape)
                                      if callable(self._output_shape) else self._output_shape)
        if self.mask is not None:
            config["mask"] = (_function_config(self.mask) if callable(self.mask)
                              else serialize_keras_object(self.mask))
        config["arguments"] = serialize_keras_object(self.arguments)
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None, safe_mode=None):
        safe = (safe_mode if safe_mode is not None else in_safe_mode()) is not False
        config = dict(config)
        config["function"] = _load_function(config["function"], safe, custom_objects)
        if "output_shape" in config:
            shape = config["output_shape"]
            if isinstance(shape, dict):
                shape = _load_function(shape, safe, custom_objects)
            elif isinstance(shape, list) and all(isinstance(d, (int, type(None)))
                                                 for d in shape):
                shape = tuple(shape)
            config["output_shape"] = shape
        if isinstance(config.get("mask"), dict):
            config["mask"] = _load_function(config["mask"], safe, custom_objects)
        if "arguments" in config:
            config["arguments"] = deserialize_keras_object(config["arguments"],
                                                           custom_objects=custom_objects) \
                if isinstance(config["arguments"], dict) and "class_name" in \
                config["arguments"] else config["arguments"]
        return super().from_config(config)
