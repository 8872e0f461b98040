"""``tf.keras.applications.mobilenet_v3``: MobileNetV3 Small and Large (Howard et al., 2019),
Keras 3's layout. The models rescale their own input (`include_preprocessing=True`), so
`preprocess_input` is the identity."""
from __future__ import annotations

import warnings

from fluxion.keras.applications import imagenet_utils as iu

# as in Keras, the module exports only these; the models are `applications.MobileNetV3*`
__all__ = ["decode_predictions", "preprocess_input"]

BASE_WEIGHT_PATH = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v3/"
WEIGHTS_HASHES = {
    "large_224_0.75_float": ("765b44a33ad4005b3ac83185abf1d0eb",
                             "40af19a13ebea4e2ee0c676887f69a2e"),
    "large_224_1.0_float": ("59e551e166be033d707958cf9e29a6a7",
                            "07fb09a5933dd0c8eaafa16978110389"),
    "large_minimalistic_224_1.0_float": ("675e7b876c45c57e9e63e6d90a36599c",
                                         "ec5221f64a2f6d1ef965a614bdae7973"),
    "small_224_0.75_float": ("cb65d4e5be93758266aa0a7f2c6708b7",
                             "ebdb5cc8e0b497cd13a7c275d475c819"),
    "small_224_1.0_float": ("8768d4c2e7dee89b9d02b2d03d65d862",
                            "d3e8ec802a04aa4fc771ee12a9a9b836"),
    "small_minimalistic_224_1.0_float": ("99cd97fb2fcdad2bf028eb838de69e37",
                                         "cde8136e733e811080d9fcd8a252f7e4"),
}
# Blocks as (expansion, filters, kernel, stride, squeeze-excite, activation); kernel "k",
# squeeze-excite "se" and activation "act" take the model's (minimalistic or not) choice.
_SMALL_BLOCKS = (
    (1, 16, 3, 2, "se", "relu"), (72.0 / 16, 24, 3, 2, None, "relu"),
    (88.0 / 24, 24, 3, 1, None, "relu"), (4, 40, "k", 2, "se", "act"),
    (6, 40, "k", 1, "se", "act"), (6, 40, "k", 1, "se", "act"), (3, 48, "k", 1, "se", "act"),
    (3, 48, "k", 1, "se", "act"), (6, 96, "k", 2, "se", "act"), (6, 96, "k", 1, "se", "act"),
    (6, 96, "k", 1, "se", "act"))
_LARGE_BLOCKS = (
    (1, 16, 3, 1, None, "relu"), (4, 24, 3, 2, None, "relu"), (3, 24, 3, 1, None, "relu"),
    (3, 40, "k", 2, "se", "relu"), (3, 40, "k", 1, "se", "relu"),
    (3, 40, "k", 1, "se", "relu"), (6, 80, 3, 2, None, "act"), (2.5, 80, 3, 1, None, "act"),
    (2.3, 80, 3, 1, None, "act"), (2.3, 80, 3, 1, None, "act"), (6, 112, 3, 1, "se", "act"),
    (6, 112, 3, 1, "se", "act"), (6, 160, "k", 2, "se", "act"), (6, 160, "k", 1, "se", "act"),
    (6, 160, "k", 1, "se", "act"))


def _check_input_tensor(input_tensor, input_shape):
    from fluxion.keras import backend  # noqa: PLC0415

    if not backend.is_keras_tensor(input_tensor):
        raise ValueError("input_tensor specified: ", input_tensor, "is not a keras tensor")
    if backend.image_data_format() == "channels_first":
        if input_tensor.shape[1] != input_shape[1]:
            raise ValueError("When backend.image_data_format()=channels_first, input_shape[1] "
                             "must equal input_tensor.shape[1].  Received "
                             f"input_shape={input_shape}, "
                             f"input_tensor.shape={input_tensor.shape}")
    elif input_tensor.shape[2] != input_shape[1]:
        raise ValueError("input_shape[1] must equal input_tensor.shape[2].  Received "
                         f"input_shape={input_shape}, input_tensor.shape={input_tensor.shape}")


def _input_shape(input_shape, input_tensor, last: bool):
    from fluxion.keras import backend  # noqa: PLC0415

    if input_shape is None and input_tensor is not None:
        if backend.is_keras_tensor(input_tensor):
            rows, cols = input_tensor.shape[1:3] if last else input_tensor.shape[2:4]
            # Keras swaps rows and columns here; kept for the same model shapes
            input_shape = (cols, rows, 3) if last else (3, cols, rows)
    if input_shape is None and input_tensor is None:
        input_shape = (None, None, 3) if last else (3, None, None)
    return input_shape


def MobileNetV3(stack, last_point_ch, input_shape=None, alpha=1.0, model_type="large",
                minimalistic=False, include_top=True, weights="imagenet", input_tensor=None,
                classes=1000, pooling=None, dropout_rate=0.2,
                classifier_activation="softmax", include_preprocessing=True, name=None):
    """The MobileNetV3 skeleton around `stack`, a table of inverted residual blocks."""
    from fluxion.keras import backend, layers  # noqa: PLC0415

    iu.check_weights(weights, include_top, classes,
                     "The `weights` argument should be either `None` (random initialization), "
                     "`imagenet` (pre-training on ImageNet), or the path to the weights file "
                     "to be loaded.  Received weights={weights}",
                     'If using `weights="imagenet"` with `include_top` as true, `classes` '
                     "should be 1000.  Received classes={classes}")
    if input_shape is not None and input_tensor is not None:
        _check_input_tensor(input_tensor, input_shape)
    last = backend.image_data_format() == "channels_last"
    input_shape = _input_shape(input_shape, input_tensor, last)
    rows, cols = input_shape[:2] if last else input_shape[1:3]
    if rows and cols and (rows < 32 or cols < 32):
        raise ValueError(f"Input size must be at least 32x32; Received `input_shape="
                         f"{input_shape}`")
    if weights == "imagenet":
        if (not minimalistic and alpha not in [0.75, 1.0]) or (minimalistic and alpha != 1.0):
            raise ValueError("If imagenet weights are being loaded, alpha can be one of `0.75`, "
                             "`1.0` for non minimalistic or `1.0` for minimalistic only.")
        if rows != cols or rows != 224:
            warnings.warn("`input_shape` is undefined or non-square, or `rows` is not 224. "
                          "Weights for input shape (224, 224) will be loaded as the default.",
                          stacklevel=3)
    img_input = iu.image_input(input_tensor, input_shape)
    axis = -1 if last else 1
    kernel, activation, se_ratio = (3, _relu, None) if minimalistic else (5, _hard_swish, 0.25)
    x = img_input
    if include_preprocessing:
        x = layers.Rescaling(scale=1.0 / 127.5, offset=-1.0)(x)
    x = layers.Conv2D(16, kernel_size=3, strides=(2, 2), padding="same", use_bias=False,
                      name="conv")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name="conv_bn")(x)
    x = activation(x)
    for block_id, (expansion, filters, k, stride, se, act) in enumerate(stack):
        x = _inverted_res_block(x, expansion, _depth(filters * alpha),
                                kernel if k == "k" else k, stride,
                                se_ratio if se else None,
                                activation if act == "act" else _relu, block_id)
    last_conv_ch = _depth(x.shape[axis] * 6)
    if alpha > 1.0:
        last_point_ch = _depth(last_point_ch * alpha)
    x = layers.Conv2D(last_conv_ch, kernel_size=1, padding="same", use_bias=False,
                      name="conv_1")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name="conv_1_bn")(x)
    x = activation(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(keepdims=True)(x)
        x = layers.Conv2D(last_point_ch, kernel_size=1, padding="same", use_bias=True,
                          name="conv_2")(x)
        x = activation(x)
        if dropout_rate > 0:
            x = layers.Dropout(dropout_rate)(x)
        x = layers.Conv2D(classes, kernel_size=1, padding="same", name="logits")(x)
        x = layers.Flatten()(x)
        iu.validate_activation(classifier_activation, weights)
        x = layers.Activation(activation=classifier_activation, name="predictions")(x)
    else:
        x = iu.pool(x, pooling, names=("avg_pool", "max_pool"))
    model = iu.finish_model(img_input, input_tensor, x, name)
    if weights != "imagenet":
        return iu.load_weights(model, weights)
    model_name = f"{model_type}{'_minimalistic' if minimalistic else ''}_224_{alpha}_float"
    suffix, file_hash = ((".h5", WEIGHTS_HASHES[model_name][0]) if include_top
                         else ("_no_top_v2.h5", WEIGHTS_HASHES[model_name][1]))
    file_name = f"weights_mobilenet_v3_{model_name}{suffix}"
    return iu.load_weights(model, weights, file_name, BASE_WEIGHT_PATH + file_name, file_hash)


def MobileNetV3Small(input_shape=None, alpha=1.0, minimalistic=False, include_top=True,
                     weights="imagenet", input_tensor=None, classes=1000, pooling=None,
                     dropout_rate=0.2, classifier_activation="softmax",
                     include_preprocessing=True, name="MobileNetV3Small"):
    """MobileNetV3Small; `alpha` scales every block's width, `minimalistic` drops the
    squeeze-excite units, hard-swish and 5x5 convolutions."""
    return MobileNetV3(_SMALL_BLOCKS, 1024, input_shape, alpha, "small", minimalistic,
                       include_top, weights, input_tensor, classes, pooling, dropout_rate,
                       classifier_activation, include_preprocessing, name=name)


def MobileNetV3Large(input_shape=None, alpha=1.0, minimalistic=False, include_top=True,
                     weights="imagenet", input_tensor=None, classes=1000, pooling=None,
                     dropout_rate=0.2, classifier_activation="softmax",
                     include_preprocessing=True, name="MobileNetV3Large"):
    """MobileNetV3Large; arguments as for `MobileNetV3Small`."""
    return MobileNetV3(_LARGE_BLOCKS, 1280, input_shape, alpha, "large", minimalistic,
                       include_top, weights, input_tensor, classes, pooling, dropout_rate,
                       classifier_activation, include_preprocessing, name=name)


def _relu(x):
    from fluxion.keras import layers  # noqa: PLC0415

    return layers.ReLU()(x)


def _hard_sigmoid(x):
    from fluxion.keras import layers  # noqa: PLC0415

    return layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)


def _hard_swish(x):
    from fluxion.keras import layers  # noqa: PLC0415

    return layers.Activation("hard_swish")(x)


def _depth(v, divisor=8, min_value=None):
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:  # never round down by more than 10%
        new_v += divisor
    return new_v


def _se_block(inputs, filters, se_ratio, prefix):
    from fluxion.keras import layers  # noqa: PLC0415

    x = layers.GlobalAveragePooling2D(keepdims=True, name=f"{prefix}squeeze_excite_avg_pool")(
        inputs)
    x = layers.Conv2D(_depth(filters * se_ratio), kernel_size=1, padding="same",
                      name=f"{prefix}squeeze_excite_conv")(x)
    x = layers.ReLU(name=f"{prefix}squeeze_excite_relu")(x)
    x = layers.Conv2D(filters, kernel_size=1, padding="same",
                      name=f"{prefix}squeeze_excite_conv_1")(x)
    x = _hard_sigmoid(x)
    return layers.Multiply(name=f"{prefix}squeeze_excite_mul")([inputs, x])


def _inverted_res_block(x, expansion, filters, kernel_size, stride, se_ratio, activation,
                        block_id):
    from fluxion.keras import backend, layers  # noqa: PLC0415

    axis = 1 if backend.image_data_format() == "channels_first" else -1
    shortcut = x
    prefix = "expanded_conv_"
    infilters = x.shape[axis]
    if block_id:
        prefix = f"expanded_conv_{block_id}_"
        x = layers.Conv2D(_depth(infilters * expansion), kernel_size=1, padding="same",
                          use_bias=False, name=f"{prefix}expand")(x)
        x = layers.BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999,
                                      name=f"{prefix}expand_bn")(x)
        x = activation(x)
    if stride == 2:
        x = layers.ZeroPadding2D(padding=iu.correct_pad(x, kernel_size),
                                 name=f"{prefix}depthwise_pad")(x)
    x = layers.DepthwiseConv2D(kernel_size, strides=stride,
                               padding="same" if stride == 1 else "valid", use_bias=False,
                               name=f"{prefix}depthwise")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999,
                                  name=f"{prefix}depthwise_bn")(x)
    x = activation(x)
    if se_ratio:
        x = _se_block(x, _depth(infilters * expansion), se_ratio, prefix)
    x = layers.Conv2D(filters, kernel_size=1, padding="same", use_bias=False,
                      name=f"{prefix}project")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999,
                                  name=f"{prefix}project_bn")(x)
    if stride == 1 and infilters == filters:
        x = layers.Add(name=f"{prefix}add")([shortcut, x])
    return x


def preprocess_input(x, data_format=None):
    """The identity: the models rescale their own input (kept for API compatibility)."""
    return x


def decode_predictions(preds, top=5):
    return iu.decode_predictions(preds, top=top)


decode_predictions.__doc__ = iu.decode_predictions.__doc__
