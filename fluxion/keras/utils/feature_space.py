"""`keras.utils.FeatureSpace`: preprocessing and encoding of structured (tabular) data.

Each named feature has a spec (`Feature`: input dtype, a preprocessing layer, an output
mode); `Cross`es hash pairs (or more) of preprocessed features together. `adapt` adapts every
adaptable preprocessor on its column of a dataset of dicts; calling the FeatureSpace on a dict
runs the preprocessors, the crossers and the one-hot encoders, and concatenates the results
(features by sorted name, then crosses by sorted name) or returns them as a dict. The layers
are Fluxion's own preprocessing layers, so the same code runs eagerly, in `Dataset.map`
(traced) and on Keras inputs (`get_encoded_features`).
"""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.layers.layer import Layer
from fluxion.keras.utils import naming

_INTERNAL_MODULE = "keras.src.layers.preprocessing.feature_space"


def _layers():
    from fluxion.keras import layers  # noqa: PLC0415 - keras.layers imports keras.utils

    return layers


def _serialize(obj):
    from fluxion.keras.saving import serialization_lib  # noqa: PLC0415

    return serialization_lib.serialize_keras_object(obj)


def _deserialize(config):
    from fluxion.keras.saving import serialization_lib  # noqa: PLC0415

    return serialization_lib.deserialize_keras_object(config, custom_objects=_CUSTOM_OBJECTS)


class Cross:
    """A feature cross: the named features hashed together into `crossing_dim` bins."""

    _keras_module = _INTERNAL_MODULE

    def __init__(self, feature_names, crossing_dim, output_mode="one_hot") -> None:
        if output_mode not in {"int", "one_hot"}:
            raise ValueError("Invalid value for argument `output_mode`. Expected one of "
                             f"{{'int', 'one_hot'}}. Received: output_mode={output_mode}")
        self.feature_names = tuple(feature_names)
        self.crossing_dim = crossing_dim
        self.output_mode = output_mode

    @property
    def name(self) -> str:
        return "_X_".join(self.feature_names)

    def get_config(self) -> dict:
        return {"feature_names": self.feature_names, "crossing_dim": self.crossing_dim,
                "output_mode": self.output_mode}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)


class Feature:
    """A feature's spec: its input `dtype`, its `preprocessor` layer and its `output_mode`
    ("int", "one_hot" or "float")."""

    _keras_module = _INTERNAL_MODULE

    def __init__(self, dtype, preprocessor, output_mode) -> None:
        if output_mode not in {"int", "one_hot", "float"}:
            raise ValueError("Invalid value for argument `output_mode`. Expected one of "
                             f"{{'int', 'one_hot', 'float'}}. Received: output_mode={output_mode}")
        self.dtype = dtype
        if isinstance(preprocessor, dict):
            preprocessor = _deserialize(preprocessor)
        self.preprocessor = preprocessor
        self.output_mode = output_mode

    def get_config(self) -> dict:
        return {"dtype": self.dtype, "preprocessor": _serialize(self.preprocessor),
                "output_mode": self.output_mode}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)


class TFDIdentity(Layer):
    """The preprocessor of plain "float" features: its input unchanged."""

    _keras_module = _INTERNAL_MODULE

    def call(self, x):
        return x


class TFDConcat(Layer):
    """The concatenation of the encoded features (part of models built on
    `get_encoded_features()`, so it is saved with them)."""

    _keras_module = _INTERNAL_MODULE

    def __init__(self, axis=-1, **kwargs) -> None:
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, xs):
        return tf.concat(list(xs), axis=self.axis)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


_CUSTOM_OBJECTS = {"Feature": Feature, "Cross": Cross, "TFDIdentity": TFDIdentity,
                   "TFDConcat": TFDConcat}


def _to_tensor(x):
    if tf.is_tensor(x) or isinstance(x, (tf.SparseTensor, tf.RaggedTensor)):
        return x
    if hasattr(x, "numpy") and not isinstance(x, (list, tuple)):
        x = x.numpy()
    return tf.convert_to_tensor(x)


def _is_int(dtype) -> bool:
    return tf.as_dtype(dtype).is_integer


class FeatureSpace(Layer):
    """One-stop preprocessing of a dict of features (see the module docstring).

    `features` maps names to a type name ("float", "float_rescaled", "float_normalized",
    "float_discretized", "integer_categorical", "string_categorical", "integer_hashed",
    "string_hashed") or to a `Feature` made by the static constructors; `crosses` lists
    tuples of feature names or `FeatureSpace.cross(...)` specs.
    """

    _keras_module = "keras.utils"

    # --- feature specs ------------------------------------------------------------------------
    @classmethod
    def cross(cls, feature_names, crossing_dim, output_mode="one_hot") -> Cross:
        return Cross(feature_names, crossing_dim, output_mode=output_mode)

    @classmethod
    def feature(cls, dtype, preprocessor, output_mode) -> Feature:
        return Feature(dtype, preprocessor, output_mode)

    @classmethod
    def float(cls, name=None) -> Feature:
        name = name or naming.uniquify("float")
        preprocessor = TFDIdentity(dtype="float32", name=f"{name}_preprocessor")
        return Feature(dtype="float32", preprocessor=preprocessor, output_mode="float")

    @classmethod
    def float_rescaled(cls, scale=1.0, offset=0.0, name=None) -> Feature:
        name = name or naming.uniquify("float_rescaled")
        preprocessor = _layers().Rescaling(scale=scale, offset=offset,
                                           name=f"{name}_preprocessor")
        return Feature(dtype="float32", preprocessor=preprocessor, output_mode="float")

    @classmethod
    def float_normalized(cls, name=None) -> Feature:
        name = name or naming.uniquify("float_normalized")
        preprocessor = _layers().Normalization(axis=-1, name=f"{name}_preprocessor")
        return Feature(dtype="float32", preprocessor=preprocessor, output_mode="float")

    @classmethod
    def float_discretized(cls, num_bins, bin_boundaries=None, output_mode="one_hot",
                          name=None) -> Feature:
        name = name or naming.uniquify("float_discretized")
        preprocessor = _layers().Discretization(num_bins=num_bins, bin_boundaries=bin_boundaries,
                                                name=f"{name}_preprocessor")
        return Feature(dtype="float32", preprocessor=preprocessor, output_mode=output_mode)

    @classmethod
    def integer_categorical(cls, max_tokens=None, num_oov_indices=1, output_mode="one_hot",
                            name=None) -> Feature:
        name = name or naming.uniquify("integer_categorical")
        preprocessor = _layers().IntegerLookup(name=f"{name}_preprocessor",
                                               max_tokens=max_tokens,
                                               num_oov_indices=num_oov_indices)
        return Feature(dtype="int32", preprocessor=preprocessor, output_mode=output_mode)

    @classmethod
    def string_categorical(cls, max_tokens=None, num_oov_indices=1, output_mode="one_hot",
                           name=None) -> Feature:
        name = name or naming.uniquify("string_categorical")
        preprocessor = _layers().StringLookup(name=f"{name}_preprocessor",
                                              max_tokens=max_tokens,
                                              num_oov_indices=num_oov_indices)
        return Feature(dtype="string", preprocessor=preprocessor, output_mode=output_mode)

    @classmethod
    def string_hashed(cls, num_bins, output_mode="one_hot", name=None) -> Feature:
        name = name or naming.uniquify("string_hashed")
        preprocessor = _layers().Hashing(name=f"{name}_preprocessor", num_bins=num_bins)
        return Feature(dtype="string", preprocessor=preprocessor, output_mode=output_mode)

    @classmethod
    def integer_hashed(cls, num_bins, output_mode="one_hot", name=None) -> Feature:
        name = name or naming.uniquify("integer_hashed")
        preprocessor = _layers().Hashing(name=f"{name}_preprocessor", num_bins=num_bins)
        return Feature(dtype="int32", preprocessor=preprocessor, output_mode=output_mode)

    # --- construction -------------------------------------------------------------------------
    def __init__(self, features, output_mode="concat", crosses=None, crossing_dim=32,
                 hashing_dim=32, num_discretization_bins=32, name=None) -> None:
        super().__init__(name=name)
        if not features:
            raise ValueError("The `features` argument cannot be None or empty.")
        self.crossing_dim = crossing_dim
        self.hashing_dim = hashing_dim
        self.num_discretization_bins = num_discretization_bins
        self.features = {key: self._standardize_feature(key, value)
                         for key, value in features.items()}
        self.crosses = [self._standardize_cross(c, features) for c in crosses or ()]
        self.crosses_by_name = {cross.name: cross for cross in self.crosses}
        if output_mode not in {"dict", "concat"}:
            raise ValueError("Invalid value for argument `output_mode`. Expected one of "
                             f"{{'dict', 'concat'}}. Received: output_mode={output_mode}")
        self.output_mode = output_mode
        self.inputs = {key: _layers().Input(shape=(1,), dtype=spec.dtype, name=key)
                       for key, spec in self.features.items()}
        self.preprocessors = {key: spec.preprocessor for key, spec in self.features.items()}
        self.encoded_features = None
        self.crossers = {cross.name: _layers().HashedCrossing(cross.crossing_dim,
                                                              name=cross.name)
                         for cross in self.crosses}
        self.one_hot_encoders = {}
        self._is_adapted = False
        self.concat = None
        self._preprocessed_features_names = None
        self._crossed_features_names = None
        self._sublayers_built = False

    def _standardize_feature(self, name: str, feature) -> Feature:
        if isinstance(feature, Feature):
            return feature
        if isinstance(feature, dict):
            return _deserialize(feature)
        makers = {
            "float": lambda: self.float(name=name),
            "float_normalized": lambda: self.float_normalized(name=name),
            "float_rescaled": lambda: self.float_rescaled(name=name),
            "float_discretized": lambda: self.float_discretized(
                name=name, num_bins=self.num_discretization_bins),
            "integer_categorical": lambda: self.integer_categorical(name=name),
            "string_categorical": lambda: self.string_categorical(name=name),
            "integer_hashed": lambda: self.integer_hashed(self.hashing_dim, name=name),
            "string_hashed": lambda: self.string_hashed(self.hashing_dim, name=name),
        }
        if not isinstance(feature, str) or feature not in makers:
            raise ValueError(f"Invalid feature type: {feature}")
        return makers[feature]()

    def _standardize_cross(self, cross, features) -> Cross:
        if isinstance(cross, dict):
            cross = _deserialize(cross)
        if isinstance(cross, Cross):
            return cross
        if not self.crossing_dim:
            raise ValueError("When specifying `crosses`, the argument `crossing_dim` "
                             "(dimensionality of the crossing space) should be specified "
                             "as well.")
        if any(key not in features for key in cross):
            raise ValueError("All features referenced in the `crosses` argument should be "
                             f"present in the `features` dict. Received unknown features: "
                             f"{cross}")
        return Cross(cross, crossing_dim=self.crossing_dim)

    # --- adapting -----------------------------------------------------------------------------
    def _list_adaptable_preprocessors(self) -> list:
        layers = _layers()
        names = []
        for name in self.features:
            preprocessor = self.preprocessors[name]
            if isinstance(preprocessor, layers.Normalization):
                if preprocessor.input_mean is not None:  # given statistics: nothing to adapt
                    continue
            elif isinstance(preprocessor, layers.TextVectorization):
                if preprocessor._has_input_vocabulary:
                    continue
            if hasattr(preprocessor, "adapt"):
                names.append(name)
        return names

    def adapt(self, dataset) -> None:
        """Adapts each adaptable preprocessor on its column of `dataset` (a `tf.data`
        dataset of dicts, batched or not, or a dict of arrays)."""
        if not isinstance(dataset, tf.data.Dataset):
            if not isinstance(dataset, dict):
                raise ValueError("`adapt()` can only be called on a tf.data.Dataset or a dict "
                                 f"of arrays/lists. Received instead: {dataset} (of type "
                                 f"{type(dataset)})")
            dataset = tf.data.Dataset.from_tensor_slices(dataset)
        for name in self._list_adaptable_preprocessors():
            column = dataset.map(lambda x, name=name: x[name])
            rank = len(next(iter(column)).shape)
            if rank == 0:
                column = column.batch(32)
            if rank in (0, 1):  # a trailing axis of 1, so statistics are per column
                column = column.map(lambda x: tf.expand_dims(x, -1))
            self.preprocessors[name].adapt(column)
        self._is_adapted = True
        self.get_encoded_features()  # finishes building: encoders and concat layer
        self.built = True
        self._sublayers_built = True

    # --- the functional view ------------------------------------------------------------------
    def get_inputs(self) -> dict:
        """`{name: keras.Input(shape=(1,), dtype=...)}` for every feature."""
        self._check_if_built()
        return self.inputs

    def get_encoded_features(self):
        """The encoded Keras tensor (concat) or dict of them, computed from `get_inputs()`."""
        self._check_if_adapted()
        if self.encoded_features is None:
            preprocessed = self._preprocess_features(self.inputs)
            crossed = self._cross_features(preprocessed)
            self.encoded_features = self._merge_features(preprocessed, crossed)
        return self.encoded_features

    def _preprocess_features(self, features: dict) -> dict:
        return {name: self.preprocessors[name](features[name]) for name in features}

    def _cross_features(self, features: dict) -> dict:
        return {cross.name: self.crossers[cross.name]([features[n] for n in cross.feature_names])
                for cross in self.crosses}

    def _merge_features(self, preprocessed: dict, crossed: dict):
        if not self._preprocessed_features_names:
            self._preprocessed_features_names = sorted(preprocessed)
            self._crossed_features_names = sorted(crossed)
        names = self._preprocessed_features_names + self._crossed_features_names
        values = [preprocessed[n] for n in self._preprocessed_features_names] + \
            [crossed[n] for n in self._crossed_features_names]
        if not self._sublayers_built:
            self._make_encoders(names, values)
        encoded = {}
        for name, value in zip(names, values):
            encoder = self.one_hot_encoders.get(name)
            encoded[name] = encoder(value) if encoder else value
        if self.output_mode == "dict":
            return encoded
        return self.concat([encoded[name] for name in names])

    def _make_encoders(self, names: list, values: list) -> None:
        """Creates the one-hot encoders (and the concat layer), checking each output dtype."""
        for name, value in zip(names, values):
            spec = self.features.get(name) or self.crosses_by_name[name]
            if spec.output_mode == "one_hot":
                self._make_one_hot_encoder(name, value.dtype)
            dtype = tf.as_dtype(value.dtype) if name not in self.one_hot_encoders else None
            if self.output_mode == "concat" and dtype is not None and (
                    dtype.is_integer or dtype == tf.string):
                raise ValueError(f"Cannot concatenate features because feature '{name}' has "
                                 f"not been encoded (it has dtype {dtype.name}). Consider "
                                 f"using `output_mode='dict'`.")
        if self.output_mode == "concat":
            self.concat = TFDConcat(axis=-1, name=naming.uniquify("tfd_concat"))

    def _make_one_hot_encoder(self, name: str, dtype) -> None:
        layers = _layers()
        if not _is_int(dtype):
            raise ValueError(f"Feature '{name}' has `output_mode='one_hot'`. Thus its "
                             f"preprocessor should return an integer dtype. Instead it returns "
                             f"a {tf.as_dtype(dtype).name} dtype.")
        preprocessor = self.preprocessors.get(name) or self.crossers.get(name)
        if isinstance(preprocessor, (layers.IntegerLookup, layers.StringLookup)):
            cardinality = preprocessor.vocabulary_size()
        elif isinstance(preprocessor, layers.CategoryEncoding):
            cardinality = preprocessor.num_tokens
        elif isinstance(preprocessor, (layers.Discretization, layers.HashedCrossing,
                                       layers.Hashing)):
            cardinality = preprocessor.num_bins
        else:
            raise ValueError(f"Feature '{name}' has `output_mode='one_hot'`. However it isn't "
                             "a standard feature and the dimensionality of its output space "
                             "is not known, thus it cannot be one-hot encoded. Try using "
                             "`output_mode='int'`.")
        if cardinality is not None:
            self.one_hot_encoders[name] = layers.CategoryEncoding(num_tokens=cardinality,
                                                                  output_mode="multi_hot")

    def _check_if_adapted(self) -> None:
        if not self._is_adapted:
            if self._list_adaptable_preprocessors():
                raise ValueError("You need to call `.adapt(dataset)` on the FeatureSpace "
                                 "before you can start using it.")
            self._is_adapted = True

    def _check_if_built(self) -> None:
        if not self._sublayers_built:
            self._check_if_adapted()
            self.get_encoded_features()
            self._sublayers_built = True

    # --- calling ------------------------------------------------------------------------------
    def __call__(self, data):
        self._check_if_built()
        if not isinstance(data, dict):
            raise ValueError("A FeatureSpace can only be called with a dict. Received: "
                             f"data={data} (of type {type(data)}")
        data = {key: _to_tensor(value) for key, value in data.items()}
        rebatched = False
        for key, x in data.items():
            if len(x.shape) == 0:  # one example: a batch of one
                data[key] = tf.reshape(x, (1, 1))
                rebatched = True
            elif len(x.shape) == 1:
                data[key] = tf.expand_dims(x, -1)
        preprocessed = self._preprocess_features(data)
        crossed = self._cross_features(preprocessed)
        merged = self._merge_features(preprocessed, crossed)
        if not rebatched:
            return merged
        if self.output_mode == "concat":
            if merged.shape[0] != 1:
                raise ValueError("Expected rebatched data to have batch size 1. Received: "
                                 f"shape={merged.shape}")
            return tf.squeeze(merged, axis=0)
        return {key: tf.squeeze(x, axis=0) if len(x.shape) == 2 and x.shape[0] == 1 else x
                for key, x in merged.items()}

    # --- config and saving --------------------------------------------------------------------
    def get_config(self) -> dict:
        return {"features": _serialize(self.features), "output_mode": self.output_mode,
                "crosses": _serialize(self.crosses), "crossing_dim": self.crossing_dim,
                "hashing_dim": self.hashing_dim,
                "num_discretization_bins": self.num_discretization_bins}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        return cls(**config)

    def get_build_config(self) -> dict:
        from fluxion.keras.saving import serialization_lib  # noqa: PLC0415

        return {name: serialization_lib.get_build_config(spec.preprocessor) or {}
                for name, spec in self.features.items()}

    def build_from_config(self, config: dict) -> None:
        from fluxion.keras.saving import serialization_lib  # noqa: PLC0415

        for name, build_config in (config or {}).items():
            preprocessor = self.features[name].preprocessor
            if not preprocessor.built and build_config:
                serialization_lib.build_from_config(preprocessor, build_config)
        self._is_adapted = True
        self.built = True

    def save(self, filepath) -> None:
        """Writes the FeatureSpace (config and adapted state) to a `.keras` file; reload it
        with `keras.models.load_model`."""
        from fluxion.keras.saving import saving_lib  # noqa: PLC0415

        saving_lib.save_model(self, filepath)

    def save_own_variables(self, store) -> None:
        return

    def load_own_variables(self, store) -> None:
        return


__all__ = ["FeatureSpace"]
