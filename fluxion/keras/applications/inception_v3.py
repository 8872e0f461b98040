"""``tf.keras.applications.inception_v3``: Inception V3 (Szegedy et al., 2015), Keras 3's
layout (branches built in Keras' order, so that auto-numbered layers line up)."""
from __future__ import annotations

from fluxion.keras.applications import imagenet_utils as iu

__all__ = ["InceptionV3", "decode_predictions", "preprocess_input"]

_BASE = ("https://storage.googleapis.com/tensorflow/keras-applications/inception_v3/"
         "inception_v3_weights_tf_dim_ordering_tf_kernels")
_HASHES = ("9a0d58056eeedaa3f26cb7ebd46da564", "bcbd6486424b2319ff4ef7d526e38f63")


def conv2d_bn(x, filters, num_row, num_col, padding="same", strides=(1, 1), name=None):
    """Conv2D (no bias) -> BatchNormalization (no scale) -> ReLU."""
    from fluxion.keras import backend, layers  # noqa: PLC0415

    axis = 1 if backend.image_data_format() == "channels_first" else 3
    x = layers.Conv2D(filters, (num_row, num_col), strides=strides, padding=padding,
                      use_bias=False, name=None if name is None else f"{name}_conv")(x)
    x = layers.BatchNormalization(axis=axis, scale=False,
                                  name=None if name is None else f"{name}_bn")(x)
    return layers.Activation("relu", name=name)(x)


def _chain(x, specs):
    """conv2d_bn applied for each (filters, rows, cols) in turn."""
    for filters, rows, cols in specs:
        x = conv2d_bn(x, filters, rows, cols)
    return x


def _avg_branch(x, filters):
    from fluxion.keras import layers  # noqa: PLC0415

    return conv2d_bn(layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same")(x),
                     filters, 1, 1)


def InceptionV3(include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
                pooling=None, classes=1000, classifier_activation="softmax",
                name="inception_v3"):
    """Inception V3 (input at least 75x75, 299x299 by default)."""
    from fluxion.keras import backend, layers  # noqa: PLC0415

    iu.check_weights(weights, include_top, classes,
                     "The `weights` argument should be either `None` (random initialization), "
                     "`imagenet` (pre-training on ImageNet), or the path to the weights file "
                     "to be loaded; Received: weights={weights}",
                     'If using `weights="imagenet"` with `include_top=True`, `classes` should '
                     "be 1000. Received classes={classes}")
    input_shape = iu.obtain_input_shape(input_shape, 299, 75, backend.image_data_format(),
                                        include_top, weights)
    img_input = iu.image_input(input_tensor, input_shape)
    axis = 1 if backend.image_data_format() == "channels_first" else 3
    x = conv2d_bn(img_input, 32, 3, 3, strides=(2, 2), padding="valid")
    x = conv2d_bn(x, 32, 3, 3, padding="valid")
    x = conv2d_bn(x, 64, 3, 3)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = conv2d_bn(x, 80, 1, 1, padding="valid")
    x = conv2d_bn(x, 192, 3, 3, padding="valid")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    for i, pool_filters in enumerate((32, 64, 64)):  # mixed 0-2: 35 x 35 x 256/288
        branches = [conv2d_bn(x, 64, 1, 1), _chain(x, ((48, 1, 1), (64, 5, 5))),
                    _chain(x, ((64, 1, 1), (96, 3, 3), (96, 3, 3))),
                    _avg_branch(x, pool_filters)]
        x = layers.concatenate(branches, axis=axis, name=f"mixed{i}")
    # mixed 3: 17 x 17 x 768
    branch3x3 = conv2d_bn(x, 384, 3, 3, strides=(2, 2), padding="valid")
    branch3x3dbl = _chain(x, ((64, 1, 1), (96, 3, 3)))
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3, strides=(2, 2), padding="valid")
    branch_pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = layers.concatenate([branch3x3, branch3x3dbl, branch_pool], axis=axis, name="mixed3")
    for i, width in enumerate((128, 160, 160, 192)):  # mixed 4-7: 17 x 17 x 768
        branches = [conv2d_bn(x, 192, 1, 1),
                    _chain(x, ((width, 1, 1), (width, 1, 7), (192, 7, 1))),
                    _chain(x, ((width, 1, 1), (width, 7, 1), (width, 1, 7), (width, 7, 1),
                               (192, 1, 7))),
                    _avg_branch(x, 192)]
        x = layers.concatenate(branches, axis=axis, name=f"mixed{4 + i}")
    # mixed 8: 8 x 8 x 1280
    branch3x3 = conv2d_bn(x, 192, 1, 1)
    branch3x3 = conv2d_bn(branch3x3, 320, 3, 3, strides=(2, 2), padding="valid")
    branch7x7x3 = _chain(x, ((192, 1, 1), (192, 1, 7), (192, 7, 1)))
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 3, 3, strides=(2, 2), padding="valid")
    branch_pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = layers.concatenate([branch3x3, branch7x7x3, branch_pool], axis=axis, name="mixed8")
    for i in range(2):  # mixed 9-10: 8 x 8 x 2048
        branch1x1 = conv2d_bn(x, 320, 1, 1)
        branch3x3 = conv2d_bn(x, 384, 1, 1)
        branch3x3 = layers.concatenate([conv2d_bn(branch3x3, 384, 1, 3),
                                        conv2d_bn(branch3x3, 384, 3, 1)],
                                       axis=axis, name=f"mixed9_{i}")
        branch3x3dbl = _chain(x, ((448, 1, 1), (384, 3, 3)))
        branch3x3dbl = layers.concatenate([conv2d_bn(branch3x3dbl, 384, 1, 3),
                                           conv2d_bn(branch3x3dbl, 384, 3, 1)], axis=axis)
        branch_pool = _avg_branch(x, 192)
        x = layers.concatenate([branch1x1, branch3x3, branch3x3dbl, branch_pool], axis=axis,
                               name=f"mixed{9 + i}")
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        iu.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = iu.pool(x, pooling)
    model = iu.finish_model(img_input, input_tensor, x, name)
    suffix = "" if include_top else "_notop"
    file_name = f"inception_v3_weights_tf_dim_ordering_tf_kernels{suffix}.h5"
    return iu.load_weights(model, weights, file_name, f"{_BASE}{suffix}.h5",
                           _HASHES[0 if include_top else 1])


def preprocess_input(x, data_format=None):
    """Scales [0, 255] pixels to [-1, 1] (mode "tf")."""
    return iu.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top=5):
    return iu.decode_predictions(preds, top=top)


decode_predictions.__doc__ = iu.decode_predictions.__doc__
