"""``tf.estimator.export``: serving input receivers and the export outputs of a SavedModel's
signatures.

A `serving_input_receiver_fn` builds its inputs with `tf.compat.v1.placeholder` and returns a
`ServingInputReceiver(features, receiver_tensors)`: the placeholders become the inputs of the
exported signatures (named by the `receiver_tensors` keys), the features go to the model_fn.
"""
from __future__ import annotations

import collections

from fluxion.core import dtypes
from fluxion.core.tensor import Tensor
from fluxion.io import parsing

SINGLE_FEATURE_DEFAULT_NAME = "feature"
SINGLE_RECEIVER_DEFAULT_NAME = "input"
SINGLE_LABEL_DEFAULT_NAME = "label"
DEFAULT_SERVING_SIGNATURE_DEF_KEY = "serving_default"


def _is_tensor(x) -> bool:
    return isinstance(x, Tensor) or type(x).__name__ in ("SparseTensor", "RaggedTensor")


def _wrap_and_check(tensors, default_name: str, what: str) -> dict:
    if tensors is None:
        raise ValueError(f"{what}s must be defined.")
    if not isinstance(tensors, dict):
        tensors = {default_name: tensors}
    for name, tensor in tensors.items():
        if not isinstance(name, str):
            raise ValueError(f"{what} keys must be strings: {name}.")  # noqa: TRY004
        if not _is_tensor(tensor):
            raise ValueError(f"{what} {name} must be a Tensor, SparseTensor, or RaggedTensor.")
    return tensors


class ServingInputReceiver(collections.namedtuple(
        "ServingInputReceiver", ["features", "receiver_tensors",
                                 "receiver_tensors_alternatives"])):
    """The features for the model_fn and the tensors a serving request feeds."""

    def __new__(cls, features, receiver_tensors, receiver_tensors_alternatives=None):
        features = _wrap_and_check(features, SINGLE_FEATURE_DEFAULT_NAME, "feature")
        receiver_tensors = _wrap_and_check(receiver_tensors, SINGLE_RECEIVER_DEFAULT_NAME,
                                           "receiver_tensor")
        if receiver_tensors_alternatives is not None:
            if not isinstance(receiver_tensors_alternatives, dict):
                raise ValueError(f"receiver_tensors_alternatives must be a dict: "
                                 f"{receiver_tensors_alternatives}.")
            receiver_tensors_alternatives = {
                name: _wrap_and_check(tensors, SINGLE_RECEIVER_DEFAULT_NAME, "receiver_tensor")
                for name, tensors in receiver_tensors_alternatives.items()}
        return super().__new__(cls, features, receiver_tensors, receiver_tensors_alternatives)


class TensorServingInputReceiver(collections.namedtuple(
        "TensorServingInputReceiver", ["features", "receiver_tensors",
                                       "receiver_tensors_alternatives"])):
    """Like ServingInputReceiver, but the model_fn gets `features` as one tensor."""

    def __new__(cls, features, receiver_tensors, receiver_tensors_alternatives=None):
        if features is None:
            raise ValueError("features must be defined.")
        if not _is_tensor(features):
            raise ValueError("feature must be a Tensor, SparseTensor, or RaggedTensor.")
        receiver = ServingInputReceiver(features, receiver_tensors,
                                        receiver_tensors_alternatives)
        return super().__new__(cls, features, receiver.receiver_tensors,
                               receiver.receiver_tensors_alternatives)


def build_parsing_serving_input_receiver_fn(feature_spec: dict, default_batch_size=None):
    """A receiver fn taking a vector of serialized tf.train.Examples (input 'examples') and
    parsing them with `feature_spec` (`tf.io.parse_example`: one graph op in the export)."""

    def serving_input_receiver_fn():
        from fluxion.compat.v1 import placeholder

        serialized = placeholder(dtype=dtypes.string, shape=[default_batch_size],
                                 name="input_example_tensor")
        features = parsing.parse_example(serialized, feature_spec)
        return ServingInputReceiver(features, {"examples": serialized})

    return serving_input_receiver_fn


def _placeholders_like(features: dict, default_batch_size) -> dict:
    from fluxion.compat.v1 import placeholder

    out = {}
    for name, tensor in features.items():
        shape = tensor.shape.as_list() if tensor.shape.rank is not None else None
        if shape:
            shape[0] = default_batch_size
        out[name] = placeholder(dtype=tensor.dtype, shape=shape, name=name)
    return out


def build_raw_serving_input_receiver_fn(features, default_batch_size=None):
    """A receiver fn taking the features themselves (placeholders shaped like `features`, a
    dict of tensors or one tensor, with batch dim `default_batch_size`)."""

    def serving_input_receiver_fn():
        if isinstance(features, dict):
            receivers = _placeholders_like(features, default_batch_size)
            return ServingInputReceiver(receivers, dict(receivers))
        single = _placeholders_like({SINGLE_RECEIVER_DEFAULT_NAME: features},
                                    default_batch_size)[SINGLE_RECEIVER_DEFAULT_NAME]
        return ServingInputReceiver(single, single)

    return serving_input_receiver_fn


# --- export outputs ---------------------------------------------------------------------
class ExportOutput:
    """The outputs of one signature: `outputs` maps output names to tensors."""

    @property
    def outputs(self) -> dict:
        raise NotImplementedError


class ClassificationOutput(ExportOutput):
    """Scores (float) and/or classes (string) of a classifier; signature input 'inputs'
    (serialized Examples)."""

    def __init__(self, scores=None, classes=None) -> None:
        if scores is not None and not (_is_tensor(scores) and scores.dtype.is_floating):
            raise ValueError(f"Classification scores must be a float32 Tensor; got {scores}")
        if classes is not None and not (_is_tensor(classes) and classes.dtype == dtypes.string):
            raise ValueError(f"Classification classes must be a string Tensor; got {classes}")
        if scores is None and classes is None:
            raise ValueError("Classification scores and classes cannot both be None.")
        self._scores, self._classes = scores, classes

    scores = property(lambda self: self._scores)
    classes = property(lambda self: self._classes)

    @property
    def outputs(self) -> dict:
        out = {}
        if self._classes is not None:
            out["classes"] = self._classes
        if self._scores is not None:
            out["scores"] = self._scores
        return out


class RegressionOutput(ExportOutput):
    """The predicted value of a regressor; signature input 'inputs' (serialized Examples)."""

    def __init__(self, value) -> None:
        if not (_is_tensor(value) and value.dtype.is_floating):
            raise ValueError(f"Regression output value must be a float32 Tensor; got {value}")
        self._value = value

    value = property(lambda self: self._value)

    @property
    def outputs(self) -> dict:
        return {"outputs": self._value}


class PredictOutput(ExportOutput):
    """Arbitrary named output tensors (one tensor is named 'output')."""

    def __init__(self, outputs) -> None:
        outputs = outputs if isinstance(outputs, dict) else {"output": outputs}
        for key, value in outputs.items():
            if not isinstance(key, str):
                raise ValueError(  # noqa: TRY004 - TF raises ValueError
                    f"Prediction output key must be a string; got {key}.")
            if not _is_tensor(value):
                raise ValueError(f"Prediction output value must be a Tensor; got {value}.")
        self._outputs = outputs

    @property
    def outputs(self) -> dict:
        return dict(self._outputs)


__all__ = ["ClassificationOutput", "ExportOutput", "PredictOutput", "RegressionOutput",
           "ServingInputReceiver", "TensorServingInputReceiver",
           "build_parsing_serving_input_receiver_fn", "build_raw_serving_input_receiver_fn"]
