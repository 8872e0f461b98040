"""``tf.keras.applications.nasnet``: NASNet-A (Zoph et al., 2018) Mobile and Large, Keras 3's
layout: a strided stem, two reduction cells, then three stacks of normal cells separated by
reduction cells; every cell also reads the previous cell's output, adjusted to its shape."""
from __future__ import annotations

from fluxion.keras.applications import imagenet_utils as iu

__all__ = ["NASNetLarge", "NASNetMobile", "decode_predictions", "preprocess_input"]

_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/nasnet/"
_WEIGHTS = {  # (default size, include_top) -> (file name, origin, md5)
    (224, True): ("nasnet_mobile.h5", "NASNet-mobile.h5", "020fb642bf7360b370c678b08e0adf61"),
    (224, False): ("nasnet_mobile_no_top.h5", "NASNet-mobile-no-top.h5",
                   "1ed92395b5b598bdda52abe5c0dbfd63"),
    (331, True): ("nasnet_large.h5", "NASNet-large.h5", "11577c9a518f0070763c2b964a382f17"),
    (331, False): ("nasnet_large_no_top.h5", "NASNet-large-no-top.h5",
                   "d81d89dc07e6e56530c4e77faddd61b5"),
}
_BAD_WEIGHTS = ("The `weights` argument should be either `None` (random initialization), "
                "`imagenet` (pre-training on ImageNet), or the path to the weights file to be "
                "loaded.")
_BAD_CLASSES = ('If using `weights` as `"imagenet"` with `include_top` as true, `classes` '
                "should be 1000")
_AXIS = -1  # NASNet is channels_last only


def _bn(x, name):
    from fluxion.keras import layers  # noqa: PLC0415

    return layers.BatchNormalization(axis=_AXIS, momentum=0.9997, epsilon=1e-3, name=name)(x)


def _conv1x1(x, filters, name):
    from fluxion.keras import layers  # noqa: PLC0415

    return layers.Conv2D(filters, (1, 1), padding="same", use_bias=False, name=name,
                         kernel_initializer="he_normal")(x)


def _separable_block(x, filters, kernel_size=(3, 3), strides=(1, 1), block_id=None):
    """Twice (ReLU -> SeparableConv2D -> BatchNormalization); the first one strided (on
    zero-padded input) for strides (2, 2)."""
    from fluxion.keras import layers  # noqa: PLC0415

    x = layers.Activation("relu")(x)
    padding = "same"
    if strides == (2, 2):
        x = layers.ZeroPadding2D(padding=iu.correct_pad(x, kernel_size),
                                 name=f"separable_conv_1_pad_{block_id}")(x)
        padding = "valid"
    x = layers.SeparableConv2D(filters, kernel_size, strides=strides, padding=padding,
                               use_bias=False, name=f"separable_conv_1_{block_id}")(x)
    x = _bn(x, f"separable_conv_1_bn_{block_id}")
    x = layers.Activation("relu")(x)
    x = layers.SeparableConv2D(filters, kernel_size, padding="same", use_bias=False,
                               name=f"separable_conv_2_{block_id}")(x)
    return _bn(x, f"separable_conv_2_bn_{block_id}")


def _adjust_block(p, ip, filters, block_id):
    """The previous cell's output `p` brought to `ip`'s size (two half-strided 1x1 paths,
    one shifted by a pixel) or to `filters` channels (a 1x1 projection)."""
    from fluxion.keras import layers  # noqa: PLC0415

    if p is None:
        return ip
    if p.shape[-2] != ip.shape[-2]:
        p = layers.Activation("relu", name=f"adjust_relu_1_{block_id}")(p)
        p1 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding="valid",
                                     name=f"adjust_avg_pool_1_{block_id}")(p)
        p1 = _conv1x1(p1, filters // 2, f"adjust_conv_1_{block_id}")
        p2 = layers.ZeroPadding2D(padding=((0, 1), (0, 1)))(p)
        p2 = layers.Cropping2D(cropping=((1, 0), (1, 0)))(p2)
        p2 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding="valid",
                                     name=f"adjust_avg_pool_2_{block_id}")(p2)
        p2 = _conv1x1(p2, filters // 2, f"adjust_conv_2_{block_id}")
        p = layers.concatenate([p1, p2], axis=_AXIS)
        return _bn(p, f"adjust_bn_{block_id}")
    if p.shape[-1] != filters:
        p = layers.Activation("relu")(p)
        p = _conv1x1(p, filters, f"adjust_conv_projection_{block_id}")
        return _bn(p, f"adjust_bn_{block_id}")
    return p


def _squeeze(ip, filters, kind, block_id):
    """ReLU -> 1x1 convolution -> BatchNormalization on a cell's input."""
    from fluxion.keras import layers  # noqa: PLC0415

    h = layers.Activation("relu")(ip)
    h = _conv1x1(h, filters, f"{kind}_conv_1_{block_id}")
    return _bn(h, f"{kind}_bn_1_{block_id}")


def _normal_cell(ip, p, filters, block_id):
    from fluxion.keras import layers  # noqa: PLC0415

    p = _adjust_block(p, ip, filters, block_id)
    h = _squeeze(ip, filters, "normal", block_id)

    def pool3(x, side):
        return layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same",
                                       name=f"normal_{side}_{block_id}")(x)

    def add(a, b, k):
        return layers.add([a, b], name=f"normal_add_{k}_{block_id}")

    x1 = add(_separable_block(h, filters, (5, 5), block_id=f"normal_left1_{block_id}"),
             _separable_block(p, filters, block_id=f"normal_right1_{block_id}"), 1)
    x2 = add(_separable_block(p, filters, (5, 5), block_id=f"normal_left2_{block_id}"),
             _separable_block(p, filters, (3, 3), block_id=f"normal_right2_{block_id}"), 2)
    x3 = add(pool3(h, "left3"), p, 3)
    x4 = add(pool3(p, "left4"), pool3(p, "right4"), 4)
    x5 = add(_separable_block(h, filters, block_id=f"normal_left5_{block_id}"), h, 5)
    x = layers.concatenate([p, x1, x2, x3, x4, x5], axis=_AXIS,
                           name=f"normal_concat_{block_id}")
    return x, ip


def _reduction_cell(ip, p, filters, block_id):
    from fluxion.keras import layers  # noqa: PLC0415

    p = _adjust_block(p, ip, filters, block_id)
    h = _squeeze(ip, filters, "reduction", block_id)
    h3 = layers.ZeroPadding2D(padding=iu.correct_pad(h, 3),
                              name=f"reduction_pad_1_{block_id}")(h)

    def sep(x, size, side):
        return _separable_block(x, filters, (size, size), strides=(2, 2),
                                block_id=f"reduction_{side}_{block_id}")

    def pool(kind, side, x, strides=(2, 2), padding="valid"):
        return kind((3, 3), strides=strides, padding=padding,
                    name=f"reduction_{side}_{block_id}")(x)

    x1 = layers.add([sep(h, 5, "left1"), sep(p, 7, "right1")],
                    name=f"reduction_add_1_{block_id}")
    x2 = layers.add([pool(layers.MaxPooling2D, "left2", h3), sep(p, 7, "right2")],
                    name=f"reduction_add_2_{block_id}")
    x3 = layers.add([pool(layers.AveragePooling2D, "left3", h3), sep(p, 5, "right3")],
                    name=f"reduction_add3_{block_id}")
    x4 = pool(layers.AveragePooling2D, "left4", x1, strides=(1, 1), padding="same")
    x4 = layers.add([x2, x4])
    x5_1 = _separable_block(x1, filters, (3, 3), block_id=f"reduction_left4_{block_id}")
    x5 = layers.add([x5_1, pool(layers.MaxPooling2D, "right5", h3)],
                    name=f"reduction_add4_{block_id}")
    x = layers.concatenate([x2, x3, x4, x5], axis=_AXIS, name=f"reduction_concat_{block_id}")
    return x, ip


def _nasnet(input_shape, penultimate_filters, num_blocks, stem_block_filters, skip_reduction,
            filter_multiplier, include_top, weights, input_tensor, pooling, classes,
            default_size, classifier_activation, name):
    from fluxion.keras import backend, layers  # noqa: PLC0415

    if backend.image_data_format() == "channels_first":
        raise ValueError("NASNet does not support the `channels_first` image data format. "
                         "Switch to `channels_last` by editing your local config file at "
                         "~/.keras/keras.json")
    iu.check_weights(weights, include_top, classes, _BAD_WEIGHTS, _BAD_CLASSES)
    if isinstance(input_shape, tuple) and None in input_shape and weights == "imagenet":
        raise ValueError("When specifying the input shape of a NASNet and loading `ImageNet` "
                         "weights, the input_shape argument must be static (no None entries)."
                         f" Got: `input_shape={input_shape}`.")
    input_shape = iu.obtain_input_shape(input_shape, default_size, 32, "channels_last",
                                        include_top, weights)
    img_input = iu.image_input(input_tensor, input_shape)
    filters = penultimate_filters // 24
    x = layers.Conv2D(stem_block_filters, (3, 3), strides=(2, 2), padding="valid",
                      use_bias=False, name="stem_conv1", kernel_initializer="he_normal")(img_input)
    x = _bn(x, "stem_bn1")
    x, p = _reduction_cell(x, None, filters // filter_multiplier**2, "stem_1")
    x, p = _reduction_cell(x, p, filters // filter_multiplier, "stem_2")
    for stack in range(3):
        if stack:
            x, p0 = _reduction_cell(x, p, filters * filter_multiplier**stack,
                                    f"reduce_{stack * num_blocks}")
            p = p if skip_reduction else p0
        for i in range(num_blocks):
            x, p = _normal_cell(x, p, filters * filter_multiplier**stack,
                                f"{stack * num_blocks + i + (stack > 0)}")
    x = layers.Activation("relu")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        iu.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = iu.pool(x, pooling)
    model = iu.finish_model(img_input, input_tensor, x, name)
    file_name, origin, md5 = _WEIGHTS[(default_size, bool(include_top))]
    return iu.load_weights(model, weights, file_name, _BASE + origin, md5)


def NASNetMobile(input_shape=None, include_top=True, weights="imagenet", input_tensor=None,
                 pooling=None, classes=1000, classifier_activation="softmax",
                 name="nasnet_mobile"):
    """NASNet-A Mobile (4 @ 1056): 224x224 inputs by default (also without the top)."""
    if not include_top and input_shape is None:
        input_shape = (224, 224, 3)
    return _nasnet(input_shape, 1056, 4, 32, False, 2, include_top, weights, input_tensor,
                   pooling, classes, 224, classifier_activation, name)


def NASNetLarge(input_shape=None, include_top=True, weights="imagenet", input_tensor=None,
                pooling=None, classes=1000, classifier_activation="softmax",
                name="nasnet_large"):
    """NASNet-A Large (6 @ 4032): 331x331 inputs by default."""
    return _nasnet(input_shape, 4032, 6, 96, True, 2, include_top, weights, input_tensor,
                   pooling, classes, 331, classifier_activation, name)


def preprocess_input(x, data_format=None):
    """Scales [0, 255] pixels to [-1, 1] (mode "tf")."""
    return iu.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top=5):
    return iu.decode_predictions(preds, top=top)


decode_predictions.__doc__ = iu.decode_predictions.__doc__
