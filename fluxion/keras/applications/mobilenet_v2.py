"""``tf.keras.applications.mobilenet_v2``: MobileNetV2 (Sandler et al., 2018), Keras 3's layout."""
from __future__ import annotations

import warnings

from fluxion.keras.applications import imagenet_utils as iu

__all__ = ["MobileNetV2", "decode_predictions", "preprocess_input"]

BASE_WEIGHT_PATH = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/"
_SIZES = (96, 128, 160, 192, 224)
# (filters, stride, expansion) of blocks 0..16
_BLOCKS = ((16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6),
           (64, 2, 6), (64, 1, 6), (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6),
           (96, 1, 6), (160, 2, 6), (160, 1, 6), (160, 1, 6), (320, 1, 6))


def _default_size(input_shape, input_tensor) -> int:
    from fluxion.keras import backend  # noqa: PLC0415

    last = backend.image_data_format() == "channels_last"
    if input_shape is None and input_tensor is not None:
        if not backend.is_keras_tensor(input_tensor):
            return 224
        shape = tuple(input_tensor.shape)
        rows, cols = shape[1:3] if last else shape[2:4]
    elif input_shape is None:
        return 224
    else:
        rows, cols = input_shape[:2] if last else input_shape[1:3]
    return rows if rows == cols and rows in _SIZES else 224


def _check_input_tensor(input_tensor, input_shape):
    from fluxion.keras import backend  # noqa: PLC0415

    if not backend.is_keras_tensor(input_tensor):
        raise ValueError(f"input_tensor is not a Keras tensor; Received "
                         f"`input_tensor={input_tensor}`")
    if backend.image_data_format() == "channels_first":
        if input_tensor.shape[1] != input_shape[1]:
            raise ValueError("input_shape[1] must equal shape(input_tensor)[1] when "
                             "`image_data_format` is `channels_first`; Received "
                             f"`input_tensor.shape={input_tensor.shape}`, "
                             f"`input_shape={input_shape}`")
    elif input_tensor.shape[2] != input_shape[1]:
        raise ValueError("input_tensor.shape[2] must equal input_shape[1]; Received "
                         f"`input_tensor.shape={input_tensor.shape}`, "
                         f"`input_shape={input_shape}`")


def MobileNetV2(input_shape=None, alpha=1.0, include_top=True, weights="imagenet",
                input_tensor=None, pooling=None, classes=1000, classifier_activation="softmax",
                name=None):
    """MobileNetV2; `alpha` scales every layer's width."""
    from fluxion.keras import backend, layers  # noqa: PLC0415

    iu.check_weights(weights, include_top, classes,
                     "The `weights` argument should be either `None` (random initialization), "
                     "`imagenet` (pre-training on ImageNet), or the path to the weights file "
                     "to be loaded.  Received `weights={weights}`",
                     'If using `weights="imagenet"` with `include_top` as true, `classes` '
                     "should be 1000. Received `classes={classes}`")
    if input_shape is not None and input_tensor is not None:
        _check_input_tensor(input_tensor, input_shape)
    data_format = backend.image_data_format()
    input_shape = iu.obtain_input_shape(input_shape, _default_size(input_shape, input_tensor),
                                        32, data_format, include_top, weights)
    rows, cols = input_shape[:2] if data_format == "channels_last" else input_shape[1:]
    if weights == "imagenet":
        if alpha not in [0.35, 0.50, 0.75, 1.0, 1.3, 1.4]:
            raise ValueError("If imagenet weights are being loaded, alpha must be one of "
                             "`0.35`, `0.50`, `0.75`, `1.0`, `1.3` or `1.4` only; Received "
                             f"`alpha={alpha}`")
        if rows != cols or rows not in _SIZES:
            rows = 224
            warnings.warn("`input_shape` is undefined or non-square, or `rows` is not in "
                          "[96, 128, 160, 192, 224]. Weights for input shape (224, 224) will "
                          "be loaded as the default.", stacklevel=2)
    img_input = iu.image_input(input_tensor, input_shape)
    axis = 1 if data_format == "channels_first" else -1
    x = layers.Conv2D(_make_divisible(32 * alpha, 8), kernel_size=3, strides=(2, 2),
                      padding="same", use_bias=False, name="Conv1")(img_input)
    x = layers.BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name="bn_Conv1")(x)
    x = layers.ReLU(6.0, name="Conv1_relu")(x)
    for block_id, (filters, stride, expansion) in enumerate(_BLOCKS):
        x = _inverted_res_block(x, expansion, stride, alpha, filters, block_id)
    last_filters = _make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = layers.Conv2D(last_filters, kernel_size=1, use_bias=False, name="Conv_1")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name="Conv_1_bn")(x)
    x = layers.ReLU(6.0, name="out_relu")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        iu.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = iu.pool(x, pooling)
    model = iu.finish_model(img_input, input_tensor, x,
                            name if name is not None else f"mobilenetv2_{alpha:0.2f}_{rows}")
    suffix = "" if include_top else "_no_top"
    file_name = f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{float(alpha)}_{rows}{suffix}.h5"
    return iu.load_weights(model, weights, file_name, BASE_WEIGHT_PATH + file_name)


def _inverted_res_block(inputs, expansion, stride, alpha, filters, block_id):
    from fluxion.keras import backend, layers  # noqa: PLC0415

    axis = 1 if backend.image_data_format() == "channels_first" else -1
    in_channels = inputs.shape[axis]
    pointwise_filters = _make_divisible(int(filters * alpha), 8)
    x = inputs
    prefix = f"block_{block_id}_"
    if block_id:
        x = layers.Conv2D(expansion * in_channels, kernel_size=1, padding="same",
                          use_bias=False, activation=None, name=f"{prefix}expand")(x)
        x = layers.BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999,
                                      name=f"{prefix}expand_BN")(x)
        x = layers.ReLU(6.0, name=f"{prefix}expand_relu")(x)
    else:
        prefix = "expanded_conv_"
    if stride == 2:
        x = layers.ZeroPadding2D(padding=iu.correct_pad(x, 3), name=f"{prefix}pad")(x)
    x = layers.DepthwiseConv2D(kernel_size=3, strides=stride, activation=None, use_bias=False,
                               padding="same" if stride == 1 else "valid",
                               name=f"{prefix}depthwise")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999,
                                  name=f"{prefix}depthwise_BN")(x)
    x = layers.ReLU(6.0, name=f"{prefix}depthwise_relu")(x)
    x = layers.Conv2D(pointwise_filters, kernel_size=1, padding="same", use_bias=False,
                      activation=None, name=f"{prefix}project")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999,
                                  name=f"{prefix}project_BN")(x)
    if in_channels == pointwise_filters and stride == 1:
        return layers.Add(name=f"{prefix}add")([inputs, x])
    return x


def _make_divisible(v, divisor, min_value=None):
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:  # never round down by more than 10%
        new_v += divisor
    return new_v


def preprocess_input(x, data_format=None):
    """Scales [0, 255] pixels to [-1, 1] (mode "tf")."""
    return iu.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top=5):
    return iu.decode_predictions(preds, top=top)


decode_predictions.__doc__ = iu.decode_predictions.__doc__
