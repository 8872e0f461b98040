"""Keras 3 reference snippets for MobileNetV3 and ConvNeXt in ``tf.keras.applications``
(weights=None only: no downloads), recorded as tools/reference/keras_applications.py records
the other models: layer count, parameter count, output shape, the model's name, the first and
last five layer names and an md5 of every layer's name:class:params:output-shape (auto-numbered
names lose their counter). Error snippets record Keras' message."""

SUMMARY = '''
import hashlib, re
AUTO = re.compile(r"^(input_layer|global_average_pooling2d|global_max_pooling2d|re_lu"
                  r"|rescaling|activation|dropout|flatten|layer_normalization)(_\\d+)?$")
def summary(m):
    names = [AUTO.sub(r"\\1", l.name) for l in m.layers]
    rows = [f"{n}:{type(l).__name__}:{l.count_params()}:{tuple(l.output.shape)}"
            for n, l in zip(names, m.layers)]
    digest = hashlib.md5("|".join(rows).encode()).hexdigest()
    return [len(m.layers), m.count_params(), list(m.output_shape), m.name, names[:5],
            names[-5:], digest]
'''
A = "tf.keras.applications"


def model(call: str) -> str:
    return f"{SUMMARY}\nresult = summary({A}.{call})"


def error(call: str) -> str:
    return f"try:\n    {A}.{call}\n    result = None\nexcept ValueError as e:\n    result = str(e)"


# fixed weights (NumPy's PCG64 draws, seeded per layer from its name) and inputs: the same
# forward pass in both frameworks
FORWARD = '''
def fix_weights(m):
    for layer in m.layers:
        base = sum(map(ord, layer.name))
        values = []
        for i, v in enumerate(layer.weights):
            shape = tuple(v.shape)
            w = np.random.default_rng(31 * base + i).standard_normal(shape)
            if len(shape) > 1:  # kernels: keep activations O(1) through the depth
                fan_in = np.prod(shape[:-1]) if shape[-1] != 1 else np.prod(shape[:-2])
                w *= np.sqrt(2.0 / fan_in)
            elif "variance" in v.name:
                w = 1.0 + 0.2 * np.abs(w)
            elif "gamma" in v.name:
                w = 1.0 + 0.2 * w
            else:
                w *= 0.05
            values.append(w.astype("float32"))
        layer.set_weights(values)
    return m
x = (127.5 * (1 + np.sin(np.arange(2 * 32 * 32 * 3) * 0.01))).reshape(2, 32, 32, 3)
x = x.astype("float32")
'''


def forward(call: str) -> str:
    """In float64: float32 rounding differs between any two implementations by ~1e-4 here."""
    return (f"{FORWARD}\ntf.keras.config.set_floatx('float64')\n"
            "tf.keras.config.set_dtype_policy('float64')\ntry:\n"
            f"    m = fix_weights({A}.{call})\n"
            "    result = np.asarray(m(x, training=False))\n"
            "finally:\n    tf.keras.config.set_floatx('float32')\n"
            "    tf.keras.config.set_dtype_policy('float32')")


IMG = "np.arange(2 * 2 * 2 * 3, dtype='float32').reshape(2, 2, 2, 3) * 10"
SNIPPETS = {
    "mnv3s_32_top_3": model("MobileNetV3Small(input_shape=(32, 32, 3), weights=None, "
                            "classes=3)"),
    "mnv3s_notop": model("MobileNetV3Small(input_shape=(64, 48, 3), include_top=False, "
                         "weights=None)"),
    "mnv3s_min_alpha075_avg": model("MobileNetV3Small(input_shape=(32, 32, 3), "
                                    "alpha=0.75, minimalistic=True, include_top=False, "
                                    "weights=None, pooling='avg')"),
    "mnv3s_no_pre_no_dropout": model("MobileNetV3Small(input_shape=(33, 35, 3), weights=None, "
                                     "classes=5, dropout_rate=0.0, "
                                     "include_preprocessing=False, "
                                     "classifier_activation=None)"),
    "mnv3s_alpha15_max": model("MobileNetV3Small(input_shape=(32, 32, 3), alpha=1.5, "
                               "include_top=False, weights=None, pooling='max')"),
    "mnv3s_no_shape": model("MobileNetV3Small(include_top=False, weights=None, name='s')"),
    "mnv3s_default_top": model("MobileNetV3Small(weights=None)"),
    "mnv3s_input_tensor": model("MobileNetV3Small(input_tensor=tf.keras.Input((40, 48, 3)), "
                                "include_top=False, weights=None)"),
    "mnv3l_32_top_3": model("MobileNetV3Large(input_shape=(32, 32, 3), weights=None, "
                            "classes=3)"),
    "mnv3l_min_notop": model("MobileNetV3Large(input_shape=(48, 48, 3), "
                             "minimalistic=True, include_top=False, weights=None)"),
    "mnv3l_alpha125_top": model("MobileNetV3Large(input_shape=(32, 32, 3), alpha=1.25, "
                                "weights=None, classes=4)"),
    "convnext_tiny_top_3": model("ConvNeXtTiny(input_shape=(32, 32, 3), weights=None, "
                                 "classes=3)"),
    "convnext_tiny_notop": model("convnext.ConvNeXtTiny(input_shape=(64, 32, 3), "
                                 "include_top=False, weights=None)"),
    "convnext_tiny_avg_no_pre": model("ConvNeXtTiny(input_shape=(32, 32, 3), "
                                      "include_top=False, weights=None, pooling='avg', "
                                      "include_preprocessing=False)"),
    "convnext_tiny_1ch_max": model("ConvNeXtTiny(input_shape=(32, 32, 1), include_top=False, "
                                   "weights=None, pooling='max', name='tiny1')"),
    "convnext_tiny_input_tensor": model("ConvNeXtTiny(input_tensor=tf.keras.Input((32, 32, 3)),"
                                        " include_top=False, weights=None, pooling='avg')"),
    "convnext_small_top": model("ConvNeXtSmall(input_shape=(32, 32, 3), weights=None, "
                                "classes=2, classifier_activation=None)"),
    "convnext_base_notop": model("ConvNeXtBase(input_shape=(32, 32, 3), include_top=False, "
                                 "weights=None, pooling='avg')"),
    "fwd_mnv3s": forward("MobileNetV3Small(input_shape=(32, 32, 3), weights=None, classes=3, "
                         "classifier_activation=None)"),
    "fwd_mnv3l_min": forward("MobileNetV3Large(input_shape=(32, 32, 3), weights=None, "
                             "minimalistic=True, classes=3)"),
    "fwd_convnext_tiny": forward("ConvNeXtTiny(input_shape=(32, 32, 3), weights=None, "
                                 "classes=3, classifier_activation=None)"),
    "convnext_large_notop": model("ConvNeXtLarge(input_shape=(32, 32, 3), include_top=False, "
                                  "weights=None)"),
    # Keras' error messages
    "err_mnv3_classes": error("MobileNetV3Small(weights='imagenet', classes=10)"),
    "err_mnv3_bad_weights": error("MobileNetV3Large(weights='no/such/file.h5')"),
    "err_mnv3_too_small": error("MobileNetV3Small(input_shape=(31, 64, 3), weights=None)"),
    "err_mnv3_alpha": error("MobileNetV3Large(alpha=0.5, weights='imagenet')"),
    "err_mnv3_alpha_min": error("MobileNetV3Small(alpha=0.75, minimalistic=True, "
                                "weights='imagenet')"),
    "err_mnv3_input_tensor_shape": error("MobileNetV3Small(input_shape=(64, 64, 3), "
                                         "weights=None, "
                                         "input_tensor=tf.keras.Input((32, 32, 3)))"),
    "err_mnv3_classifier_activation": error("MobileNetV3Small(weights='imagenet', "
                                            "classifier_activation='relu')")
    + "\nresult = result.split('<')[0]",
    "err_convnext_classes": error("ConvNeXtTiny(weights='imagenet', classes=10)"),
    "err_convnext_bad_weights": error("ConvNeXtSmall(weights='no/such/file.h5')"),
    "err_convnext_too_small": error("ConvNeXtTiny(input_shape=(16, 32, 3), "
                                    "include_top=False, weights=None)"),
    "err_convnext_static_shape": error("ConvNeXtTiny(input_shape=(None, None, 3), "
                                       "weights=None)"),
    "err_convnext_imagenet_shape": error("ConvNeXtBase(input_shape=(96, 96, 3), "
                                         "weights='imagenet')"),
    "err_convnext_name": error("ConvNeXtTiny(input_shape=(32, 32, 3), include_top=False, "
                               "weights='imagenet', name='tiny_x')"),
    "err_convnext_decode": error("convnext.decode_predictions(np.zeros((2, 10)))"),
    "err_mnv3_decode": error("mobilenet_v3.decode_predictions(np.zeros((1000,)))"),
    # preprocess_input is the identity (the models rescale their own input)
    "pre_mnv3_identity": f"x = {IMG}\ny = {A}.mobilenet_v3.preprocess_input(x)\n"
                         "result = [bool(y is x), y]",
    "pre_convnext_identity": f"x = tf.constant({IMG})\ny = {A}.convnext.preprocess_input(x)\n"
                             "result = [bool(y is x), y]",
}
