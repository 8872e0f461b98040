"""``tf.keras.applications.imagenet_utils``: input preprocessing, prediction decoding, and the
argument checks every application model shares (as Keras 3 writes them)."""
from __future__ import annotations

import json
import os
import warnings

import numpy as np

__all__ = ["decode_predictions", "preprocess_input"]

CLASS_INDEX = None
CLASS_INDEX_PATH = ("https://storage.googleapis.com/download.tensorflow.org/"
                    "data/imagenet_class_index.json")
_CAFFE_MEAN = (103.939, 116.779, 123.68)
_TORCH_MEAN, _TORCH_STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)


def _image_data_format() -> str:
    from fluxion.keras import backend  # noqa: PLC0415

    return backend.image_data_format()


def preprocess_input(x, data_format=None, mode="caffe"):
    """Scales a batch of [0, 255] images as the ImageNet weights expect.

    mode "caffe": RGB -> BGR, then subtract the ImageNet channel means; "tf": scale to
    [-1, 1]; "torch": scale to [0, 1], then normalize by the ImageNet mean and std. A NumPy
    float array is updated in place (as in Keras); a tensor gives a new tensor.
    """
    if mode not in {"caffe", "tf", "torch"}:
        raise ValueError("Expected mode to be one of `caffe`, `tf` or `torch`. "
                         f"Received: mode={mode}")
    if data_format is None:
        data_format = _image_data_format()
    elif data_format not in {"channels_first", "channels_last"}:
        raise ValueError("Expected data_format to be one of `channels_first` or "
                         f"`channels_last`. Received: data_format={data_format}")
    if isinstance(x, np.ndarray):
        return _preprocess_numpy(x, data_format, mode)
    return _preprocess_tensor(x, data_format, mode)


def _channel_shape(ndim: int, data_format: str) -> tuple:
    if data_format == "channels_last":
        return (1,) * (ndim - 1) + (3,)
    return (3, 1, 1) if ndim == 3 else (1, 3) + (1,) * (ndim - 2)


def _preprocess_numpy(x, data_format, mode):
    if not issubclass(x.dtype.type, np.floating):
        from fluxion.keras import backend  # noqa: PLC0415

        x = x.astype(backend.floatx(), copy=False)
    if mode == "tf":
        x /= 127.5
        x -= 1.0
        return x
    std = None
    if mode == "torch":
        x /= 255.0
        mean, std = _TORCH_MEAN, _TORCH_STD
    else:
        mean = _CAFFE_MEAN
        if data_format == "channels_last":
            x = x[..., ::-1]
        else:
            x = x[::-1, ...] if x.ndim == 3 else x[:, ::-1, ...]
    shape = _channel_shape(x.ndim, data_format)
    x -= np.asarray(mean, x.dtype).reshape(shape)
    if std is not None:
        x /= np.asarray(std, x.dtype).reshape(shape)
    return x


def _preprocess_tensor(x, data_format, mode):
    from fluxion.keras import ops  # noqa: PLC0415

    if not hasattr(x, "shape"):
        x = ops.convert_to_tensor(x)
    ndim = len(x.shape)
    if mode == "tf":
        return x / 127.5 - 1.0
    std = None
    if mode == "torch":
        x = x / 255.0
        mean, std = _TORCH_MEAN, _TORCH_STD
    else:
        mean = _CAFFE_MEAN
        if data_format == "channels_last":
            x = ops.stack([x[..., i] for i in (2, 1, 0)], axis=-1)
        elif ndim == 3:
            x = ops.stack([x[i, ...] for i in (2, 1, 0)], axis=0)
        else:
            x = ops.stack([x[:, i] for i in (2, 1, 0)], axis=1)
    shape = _channel_shape(ndim, data_format)
    x = x + ops.reshape(ops.convert_to_tensor(-np.array(mean), dtype=x.dtype), shape)
    if std is not None:
        x = x / ops.reshape(ops.convert_to_tensor(np.array(std), dtype=x.dtype), shape)
    return x


def decode_predictions(preds, top=5):
    """The `top` ImageNet classes of each row of `preds` (samples, 1000), as lists of
    `(class_name, class_description, score)`, best first. Fetches Keras' class index file
    through `keras.utils.get_file` (cached under `~/.keras/models`)."""
    global CLASS_INDEX
    if len(preds.shape) != 2 or preds.shape[1] != 1000:
        raise ValueError("`decode_predictions` expects a batch of predictions (i.e. a 2D "
                         f"array of shape (samples, 1000)). Received array with shape: "
                         f"{preds.shape}")
    if CLASS_INDEX is None:
        from fluxion.keras.utils import get_file  # noqa: PLC0415

        fpath = get_file("imagenet_class_index.json", CLASS_INDEX_PATH, cache_subdir="models",
                         file_hash="c2c37ea517e94d9795004a39431a14cb")
        with open(fpath) as f:
            CLASS_INDEX = json.load(f)
    results = []
    for pred in np.asarray(preds):
        top_indices = pred.argsort()[-top:][::-1]
        result = [tuple(CLASS_INDEX[str(i)]) + (pred[i],) for i in top_indices]
        result.sort(key=lambda r: r[2], reverse=True)
        results.append(result)
    return results


# -- shared by the model builders -------------------------------------------------------------

def obtain_input_shape(input_shape, default_size, min_size, data_format, require_flatten,
                       weights=None):
    """The model's input shape: `input_shape` checked, or the default one."""
    last = data_format != "channels_first"
    if weights != "imagenet" and input_shape and len(input_shape) == 3:
        channels = input_shape[-1] if last else input_shape[0]
        if channels not in {1, 3}:
            warnings.warn("This model usually expects 1 or 3 input channels. However, it was "
                          f"passed an input_shape with {channels} input channels.",
                          stacklevel=2)
        default_shape = ((default_size, default_size, channels) if last
                         else (channels, default_size, default_size))
    else:
        default_shape = (default_size, default_size, 3) if last else (3, default_size,
                                                                      default_size)
    if weights == "imagenet" and require_flatten:
        if input_shape is not None and input_shape != default_shape:
            raise ValueError("When setting `include_top=True` and loading `imagenet` weights, "
                             f"`input_shape` should be {default_shape}.  "
                             f"Received: input_shape={input_shape}")
        return default_shape
    if input_shape:
        if len(input_shape) != 3:
            raise ValueError("`input_shape` must be a tuple of three integers.")
        channels = input_shape[-1] if last else input_shape[0]
        if channels != 3 and weights == "imagenet":
            raise ValueError(f"The input must have 3 channels; Received "
                             f"`input_shape={input_shape}`")
        rows, cols = input_shape[:2] if last else input_shape[1:]
        if (rows is not None and rows < min_size) or (cols is not None and cols < min_size):
            raise ValueError(f"Input size must be at least {min_size}x{min_size}; "
                             f"Received: input_shape={input_shape}")
    elif require_flatten:
        input_shape = default_shape
    else:
        input_shape = (None, None, 3) if last else (3, None, None)
    if require_flatten and None in input_shape:
        raise ValueError("If `include_top` is True, you should specify a static "
                         f"`input_shape`. Received: input_shape={input_shape}")
    return input_shape


def correct_pad(inputs, kernel_size):
    """Zero padding ((top, bottom), (left, right)) for a strided 'valid' convolution."""
    first = 2 if _image_data_format() == "channels_first" else 1
    size = inputs.shape[first:first + 2]
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    adjust = (1, 1) if size[0] is None else (1 - size[0] % 2, 1 - size[1] % 2)
    correct = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))


def validate_activation(classifier_activation, weights):
    """Pretrained weights allow only a softmax or linear classifier."""
    if weights is None:
        return
    from fluxion.keras import activations  # noqa: PLC0415

    classifier_activation = activations.get(classifier_activation)
    if classifier_activation not in {activations.get("softmax"), activations.get(None)}:
        raise ValueError("Only `None` and `softmax` activations are allowed for the "
                         "`classifier_activation` argument when using pretrained weights, "
                         "with `include_top=True`; Received: "
                         f"classifier_activation={classifier_activation}")


_BAD_WEIGHTS = ("The `weights` argument should be either `None` (random initialization), "
                "'imagenet' (pre-training on ImageNet), or the path to the weights file to be "
                "loaded.  Received: weights={weights}")
_BAD_CLASSES = ("If using `weights='imagenet'` with `include_top=True`, `classes` should be "
                "1000.  Received classes={classes}")


def check_weights(weights, include_top, classes, bad_weights=_BAD_WEIGHTS,
                  bad_classes=_BAD_CLASSES):
    """Keras' two opening checks (their wording differs slightly between models)."""
    if not (weights in {"imagenet", None} or os.path.exists(weights)):
        raise ValueError(bad_weights.format(weights=weights))
    if weights == "imagenet" and include_top and classes != 1000:
        raise ValueError(bad_classes.format(classes=classes))


def image_input(input_tensor, input_shape):
    """The model's input tensor: a new Input, or `input_tensor` (wrapped unless symbolic)."""
    from fluxion.keras import backend, layers  # noqa: PLC0415

    if input_tensor is None:
        return layers.Input(shape=input_shape)
    if not backend.is_keras_tensor(input_tensor):
        return layers.Input(tensor=input_tensor, shape=input_shape)
    return input_tensor


def finish_model(img_input, input_tensor, x, name):
    """A Functional model from the true source inputs of `input_tensor` (or `img_input`)."""
    from fluxion.keras.models import Model  # noqa: PLC0415
    from fluxion.keras.utils.data_utils import get_source_inputs  # noqa: PLC0415

    inputs = img_input if input_tensor is None else get_source_inputs(input_tensor)
    return Model(inputs, x, name=name)


def pool(x, pooling, names=(None, None)):
    """Keras' `pooling="avg"/"max"` head of a model without its top."""
    from fluxion.keras import layers  # noqa: PLC0415

    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name=names[0])(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name=names[1])(x)
    return x


def load_weights(model, weights, file_name=None, origin=None, file_hash=None):
    """Loads `weights`: "imagenet" fetches Keras' .h5 file (`file_name` from `origin`)
    through `get_file`, a path is loaded with `model.load_weights`."""
    if weights == "imagenet":
        from fluxion.keras.utils import get_file  # noqa: PLC0415

        try:
            import h5py  # noqa: F401, PLC0415
        except ImportError as err:
            raise ImportError("Loading the pretrained `imagenet` weights (Keras .h5 files) "
                              "requires h5py: `pip install h5py`.") from err
        weights = get_file(file_name, origin, cache_subdir="models", file_hash=file_hash)
    if weights is not None:
        if str(weights).endswith(".h5") and not str(weights).endswith(".weights.h5"):
            try:
                import h5py  # noqa: F401, PLC0415
            except ImportError as err:
                raise ImportError(f"Loading the Keras .h5 weights file {weights!r} requires "
                                  "h5py: `pip install h5py`.") from err
        model.load_weights(weights)
    return model
