"""``keras.dtype_policies``: a layer's compute and variable dtypes, and the global policy.

"mixed_float16" computes in float16 and keeps the variables in float32 (Keras 3's mixed
precision); a dtype name computes and stores in that dtype. Layers created after
`set_dtype_policy` take the global policy when given no `dtype`.
"""
from __future__ import annotations

_GLOBAL = {"policy": None}  # None: floatx()


def _floatx() -> str:
    from fluxion.keras import backend  # noqa: PLC0415

    return backend.floatx()


def _dtype_name(dtype) -> str:
    import fluxion as tf  # noqa: PLC0415

    return tf.as_dtype(dtype).name


class DTypePolicy:
    """A dtype policy: `compute_dtype` for the computations, `variable_dtype` for the weights.

    `name` is "mixed_float16", "mixed_bfloat16" or a dtype name; None takes the global
    policy's name.
    """

    _keras_module = "keras"

    def __init__(self, name=None) -> None:
        if name is None:
            name = global_policy().name
        if not isinstance(name, str):
            raise TypeError(f"'name' must be a string, such as 'mixed_float16'. Received: "
                            f"name={name} (of type {type(name)})")
        self._name = name
        self._compute_dtype, self._variable_dtype = self._parse_name(name)

    @staticmethod
    def _parse_name(name: str) -> tuple:
        if name == "mixed_float16":
            return "float16", "float32"
        if name == "mixed_bfloat16":
            return "bfloat16", "float32"
        try:
            dtype = _dtype_name(name)
        except TypeError:
            raise ValueError(f"Cannot convert '{name}' to a mixed precision DTypePolicy. Valid "
                             "policies include 'mixed_float16', 'mixed_bfloat16', and the name "
                             "of any float dtype such as 'float32'.") from None
        return dtype, dtype

    @property
    def name(self) -> str:
        return self._name

    @property
    def compute_dtype(self) -> str:
        return self._compute_dtype

    @property
    def variable_dtype(self) -> str:
        return self._variable_dtype

    @property
    def quantization_mode(self):
        return None

    def convert_input(self, x, autocast: bool, dtype):
        """`x` cast to `dtype` when it is a floating tensor and `autocast` is set."""
        import fluxion as tf  # noqa: PLC0415

        if autocast and tf.is_tensor(x) and x.dtype.is_floating and x.dtype.name != dtype:
            return tf.cast(x, dtype)
        return x

    def get_config(self) -> dict:
        return {"name": self._name}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and self._name == other._name

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._name))

    def __repr__(self) -> str:
        return f'<DTypePolicy "{self._name}">'


class FloatDTypePolicy(DTypePolicy):
    """The float (non-quantized) policy; the same as `DTypePolicy` (Keras 3 keeps the name)."""


_CLASSES = {"DTypePolicy": DTypePolicy, "FloatDTypePolicy": FloatDTypePolicy}


def global_policy() -> DTypePolicy:
    """The policy layers take when created with no `dtype` (floatx's dtype unless set)."""
    policy = _GLOBAL["policy"]
    if policy is None:
        return DTypePolicy(_floatx())
    return policy


def set_global_policy(policy) -> None:
    """Sets the global policy: a `DTypePolicy`, a policy name or None (floatx)."""
    if policy is not None:
        if isinstance(policy, str):
            policy = DTypePolicy(policy)
        elif not isinstance(policy, DTypePolicy):
            raise ValueError("Invalid `policy` argument. Expected the string name of a policy "
                             "(such as 'mixed_float16') or a `DTypePolicy` instance. Received: "
                             f"policy={policy} (of type {type(policy)})")
    _GLOBAL["policy"] = policy


dtype_policy = global_policy
set_dtype_policy = set_global_policy


def serialize(dtype_policy) -> dict:
    """The policy's Keras config dict (module, class_name, config, registered_name)."""
    return {"module": "keras", "class_name": type(dtype_policy).__name__,
            "config": dtype_policy.get_config(), "registered_name": None}


def deserialize(config: dict, custom_objects=None) -> DTypePolicy:
    """The policy a config dict (from `serialize`) describes."""
    name = config.get("class_name")
    cls = (custom_objects or {}).get(name) or _CLASSES.get(name)
    if cls is None:
        raise ValueError(f"Could not interpret dtype policy config: {config}")
    return cls.from_config(config["config"])


def get(identifier) -> DTypePolicy:
    """A policy from None (the global one), a name, a config dict or a policy (as is)."""
    if identifier is None:
        return global_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return DTypePolicy(identifier)
    try:
        return DTypePolicy(_dtype_name(identifier))
    except TypeError:
        raise ValueError(f"Cannot interpret `dtype` argument. Expected a string or an "
                         f"instance of DTypePolicy. Received: dtype={identifier}") from None


__all__ = ["DTypePolicy", "FloatDTypePolicy", "deserialize", "get", "serialize"]
