"""`HashedCrossing` (the feature cross of TF's `tf.sparse.cross_hashed`: FarmHash Fingerprint64
of strings, integers as themselves, combined with FingerprintCat64, modulo `num_bins`) and
`Pipeline` (preprocessing layers applied in sequence)."""
from __future__ import annotations

import fluxion as tf
from fluxion.feature_column import _hash_ops
from fluxion.keras.layers.layer import Layer
from fluxion.keras.layers.preprocessing.lookup_encoding import encode_categorical_inputs
from fluxion.keras.utils.serialization import serialize_keras_object

_DEFAULT_HASH_KEY = 0xDECAFCAFFE  # tf.sparse.cross_hashed's default


class HashedCrossing(Layer):
    """Crosses two or more categorical features of shape `()`, `(batch,)` or `(batch, 1)`
    into `num_bins` hashed bins (`output_mode` "int" or "one_hot")."""

    def __init__(self, num_bins: int, output_mode: str = "int", sparse: bool = False,
                 name=None, dtype=None, **kwargs) -> None:
        if output_mode == "int" and dtype is None:
            dtype = "int64"
        super().__init__(name=name, dtype=dtype, **kwargs)
        if output_mode not in ("int", "one_hot"):
            raise ValueError(f"Unknown value for `output_mode`. Expected one of "
                             f"('int', 'one_hot'). Received: output_mode={output_mode}")
        if sparse:
            raise NotImplementedError("HashedCrossing(sparse=True) is not supported in Fluxion")
        self.num_bins = num_bins
        self.output_mode = output_mode
        self.sparse = sparse
        self.autocast = False

    def build(self, input_shape=None) -> None:
        self.built = True

    @staticmethod
    def _check(inputs) -> list:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError("`HashedCrossing` should be called on a list or tuple of "
                             f"inputs. Received: inputs={inputs}")
        if len(inputs) < 2:
            raise ValueError("`HashedCrossing` should be called on at least two inputs. "
                             f"Received: inputs={inputs}")
        inputs = [tf.convert_to_tensor(x) for x in inputs]
        first = tuple(inputs[0].shape.as_list())
        if len(first) > 2 or (len(first) == 2 and first[-1] != 1):
            raise ValueError("All `HashedCrossing` inputs should have shape `()`, "
                             f"`(batch_size)` or `(batch_size, 1)`. Received: inputs={inputs}")
        if not all(tuple(x.shape.as_list()) == first for x in inputs[1:]):
            raise ValueError("All `HashedCrossing` inputs should have equal shape. "
                             f"Received: inputs={inputs}")
        if not all(x.dtype.is_integer or x.dtype == tf.string for x in inputs):
            raise ValueError("All `HashedCrossing` inputs should have an integer or string "
                             f"dtype. Received: inputs={inputs}")
        return inputs

    def call(self, inputs):
        inputs = self._check(inputs)
        rank = inputs[0].shape.rank
        parts, kinds = [], []
        for x in inputs:
            x = tf.reshape(x, [-1, 1])
            is_str = x.dtype == tf.string
            if not is_str and x.dtype != tf.int64:
                x = tf.cast(x, tf.int64)
            parts += [x, tf.ones_like(x, dtype=tf.bool)]
            kinds.append("str" if is_str else "int")
        ids = _hash_ops.feature_cross(*parts, kinds=tuple(kinds), hash_key=_DEFAULT_HASH_KEY,
                                      num_buckets=self.num_bins)
        ids = tf.reshape(ids, {0: [], 1: [-1], 2: [-1, 1]}[rank])
        return encode_categorical_inputs(ids, self.output_mode, self.num_bins,
                                         self.compute_dtype)

    def compute_output_shape(self, input_shape):
        first = tuple(input_shape[0])
        if self.output_mode == "int":
            return first
        if not first:
            return (self.num_bins,)
        if first[-1] != 1:
            return first + (self.num_bins,)
        return first[:-1] + (self.num_bins,)

    def get_config(self) -> dict:
        return {"num_bins": self.num_bins, "output_mode": self.output_mode,
                "sparse": self.sparse, "name": self.name, "dtype": self._dtype}


class Pipeline(Layer):
    """Applies `layers` one after another, passing `training` and masks along."""

    def __init__(self, layers, name=None) -> None:
        super().__init__(name=name)
        self._pipeline_layers = list(layers)

    @property
    def layers(self) -> list:
        return self._pipeline_layers

    def build(self, input_shape=None) -> None:
        self.built = True

    def call(self, inputs, training=True, mask=None):
        from fluxion.core import nest  # noqa: PLC0415
        from fluxion.keras.losses_base import get_keras_mask  # noqa: PLC0415

        outputs = inputs
        for layer in self._pipeline_layers:
            kwargs = {}
            if getattr(layer, "_call_has_mask", False):
                kwargs["mask"] = mask
            if getattr(layer, "_call_has_training", False) and training is not None:
                kwargs["training"] = training
            outputs = layer(inputs, **kwargs)
            inputs = outputs
            mask = nest.map_structure(get_keras_mask, outputs)
        return outputs

    def get_config(self) -> dict:
        return {"layers": [serialize_keras_object(layer) for layer in self._pipeline_layers],
                "name": self.name}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from fluxion.keras import layers as layers_module  # noqa: PLC0415

        layers = config.get("layers")
        if not isinstance(layers, (list, tuple)):
            raise ValueError("`Pipeline` config must contain a `layers` key mapping to a list "
                             f"of serialized layers. Received config with layers={layers}.")
        built = [layers_module.deserialize(c, custom_objects=custom_objects) for c in layers]
        return cls(**{**config, "layers": built})


__all__ = ["HashedCrossing", "Pipeline"]
