"""Operations applied to KerasTensors in a functional model (`x * 2.0`, `x[:, 0]`,
`keras.ops.mean(x, axis=1)`), recorded and saved as Keras 3 records its `Operation`s.

Keras splits an operation's arguments in two: the ones its class is constructed with (`axis`,
`keepdims`, `dtype`...) are the layer's config; the rest (the tensors, and constants such as
the `2.0` of `x * 2.0`) are the node's call arguments, written in `inbound_nodes`:

    {"module": "keras.src.ops.numpy", "class_name": "Mean",
     "config": {"name": "mean", "axis": 1, "keepdims": true}, "registered_name": "Mean", ...}

`OP_SPECS` says, for each operation Fluxion can save, its Keras module and constructor
arguments; the function it runs is the `keras.ops` function of the same name. Any other
operation still runs, but its config raises NotImplementedError.
"""
from __future__ import annotations

import inspect
from typing import NamedTuple

from fluxion.core import nest
from fluxion.keras.layers.layer import Layer


class OpSpec(NamedTuple):
    class_name: str
    module: str  # Keras' module, as written in configs
    config_params: tuple  # arguments that go to the op class's constructor


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


_NUMPY_OPS = (
    "add subtract multiply divide true_divide floor_divide mod power matmul negative absolute "
    "less less_equal greater greater_equal equal not_equal logical_and logical_or logical_xor "
    "logical_not get_item tanh exp log sqrt square maximum minimum where")
_NN_OPS = "relu sigmoid silu selu softplus softsign relu6 hard_sigmoid"
_CONFIG_PARAMS = {
    # keras.src.ops.numpy
    "mean": ("axis", "keepdims"), "sum": ("axis", "keepdims"),
    "max": ("axis", "keepdims", "initial"), "min": ("axis", "keepdims", "initial"),
    "concatenate": ("axis",), "stack": ("axis",), "expand_dims": ("axis",),
    "squeeze": ("axis",), "reshape": ("newshape",), "transpose": ("axes",),
    "clip": ("x_min", "x_max"), "split": ("indices_or_sections", "axis"),
    # keras.src.ops.nn
    "softmax": ("axis",), "log_softmax": ("axis",), "gelu": ("approximate",),
    "elu": ("alpha",), "leaky_relu": ("negative_slope",),
    # keras.src.ops.core
    "cast": ("dtype",),
}
_NN_WITH_CONFIG = ("softmax", "log_softmax", "gelu", "elu", "leaky_relu")

OP_SPECS: dict[str, OpSpec] = {}
for _op in _NUMPY_OPS.split():
    OP_SPECS[_op] = OpSpec(_camel(_op), "keras.src.ops.numpy", ())
for _op in _NN_OPS.split():
    OP_SPECS[_op] = OpSpec(_camel(_op), "keras.src.ops.nn", ())
for _op, _params in _CONFIG_PARAMS.items():
    _module = "keras.src.ops.nn" if _op in _NN_WITH_CONFIG else \
        "keras.src.ops.core" if _op == "cast" else "keras.src.ops.numpy"
    OP_SPECS[_op] = OpSpec(_camel(_op), _module, _params)
OP_SPECS["erf"] = OpSpec("Erf", "keras.src.ops.math", ())
# keras.activations.relu is an operation of its own (its extra arguments in its config)
OP_SPECS["activation_relu"] = OpSpec("ReLU", "keras.src.activations.activations",
                                     ("negative_slope", "max_value", "threshold"))

# the names a function is called by that Keras records as another operation
OP_ALIASES = {"abs": "absolute", "swish": "silu", "exponential": "exp"}
_BY_CLASS = {(s.module, s.class_name): op for op, s in OP_SPECS.items()}


def op_function(op: str):
    """The Fluxion function that runs `op` (on real tensors)."""
    if op == "activation_relu":
        from fluxion.keras import activations  # noqa: PLC0415

        return activations.relu
    from fluxion.keras import ops  # noqa: PLC0415

    return getattr(ops, op)


def _is_keras_tensor(v) -> bool:
    return type(v).__name__ == "KerasTensor"


def record_op(fn, op: str, args, kwargs):
    """`fn(*args, **kwargs)` on KerasTensors, recorded as the node of an `OpLayer`: with
    Keras' split of the arguments where `op` is one Fluxion can save, else as a closure over
    the non-tensor arguments (which runs, but cannot be saved)."""
    op = OP_ALIASES.get(op, op)
    spec = OP_SPECS.get(op)
    if spec is not None:
        try:
            bound = inspect.signature(fn).bind(*args, **kwargs)
        except TypeError:
            bound = None
        if bound is not None:
            bound.apply_defaults()
            config = {p: bound.arguments[p] for p in spec.config_params}
            if not any(_is_keras_tensor(v) for v in nest.flatten(list(config.values()))):
                call_args = [v for k, v in bound.arguments.items()
                             if k not in spec.config_params]
                return OpLayer(fn, op, config=config)(*call_args)
    flat = nest.flatten((args, kwargs))
    where = [i for i, v in enumerate(flat) if _is_keras_tensor(v)]

    def run(*tensors):
        filled = list(flat)
        for i, t in zip(where, tensors):
            filled[i] = t
        a, k = nest.pack_sequence_as((args, kwargs), filled)
        return fn(*a, **k)

    return OpLayer(run, op)(*[flat[i] for i in where])


_OP_CLASSES: dict = {}


class OpLayer(Layer):
    """A function of tensors applied in a functional model (`x + 1`, `x[:, 0]`), shown and
    saved as Keras 3 shows its operations: class `Multiply`, name `multiply` (`multiply_1`...),
    in the summary but not in `model.layers`. `config` holds the op class's constructor
    arguments; None when the operation cannot be saved."""

    _is_op_layer = True
    _op = None  # the operation's name, on each subclass

    def __new__(cls, fn=None, name: str = "op", **kwargs):
        if cls is OpLayer:  # one subclass per operation, named as Keras' op classes
            spec = OP_SPECS.get(name)
            camel = spec.class_name if spec else _camel(name)
            key = (spec.module if spec else None, camel)
            if key not in _OP_CLASSES:
                attrs = {"__module__": __name__, "_op": name}
                if spec:
                    attrs["_keras_module"] = spec.module
                _OP_CLASSES[key] = type(camel, (OpLayer,), attrs)
            cls = _OP_CLASSES[key]
        return super().__new__(cls)

    def __init__(self, fn, name: str, config: dict | None = None, layer_name=None,
                 **kwargs) -> None:
        super().__init__(name=layer_name, **kwargs)
        self.fn = fn
        self.op_name = name
        self.op_config = None if config is None else dict(config)
        self.built = True  # no weights; arguments may come in any order (`2.0 - x`)

    def _convert_input(self, x):
        return x  # operations take their arguments as given (no autocast), as Keras' ops

    def call(self, *args):
        if self.op_name == "get_item" and isinstance(args[1], list):
            args = (args[0], tuple(args[1]))  # a key read back from JSON, as Keras' GetItem
        return self.fn(*args, **(self.op_config or {}))

    def get_config(self) -> dict:
        if self.op_config is None:
            raise NotImplementedError(
                f"The operation {self.op_name!r} applied to a KerasTensor cannot be saved in "
                f"a config: wrap it in a layer with get_config (or a Lambda layer)")
        return {"name": self.name, **{k: _config_value(k, v) for k, v in self.op_config.items()}}

    @classmethod
    def from_config(cls, config: dict):
        return _op_layer(cls._op, config)


def _op_layer(op: str, config: dict) -> OpLayer:
    if op not in OP_SPECS:
        raise NotImplementedError(f"The operation {op!r} cannot be loaded from a config")
    config = dict(config)
    name = config.pop("name", None)
    return OpLayer(op_function(op), op, config=config, layer_name=name)


def _config_value(key: str, v):
    if key == "dtype" and v is not None:  # tf.int32, np.float32, "int32": a name, as Keras
        import fluxion as tf  # noqa: PLC0415

        return tf.as_dtype(v).name
    if isinstance(v, tuple):
        return list(v)
    return v


def op_layer_from_entry(entry: dict):
    """The OpLayer a functional config's layer entry describes (Keras' `keras.src.ops.*` and
    activation operations), or None when the entry is not an operation."""
    module = entry.get("module") or ""
    if not (module.startswith("keras.src.ops.") or
            module == "keras.src.activations.activations"):
        return None
    op = _BY_CLASS.get((module, entry.get("class_name")))
    if op is None:
        raise NotImplementedError(f"The Keras operation {module}.{entry.get('class_name')} "
                                  f"is not supported by Fluxion's loader yet")
    return _op_layer(op, entry.get("config") or {})
