"""Dense columns over categorical ones (indicator, embedding), `make_parse_example_spec`
and the `DenseFeatures` Keras layer."""
from __future__ import annotations

import math

import fluxion as tf
from fluxion.feature_column.columns import CategoricalColumn, DenseColumn, FeatureColumn
from fluxion.keras.layers.layer import Layer

__all__ = ["DenseFeatures", "embedding_column", "indicator_column", "make_parse_example_spec",
           "shared_embeddings"]


def _present_weights(ids, weights):
    """float32 [batch, n]: the weight of each id, 0 where the id is absent."""
    present = tf.cast(ids >= 0, tf.float32)
    return present if weights is None else present * weights


class IndicatorColumn(DenseColumn):
    """Multi-hot counts (or summed weights) of the ids over `num_buckets`."""

    _fields = ("categorical_column",)

    def __init__(self, categorical_column) -> None:
        self.categorical_column = categorical_column

    name = property(lambda self: f"{self.categorical_column.name}_indicator")
    parse_example_spec = property(lambda self: self.categorical_column.parse_example_spec)
    parents = property(lambda self: [self.categorical_column])
    variable_shape = property(lambda self: tf.TensorShape([self.categorical_column.num_buckets]))

    def get_dense_tensor(self, features: dict, weights: dict):
        ids, w = self.categorical_column.get_ids(features)
        hot = tf.one_hot(ids, self.categorical_column.num_buckets)  # absent (-1) ids: zeros
        return tf.reduce_sum(hot * tf.expand_dims(_present_weights(ids, w), -1), axis=1)


def indicator_column(categorical_column) -> IndicatorColumn:
    """A dense multi-hot representation of a categorical column."""
    if not isinstance(categorical_column, CategoricalColumn):
        raise ValueError(  # noqa: TRY004 - TF raises ValueError
            f"Unsupported input type. Input must be a CategoricalColumn. "
            f"Given: {categorical_column}")
    return IndicatorColumn(categorical_column)


def _combine(table, ids, weights, combiner: str):
    """Weighted `combiner` of table rows per example; examples without ids give zeros."""
    w = _present_weights(ids, weights)
    rows = tf.gather(table, tf.maximum(ids, 0))  # [batch, n, dim]
    total = tf.reduce_sum(rows * tf.expand_dims(w, -1), axis=1)
    if combiner == "sum":
        return total
    if combiner == "mean":
        norm = tf.reduce_sum(w, axis=1, keepdims=True)
    else:  # sqrtn
        norm = tf.sqrt(tf.reduce_sum(w * w, axis=1, keepdims=True))
    return tf.math.divide_no_nan(total, norm)


class EmbeddingColumn(DenseColumn):
    """Combined rows of a trainable [num_buckets, dimension] table."""

    _fields = ("categorical_column", "dimension", "combiner", "initializer", "ckpt_to_load_from",
               "tensor_name_in_ckpt", "max_norm", "trainable")

    def __init__(self, categorical_column, dimension, combiner, initializer, ckpt_to_load_from,
                 tensor_name_in_ckpt, max_norm, trainable) -> None:
        self.categorical_column, self.dimension = categorical_column, dimension
        self.combiner, self.initializer, self.max_norm = combiner, initializer, max_norm
        self.ckpt_to_load_from, self.tensor_name_in_ckpt = ckpt_to_load_from, tensor_name_in_ckpt
        self.trainable = trainable

    name = property(lambda self: f"{self.categorical_column.name}_embedding")
    parse_example_spec = property(lambda self: self.categorical_column.parse_example_spec)
    parents = property(lambda self: [self.categorical_column])
    variable_shape = property(lambda self: tf.TensorShape([self.dimension]))

    def create_weights(self, layer) -> dict:
        shape = (self.categorical_column.num_buckets, self.dimension)
        init = self.initializer
        variable = layer.add_weight(name=f"{self.name}/embedding_weights", shape=shape,
                                    initializer=lambda shape, dtype=None: init(shape, tf.float32),
                                    dtype="float32", trainable=self.trainable)
        return {"embedding_weights": variable}

    def get_dense_tensor(self, features: dict, weights: dict):
        table = weights[self.name]["embedding_weights"]
        if self.max_norm is not None:
            table = tf.clip_by_norm(table, self.max_norm, axes=[1])
        ids, w = self.categorical_column.get_ids(features)
        return _combine(table, ids, w, self.combiner)


class _TruncatedNormal:
    """TF's default embedding initializer (v1 ``truncated_normal_initializer``, seed None): each
    call draws with the stateful ``tf.random.truncated_normal``, so the values are decided when
    the weights are created, by the global seed (``tf.random.set_seed``, an Estimator's
    tf_random_seed), as in TF."""

    def __init__(self, mean: float = 0.0, stddev: float = 1.0, seed=None) -> None:
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=tf.float32, partition_info=None):
        return tf.random.truncated_normal(shape, self.mean, self.stddev,
                                          dtype=tf.as_dtype(dtype), seed=self.seed)

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed,
                "dtype": "float32"}


def _default_initializer(dimension: int) -> _TruncatedNormal:
    return _TruncatedNormal(mean=0.0, stddev=1.0 / math.sqrt(dimension))


def embedding_column(categorical_column, dimension, combiner="mean", initializer=None,
                     ckpt_to_load_from=None, tensor_name_in_ckpt=None, max_norm=None,
                     trainable=True, use_safe_embedding_lookup=True) -> EmbeddingColumn:
    """A dense embedding of a categorical column (`combiner`: "mean", "sqrtn" or "sum")."""
    if dimension is None or dimension < 1:
        raise ValueError(f"Invalid dimension {dimension}.")
    if (ckpt_to_load_from is None) != (tensor_name_in_ckpt is None):
        raise ValueError("Must specify both `ckpt_to_load_from` and `tensor_name_in_ckpt` or "
                         "none of them.")
    if ckpt_to_load_from is not None:
        raise NotImplementedError("Fluxion's embedding_column cannot load from a checkpoint.")
    if initializer is not None and not callable(initializer):
        raise ValueError(f"initializer must be callable if specified. Embedding of column_name: "
                         f"{categorical_column.name}")
    if combiner not in ("mean", "sqrtn", "sum"):
        raise ValueError(f"Invalid combiner {combiner!r}: must be 'mean', 'sqrtn' or 'sum'.")
    if not isinstance(categorical_column, CategoricalColumn):
        raise ValueError(  # noqa: TRY004 - TF raises ValueError
            f"Unsupported input type. Input must be a CategoricalColumn. "
            f"Given: {categorical_column}")
    initializer = initializer or _default_initializer(dimension)
    return EmbeddingColumn(categorical_column, int(dimension), combiner, initializer, None,
                           None, max_norm, trainable)


class SharedEmbeddingColumn(EmbeddingColumn):
    """An embedding column whose table is shared by every column of one `shared_embeddings`
    call (one table per DenseFeatures layer, named after the collection)."""

    def __init__(self, categorical_column, shared: dict, **kwargs) -> None:
        super().__init__(categorical_column, **kwargs)
        self.shared = shared  # {"name": collection name, "num_buckets": rows}

    name = property(lambda self: f"{self.categorical_column.name}_shared_embedding")

    def create_weights(self, layer) -> dict:
        tables = layer.__dict__.setdefault("_shared_tables", {})
        key = self.shared["name"]
        if key not in tables:
            init = self.initializer
            tables[key] = layer.add_weight(
                name=f"{key}/embedding_weights", shape=(self.shared["num_buckets"],
                                                        self.dimension),
                initializer=lambda shape, dtype=None: init(shape, tf.float32), dtype="float32",
                trainable=self.trainable)
        return {"embedding_weights": tables[key]}


def shared_embeddings(categorical_columns, dimension, combiner="mean", initializer=None,
                      shared_embedding_collection_name=None, ckpt_to_load_from=None,
                      tensor_name_in_ckpt=None, max_norm=None, trainable=True,
                      use_safe_embedding_lookup=True) -> list:
    """Embedding columns over one shared table (the columns must have equal num_buckets).
    TF 2.21 refuses these in eager mode (RuntimeError); Fluxion runs them eagerly too."""
    columns = list(categorical_columns)
    if not columns:
        raise ValueError("categorical_columns must not be empty.")
    template = embedding_column(columns[0], dimension, combiner, initializer,
                                ckpt_to_load_from, tensor_name_in_ckpt, max_norm, trainable)
    sizes = {c.num_buckets for c in columns}
    if len(sizes) != 1:
        raise ValueError(f"To use shared_embedding_column, all categorical_columns must have "
                         f"the same number of buckets. Given column: {columns}")
    name = shared_embedding_collection_name or "_".join(sorted(c.name for c in columns)) + \
        "_shared_embedding"
    shared = {"name": name, "num_buckets": sizes.pop()}
    return [SharedEmbeddingColumn(c, shared, dimension=template.dimension, combiner=combiner,
                                  initializer=template.initializer, ckpt_to_load_from=None,
                                  tensor_name_in_ckpt=None, max_norm=max_norm,
                                  trainable=trainable) for c in columns]


def make_parse_example_spec(feature_columns) -> dict:
    """The `parse_example` feature spec dict covering every column's raw features."""
    spec: dict = {}
    for column in feature_columns:
        if not isinstance(column, FeatureColumn):
            raise ValueError(  # noqa: TRY004 - TF raises ValueError
                f"All feature_columns must be FeatureColumn instances. Given: "
                f"{column}")
        for key, value in column.parse_example_spec.items():
            if key in spec and spec[key] != value:
                raise ValueError(f"feature_columns contain different parse_spec for key {key}. "
                                 f"Given {value} and {spec[key]}")
        spec.update(column.parse_example_spec)
    return spec


class DenseFeatures(Layer):
    """Concatenates the dense outputs of `feature_columns`, in sorted column-name order, into
    one float32 [batch, total] tensor; embedding tables are this layer's weights."""

    def __init__(self, feature_columns, trainable: bool = True, name: str | None = None,
                 partitioner=None, **kwargs) -> None:
        super().__init__(trainable=trainable, name=name, **kwargs)
        if isinstance(feature_columns, FeatureColumn):
            feature_columns = [feature_columns]
        columns = list(feature_columns)
        if not columns:
            raise ValueError("Expected feature_columns to be iterable, found list.")
        for column in columns:
            if not isinstance(column, DenseColumn):
                raise ValueError(  # noqa: TRY004 - TF raises ValueError
                    f"Items of feature_columns must be a DenseColumn. You can wrap "
                    f"a categorical column with an embedding_column or "
                    f"indicator_column. Given: {column}")
        names = [c.name for c in columns]
        if len(set(names)) != len(names):
            raise ValueError(f"Duplicate feature column name found for columns: {names}")
        self._feature_columns = tuple(sorted(columns, key=lambda c: c.name))
        self._column_weights: dict = {}

    feature_columns = property(lambda self: list(self._feature_columns))

    def build(self, input_shape=None) -> None:
        for column in self._feature_columns:
            self._column_weights[column.name] = column.create_weights(self)
        self.built = True

    def call(self, features, cols_to_output_tensors=None, training=None):
        if not isinstance(features, dict):
            raise ValueError(  # noqa: TRY004 - TF raises ValueError
                f"We expected a dictionary here. Instead we got: {features}")
        outputs = []
        for column in self._feature_columns:
            tensor = column.get_dense_tensor(features, self._column_weights)
            if cols_to_output_tensors is not None:
                cols_to_output_tensors[column] = tensor
            outputs.append(tensor)
        return tf.concat(outputs, axis=1)

    def _convert_input(self, x):
        return x  # features keep their dtypes (and SparseTensors stay sparse)

    def get_config(self) -> dict:
        return {**super().get_config(), "feature_columns": list(self._feature_columns)}
