"""``tf.keras.applications.vgg16`` / ``vgg19``: VGG (Simonyan & Zisserman, 2014)."""
from __future__ import annotations

from fluxion.keras.applications import imagenet_utils as iu

_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/"
_HASHES = {16: ("64373286793e3c8b2b4e3219cbf3544b", "6d6bbae143d832006294945121d1f1fc"),
           19: ("cbe5617147190e668d6c5d5026f83318", "253f8cb515780f3b799900260a226db6")}


def build_vgg(depth, include_top, weights, input_tensor, input_shape, pooling, classes,
              classifier_activation, name):
    """VGG16 (`depth`=16: 2, 2, 3, 3, 3 convolutions per block) or VGG19 (2, 2, 4, 4, 4)."""
    from fluxion.keras import backend, layers  # noqa: PLC0415

    iu.check_weights(weights, include_top, classes)
    input_shape = iu.obtain_input_shape(input_shape, 224, 32, backend.image_data_format(),
                                        include_top, weights)
    img_input = iu.image_input(input_tensor, input_shape)
    x = img_input
    n = 3 if depth == 16 else 4
    for block, (filters, convs) in enumerate(((64, 2), (128, 2), (256, n), (512, n),
                                              (512, n)), start=1):
        for i in range(1, convs + 1):
            x = layers.Conv2D(filters, (3, 3), activation="relu", padding="same",
                              name=f"block{block}_conv{i}")(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name=f"block{block}_pool")(x)
    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(4096, activation="relu", name="fc1")(x)
        x = layers.Dense(4096, activation="relu", name="fc2")(x)
        iu.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = iu.pool(x, pooling)
    model = iu.finish_model(img_input, input_tensor, x, name)
    file_name = f"vgg{depth}_weights_tf_dim_ordering_tf_kernels{'' if include_top else '_notop'}.h5"
    return iu.load_weights(model, weights, file_name, f"{_BASE}vgg{depth}/{file_name}",
                           _HASHES[depth][0 if include_top else 1])
