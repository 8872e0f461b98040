"""Keras 3 reference snippets for ``tf.keras.applications`` (weights=None only: no downloads).

Each model snippet records the architecture: layer count, parameter count, output shape, the
model's name, the first and last five layer names and an md5 of every layer's
name:class:params:output-shape (auto-numbered names such as ``input_layer_3`` lose their
counter, which depends on what ran before). Error snippets record Keras' message."""

SUMMARY = '''
import hashlib, re
AUTO = re.compile(r"^(input_layer|global_average_pooling2d|global_max_pooling2d"
                  r"|max_pooling2d|zero_padding2d|rescaling|normalization|conv2d"
                  r"|batch_normalization|add|activation|average_pooling2d|concatenate)(_\\d+)?$")
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


def pre(call: str, x: str) -> str:
    return f"x = {x}\ny = {A}.{call}\nresult = [np.asarray(y).round(4), str(np.asarray(y).dtype)]"


IMG = "np.arange(2 * 2 * 2 * 3, dtype='float32').reshape(2, 2, 2, 3) * 10"
SNIPPETS = {
    "mnv2_96_notop": model("MobileNetV2(input_shape=(96, 96, 3), include_top=False, "
                           "weights=None)"),
    "mnv2_32_top_3": model("MobileNetV2(input_shape=(32, 32, 3), weights=None, classes=3)"),
    "mnv2_alpha035_avg": model("MobileNetV2(input_shape=(64, 64, 3), alpha=0.35, "
                               "include_top=False, weights=None, pooling='avg')"),
    "mnv2_alpha14_max": model("MobileNetV2(input_shape=(48, 48, 3), alpha=1.4, "
                              "include_top=False, weights=None, pooling='max')"),
    "mnv2_odd_33": model("MobileNetV2(input_shape=(33, 35, 3), include_top=False, "
                         "weights=None)"),
    "mnv2_default_top": model("MobileNetV2(weights=None)"),
    "mnv2_no_shape_notop": model("MobileNetV2(include_top=False, weights=None)"),
    "mnv2_input_tensor": model("MobileNetV2(input_tensor=tf.keras.Input((64, 64, 3)), "
                               "include_top=False, weights=None)"),
    "mnv2_4_channels": model("MobileNetV2(input_shape=(32, 32, 4), include_top=False, "
                             "weights=None)"),
    "mobilenet_32_notop": model("MobileNet(input_shape=(32, 32, 3), include_top=False, "
                                "weights=None)"),
    "mobilenet_alpha_dm_top": model("MobileNet(input_shape=(64, 64, 3), alpha=0.25, "
                                    "depth_multiplier=2, weights=None, classes=7)"),
    "mobilenet_128_avg": model("MobileNet(input_shape=(128, 128, 3), include_top=False, "
                               "weights=None, pooling='avg')"),
    "mobilenet_no_shape": model("MobileNet(include_top=False, weights=None, pooling='max')"),
    "resnet50_top_10": model("ResNet50(input_shape=(40, 40, 3), weights=None, classes=10)"),
    "resnet50_max": model("ResNet50(input_shape=(32, 32, 3), include_top=False, weights=None, "
                          "pooling='max')"),
    "resnet101_notop": model("ResNet101(input_shape=(32, 32, 3), include_top=False, "
                             "weights=None)"),
    "resnet50v2_top": model("ResNet50V2(input_shape=(32, 32, 3), weights=None, classes=4)"),
    "vgg16_top_5": model("VGG16(input_shape=(32, 32, 3), weights=None, classes=5)"),
    "vgg16_notop_avg": model("VGG16(input_shape=(64, 48, 3), include_top=False, "
                             "weights=None, pooling='avg')"),
    "vgg19_notop": model("VGG19(include_top=False, weights=None)"),
    "vgg19_top_2": model("vgg19.VGG19(input_shape=(32, 32, 3), weights=None, classes=2, "
                         "classifier_activation='sigmoid')"),
    "densenet121_max": model("DenseNet121(input_shape=(32, 32, 3), include_top=False, "
                             "weights=None, pooling='max')"),
    "efficientnetb0_notop": model("EfficientNetB0(input_shape=(32, 32, 3), include_top=False, "
                                  "weights=None)"),
    "efficientnetb2_top_3": model("efficientnet.EfficientNetB2(input_shape=(33, 33, 3), "
                                  "weights=None, classes=3)"),
    "xception_71_top": model("Xception(input_shape=(71, 71, 3), weights=None, classes=3)"),
    "xception_notop_avg": model("xception.Xception(input_shape=(80, 96, 3), include_top=False, "
                                "weights=None, pooling='avg')"),
    "inception_v3_75_top": model("InceptionV3(input_shape=(75, 75, 3), weights=None, "
                                 "classes=3)"),
    "inception_v3_notop_max": model("inception_v3.InceptionV3(input_shape=(80, 100, 3), "
                                    "include_top=False, weights=None, pooling='max')"),
    # Keras' error messages
    "err_classes": error("MobileNetV2(weights='imagenet', classes=10)"),
    "err_classes_resnet": error("ResNet50(weights='imagenet', classes=10)"),
    "err_classes_vgg": error("VGG16(weights='imagenet', classes=10)"),
    "err_classes_mobilenet": error("MobileNet(weights='imagenet', classes=10)"),
    "err_classes_densenet": error("DenseNet121(weights='imagenet', classes=10)"),
    "err_classes_efficientnet": error("EfficientNetB0(weights='imagenet', classes=10)"),
    "err_bad_weights_densenet": error("DenseNet169(weights='no/such/file.h5')"),
    "err_bad_weights_efficientnet": error("EfficientNetB1(weights='no/such/file.h5')"),
    "err_too_small_xception": error("Xception(input_shape=(70, 71, 3), include_top=False, "
                                    "weights=None)"),
    "err_bad_weights_xception": error("Xception(weights='no/such/file.h5')"),
    "err_too_small_inception": error("InceptionV3(input_shape=(74, 80, 3), include_top=False, "
                                     "weights=None)"),
    "err_classes_inception": error("InceptionV3(weights='imagenet', classes=10)"),
    "err_bad_weights_inception": error("InceptionV3(weights='no/such/file.h5')"),
    "err_bad_weights": error("MobileNetV2(weights='no/such/file.h5')"),
    "err_bad_weights_resnet": error("ResNet50(weights='no/such/file.h5')"),
    "err_bad_weights_mobilenet": error("MobileNet(weights='no/such/file.h5')"),
    "err_too_small": error("ResNet50(input_shape=(16, 16, 3), include_top=False, "
                           "weights=None)"),
    "err_too_small_mnv2": error("MobileNetV2(input_shape=(31, 64, 3), include_top=False, "
                                "weights=None)"),
    "err_rank": error("VGG16(input_shape=(32, 32), include_top=False, weights=None)"),
    "err_static_shape": error("VGG16(input_shape=(None, None, 3), weights=None)"),
    "err_imagenet_shape": error("VGG16(input_shape=(96, 96, 3), weights='imagenet')"),
    "err_imagenet_channels": error("ResNet50(input_shape=(64, 64, 1), include_top=False, "
                                   "weights='imagenet')"),
    "err_imagenet_alpha": error("MobileNetV2(alpha=0.3, weights='imagenet')"),
    "err_imagenet_alpha_mobilenet": error("MobileNet(alpha=0.3, weights='imagenet')"),
    "err_imagenet_depth_multiplier": error("MobileNet(depth_multiplier=2, weights='imagenet')"),
    # the message ends with the function's repr (an address): keep what comes before it
    "err_classifier_activation": error("MobileNetV2(weights='imagenet', "
                                       "classifier_activation='relu')")
    + "\nresult = result.split('<')[0]",
    "err_input_tensor_shape": error("MobileNetV2(input_shape=(64, 64, 3), include_top=False, "
                                    "weights=None, input_tensor=tf.keras.Input((32, 32, 3)))"),
    "err_eager_input_tensor": f"{A}.MobileNet(input_tensor=tf.zeros((1, 32, 32, 3)), "
                              "alpha=0.25, include_top=False, weights=None)",
    "err_decode_shape": error("imagenet_utils.decode_predictions(np.zeros((2, 10)))"),
    "err_decode_rank": error("mobilenet_v2.decode_predictions(np.zeros((1000,)))"),
    "err_preprocess_mode": error(f"imagenet_utils.preprocess_input({IMG}, mode='bgr')"),
    "err_preprocess_format": error(f"imagenet_utils.preprocess_input({IMG}, "
                                   "data_format='nhwc')"),
    # preprocess_input: every mode, NumPy and tensor inputs, both data formats
    "pre_caffe_np": pre("vgg16.preprocess_input(x)", IMG),
    "pre_caffe_np_resnet": pre("resnet50.preprocess_input(x)", IMG),
    "pre_caffe_tensor": pre("resnet.preprocess_input(x)", f"tf.constant({IMG})"),
    "pre_caffe_first_np": pre("vgg19.preprocess_input(x, data_format='channels_first')",
                              "np.arange(2 * 3 * 2 * 2, dtype='float32').reshape(2, 3, 2, 2)"),
    "pre_caffe_first_3d": pre("imagenet_utils.preprocess_input(x, "
                              "data_format='channels_first')",
                              "np.arange(3 * 2 * 2, dtype='float32').reshape(3, 2, 2)"),
    "pre_caffe_first_tensor": pre("imagenet_utils.preprocess_input(x, "
                                  "data_format='channels_first')",
                                  "tf.reshape(tf.range(24, dtype=tf.float32), (2, 3, 2, 2))"),
    "pre_caffe_3d_tensor": pre("imagenet_utils.preprocess_input(x)",
                               "tf.reshape(tf.range(12, dtype=tf.float32), (2, 2, 3))"),
    "pre_caffe_uint8": pre("imagenet_utils.preprocess_input(x)",
                           "np.arange(12, dtype='uint8').reshape(2, 2, 3)"),
    "pre_caffe_float64": pre("imagenet_utils.preprocess_input(x)",
                             "np.arange(12, dtype='float64').reshape(2, 2, 3)"),
    "pre_tf_np": pre("mobilenet_v2.preprocess_input(x)", IMG),
    "pre_tf_np_mobilenet": pre("mobilenet.preprocess_input(x)", IMG),
    "pre_tf_tensor": pre("resnet_v2.preprocess_input(x)", f"tf.constant({IMG})"),
    "pre_tf_int": pre("mobilenet_v2.preprocess_input(x)",
                      "np.arange(12, dtype='int32').reshape(2, 2, 3)"),
    "pre_torch_np": pre("imagenet_utils.preprocess_input(x, mode='torch')", IMG),
    "pre_torch_tensor": pre("imagenet_utils.preprocess_input(x, mode='torch')",
                            f"tf.constant({IMG})"),
    "pre_torch_first": pre("imagenet_utils.preprocess_input(x, mode='torch', "
                           "data_format='channels_first')",
                           "np.arange(2 * 3 * 2 * 2, dtype='float32').reshape(2, 3, 2, 2)"),
    "pre_densenet": pre("densenet.preprocess_input(x)", IMG),
    "pre_efficientnet_identity": pre("efficientnet.preprocess_input(x)", IMG),
    "pre_xception": pre("xception.preprocess_input(x)", IMG),
    "pre_inception_v3": pre("inception_v3.preprocess_input(x)", IMG),
    "pre_caffe_in_place": f"x = {IMG}\ny = {A}.imagenet_utils.preprocess_input(x, mode='tf')\n"
                          "result = [bool(y is x), float(x[0, 0, 0, 1])]",
}
