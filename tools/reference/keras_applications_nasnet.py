"""Keras 3 reference snippets for NASNetMobile / NASNetLarge in ``tf.keras.applications``
(weights=None only: no downloads), recorded as tools/reference/keras_applications_more.py
records the other models: layer count, parameter count, output shape, the model's name, the
first and last five layer names and an md5 of every layer's name:class:params:output-shape
(auto-numbered names lose their counter), one forward pass with fixed weights, Keras' errors,
and the nasnet module's preprocess_input."""
import importlib.util
import pathlib

# the fixed-weight forward pass and error recorder of the sibling family
_spec = importlib.util.spec_from_file_location(
    "ref_keras_applications_more", pathlib.Path(__file__).with_name("keras_applications_more.py"))
_more = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_more)
FORWARD, error = _more.FORWARD, _more.error

SUMMARY = '''
import hashlib, re
AUTO = re.compile(r"^(input_layer|global_average_pooling2d|global_max_pooling2d|activation"
                  r"|add|zero_padding2d|cropping2d|concatenate)(_\\d+)?$")
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


def forward(call: str) -> str:
    """In float64, as keras_applications_more's forward passes."""
    return (f"{FORWARD}\ntf.keras.config.set_floatx('float64')\n"
            "tf.keras.config.set_dtype_policy('float64')\ntry:\n"
            f"    m = fix_weights({A}.{call})\n"
            "    result = np.asarray(m(x, training=False))\n"
            "finally:\n    tf.keras.config.set_floatx('float32')\n"
            "    tf.keras.config.set_dtype_policy('float32')")


IMG = "np.arange(2 * 2 * 2 * 3, dtype='float32').reshape(2, 2, 2, 3) * 10"
SNIPPETS = {
    "mobile_32_top_3": model("NASNetMobile(input_shape=(32, 32, 3), weights=None, classes=3)"),
    "mobile_notop_default_shape": model("NASNetMobile(include_top=False, weights=None)"),
    "mobile_odd_avg": model("nasnet.NASNetMobile(input_shape=(45, 39, 3), include_top=False, "
                            "weights=None, pooling='avg', name='m_odd')"),
    "mobile_1ch_max": model("NASNetMobile(input_shape=(32, 32, 1), include_top=False, "
                            "weights=None, pooling='max')"),
    "mobile_input_tensor": model("NASNetMobile(input_tensor=tf.keras.Input((40, 48, 3)), "
                                 "include_top=False, weights=None)"),
    "mobile_no_shape_notop_none": model("NASNetMobile(input_shape=(None, None, 3), "
                                        "include_top=False, weights=None)"),
    "large_32_top_2": model("NASNetLarge(input_shape=(32, 32, 3), weights=None, classes=2, "
                            "classifier_activation=None)"),
    "large_notop_avg": model("nasnet.NASNetLarge(input_shape=(36, 33, 3), include_top=False, "
                             "weights=None, pooling='avg')"),
    "fwd_mobile": forward("NASNetMobile(input_shape=(32, 32, 3), weights=None, classes=3, "
                          "classifier_activation=None)"),
    # Keras' error messages
    "err_classes": error("NASNetMobile(weights='imagenet', classes=10)"),
    "err_bad_weights": error("NASNetLarge(weights='no/such/file.h5')"),
    "err_too_small": error("NASNetMobile(input_shape=(31, 64, 3), weights=None)"),
    "err_top_shape": error("NASNetLarge(input_shape=(64, 64, 3), weights='imagenet')"),
    "err_none_shape_imagenet": error("NASNetMobile(input_shape=(None, None, 3), "
                                     "include_top=False, weights='imagenet')"),
    "err_input_tensor_shape": error("NASNetMobile(input_shape=(64, 64, 3), weights=None, "
                                    "input_tensor=tf.keras.Input((32, 32, 3)))"),
    "err_classifier_activation": error("NASNetMobile(weights='imagenet', "
                                       "classifier_activation='relu')")
    + "\nresult = result.split('<')[0]",
    "err_decode": error("nasnet.decode_predictions(np.zeros((2, 10)))"),
    "pre_nasnet_tf_mode": f"x = {IMG}\nresult = {A}.nasnet.preprocess_input(x)",
    "pre_nasnet_tensor": f"x = tf.constant({IMG})\nresult = {A}.nasnet.preprocess_input(x)",
}
