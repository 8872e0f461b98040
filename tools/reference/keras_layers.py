"""Keras 3 reference snippets for the core, conv, pooling, normalization, merging, reshaping and
preprocessing layers: outputs for fixed weights (set with set_weights, so values are
deterministic), weight names/shapes/order, configs, functional output shapes, training
behaviour of BatchNormalization, Normalization.adapt, and argument errors."""


def _x(shape, dtype="float32", scale=2.0) -> str:
    """A deterministic input array expression of `shape`."""
    size = 1
    for d in shape:
        size *= d
    return (f"(np.sin(np.arange({size}) * 0.37 + 0.1) * {scale})"
            f".reshape({tuple(shape)}).astype('{dtype}')")


# weight i of a layer: a cosine ramp offset by 0.25 * i (positive for BN's moving variance)
_SET_WEIGHTS = ("layer.set_weights([(np.cos(np.arange(w.size) * 0.53 + i) * 0.5 + 0.25 * i)"
                ".reshape(w.shape).astype(w.dtype) for i, w in enumerate(layer.get_weights())])")

_FORWARD = """
x = {x}
layer = tf.keras.layers.{ctor}
layer(x)
{set_weights}
result = [layer(x), [list(w.shape) for w in layer.weights], [w.name for w in layer.weights]]
"""

_CONFIG = """
config = tf.keras.layers.{ctor}.get_config()
config.pop('name')
result = config
"""

_ROUND_TRIP = """
x = {x}
layer = tf.keras.layers.{ctor}
layer(x)
{set_weights}
clone = tf.keras.layers.deserialize(tf.keras.layers.serialize(layer))
clone(x)
clone.set_weights(layer.get_weights())
result = clone(x)
"""

_FUNCTIONAL = """
inputs = tf.keras.Input({shape})
result = list(tf.keras.layers.{ctor}(inputs).shape)
"""

# name -> (constructor, input shape)
LAYERS = {
    "activation_relu": ("Activation('relu')", (2, 5)),
    "activation_softmax": ("Activation('softmax')", (2, 5)),
    "identity": ("Identity()", (2, 3)),
    "dropout_inference": ("Dropout(0.5)", (2, 4)),
    "masking": ("Masking(mask_value=0.0)", (2, 3, 2)),
    "flatten": ("Flatten()", (2, 3, 4)),
    "flatten_channels_first": ("Flatten(data_format='channels_first')", (2, 3, 2, 2)),
    "reshape": ("Reshape((4, 3))", (2, 3, 4)),
    "reshape_infer": ("Reshape((-1, 2))", (2, 3, 4)),
    "permute": ("Permute((2, 1))", (2, 3, 4)),
    "permute_3d": ("Permute((3, 1, 2))", (2, 3, 4, 2)),
    "repeat_vector": ("RepeatVector(3)", (2, 4)),
    "conv1d": ("Conv1D(3, 2)", (2, 5, 2)),
    "conv1d_causal_dilated": ("Conv1D(2, 3, padding='causal', dilation_rate=2)", (2, 7, 2)),
    "conv1d_strided_same": ("Conv1D(2, 3, strides=2, padding='same')", (2, 7, 3)),
    "conv2d": ("Conv2D(3, 2)", (2, 4, 5, 2)),
    "conv2d_same_strided_relu": ("Conv2D(4, 3, strides=2, padding='same', "
                                 "activation='relu')", (2, 5, 5, 3)),
    "conv2d_dilated": ("Conv2D(2, (2, 3), dilation_rate=(2, 1))", (1, 6, 6, 2)),
    "conv2d_groups": ("Conv2D(4, 3, groups=2, padding='same')", (2, 4, 4, 4)),
    "conv2d_no_bias": ("Conv2D(2, 2, use_bias=False)", (1, 3, 3, 2)),
    "conv3d": ("Conv3D(2, 2)", (1, 3, 3, 3, 2)),
    "conv3d_same": ("Conv3D(2, (2, 3, 1), padding='same', strides=(1, 2, 1))", (1, 3, 4, 3, 1)),
    "conv1d_transpose": ("Conv1DTranspose(2, 3, strides=2)", (2, 4, 3)),
    "conv2d_transpose": ("Conv2DTranspose(3, 3, strides=2)", (2, 3, 3, 2)),
    "conv2d_transpose_same": ("Conv2DTranspose(2, 3, strides=2, padding='same')", (1, 3, 4, 2)),
    "conv2d_transpose_output_padding": ("Conv2DTranspose(2, 3, strides=2, output_padding=1)",
                                        (1, 3, 3, 2)),
    "conv2d_transpose_dilated": ("Conv2DTranspose(2, 2, dilation_rate=2)", (1, 3, 3, 1)),
    "conv3d_transpose": ("Conv3DTranspose(2, 2, strides=2, padding='same')", (1, 2, 2, 2, 1)),
    "depthwise_conv2d": ("DepthwiseConv2D(3, depth_multiplier=2)", (2, 5, 5, 3)),
    "depthwise_conv2d_same_strided": ("DepthwiseConv2D(2, strides=2, padding='same')",
                                      (1, 5, 5, 2)),
    "depthwise_conv1d": ("DepthwiseConv1D(3, depth_multiplier=2)", (2, 6, 2)),
    "separable_conv2d": ("SeparableConv2D(4, 3, depth_multiplier=2)", (2, 5, 5, 3)),
    "separable_conv2d_same": ("SeparableConv2D(3, 2, padding='same', activation='tanh')",
                              (1, 4, 4, 2)),
    "separable_conv1d": ("SeparableConv1D(3, 2)", (2, 5, 2)),
    "max_pooling1d": ("MaxPooling1D()", (2, 7, 2)),
    "max_pooling1d_same": ("MaxPooling1D(3, strides=2, padding='same')", (2, 7, 2)),
    "max_pooling2d": ("MaxPooling2D()", (2, 5, 4, 2)),
    "max_pooling2d_same": ("MaxPooling2D((3, 2), strides=(2, 1), padding='same')",
                           (1, 5, 4, 2)),
    "max_pooling3d": ("MaxPooling3D()", (1, 4, 4, 4, 2)),
    "average_pooling1d": ("AveragePooling1D(2)", (2, 6, 2)),
    "average_pooling2d_same": ("AveragePooling2D(3, strides=2, padding='same')", (1, 5, 5, 2)),
    "average_pooling3d": ("AveragePooling3D(2)", (1, 4, 4, 2, 2)),
    "global_max_pooling1d": ("GlobalMaxPooling1D()", (2, 5, 3)),
    "global_max_pooling2d_keepdims": ("GlobalMaxPooling2D(keepdims=True)", (2, 3, 4, 3)),
    "global_average_pooling1d": ("GlobalAveragePooling1D()", (2, 5, 3)),
    "global_average_pooling2d": ("GlobalAveragePooling2D()", (2, 3, 4, 3)),
    "global_average_pooling2d_channels_first": (
        "GlobalAveragePooling2D(data_format='channels_first')", (2, 3, 4, 3)),
    "global_average_pooling3d": ("GlobalAveragePooling3D()", (1, 2, 3, 2, 2)),
    "batch_normalization": ("BatchNormalization()", (4, 3)),
    "batch_normalization_axis1": ("BatchNormalization(axis=1)", (2, 3, 4)),
    "batch_normalization_no_affine": ("BatchNormalization(center=False, scale=False)", (4, 3)),
    "layer_normalization": ("LayerNormalization()", (2, 5)),
    "layer_normalization_axes": ("LayerNormalization(axis=[1, 2], epsilon=1e-5)", (2, 3, 4)),
    "layer_normalization_axis1": ("LayerNormalization(axis=1)", (2, 3, 4)),
    "layer_normalization_no_center": ("LayerNormalization(center=False)", (2, 4)),
    "unit_normalization": ("UnitNormalization()", (2, 4)),
    "unit_normalization_axes": ("UnitNormalization(axis=[1, 2])", (2, 3, 2)),
    "group_normalization": ("GroupNormalization(groups=2)", (2, 3, 3, 4)),
    "group_normalization_per_channel": ("GroupNormalization(groups=-1)", (2, 5, 3)),
    "zero_padding1d": ("ZeroPadding1D((1, 2))", (2, 3, 2)),
    "zero_padding2d": ("ZeroPadding2D(((1, 0), (2, 1)))", (1, 2, 3, 2)),
    "zero_padding2d_channels_first": ("ZeroPadding2D(1, data_format='channels_first')",
                                      (1, 2, 2, 3)),
    "zero_padding3d": ("ZeroPadding3D(1)", (1, 2, 2, 1, 1)),
    "cropping1d": ("Cropping1D((1, 2))", (2, 6, 2)),
    "cropping2d": ("Cropping2D(((1, 0), (0, 2)))", (1, 4, 5, 2)),
    "cropping2d_channels_first": ("Cropping2D(1, data_format='channels_first')",
                                  (1, 2, 4, 4)),
    "cropping3d": ("Cropping3D(((1, 0), (0, 1), (1, 1)))", (1, 3, 3, 4, 1)),
    "up_sampling1d": ("UpSampling1D(3)", (2, 3, 2)),
    "up_sampling2d": ("UpSampling2D((2, 3))", (1, 2, 3, 2)),
    "up_sampling2d_bilinear": ("UpSampling2D(2, interpolation='bilinear')", (1, 3, 4, 2)),
    "up_sampling2d_bilinear_channels_first": (
        "UpSampling2D((3, 2), data_format='channels_first', interpolation='bilinear')",
        (1, 2, 3, 3)),
    "up_sampling3d": ("UpSampling3D((1, 2, 2))", (1, 2, 2, 2, 1)),
    "rescaling": ("Rescaling(1.0 / 255, offset=-0.5)", (2, 3)),
    "normalization_given": ("Normalization(mean=[1.0, 2.0, 3.0], variance=[1.0, 4.0, 0.25])",
                            (2, 3)),
    "normalization_given_scalar": ("Normalization(mean=2.0, variance=4.0)", (2, 3)),
    "normalization_invert": ("Normalization(mean=[1.0, 2.0], variance=[4.0, 9.0], "
                             "invert=True)", (3, 2)),
    "normalization_axis_none": ("Normalization(axis=None, mean=1.0, variance=2.0)", (2, 3)),
}

# layers whose configs are pinned but whose call needs special inputs
CONFIG_ONLY = {
    "embedding": "Embedding(10, 4)",
    "embedding_mask_zero": "Embedding(5, 2, mask_zero=True, embeddings_initializer='ones')",
    "lambda_named": "Lambda(tf.nn.relu)",
    "add": "Add()",
    "concatenate": "Concatenate(axis=1)",
    "dot": "Dot(axes=(1, 2), normalize=True)",
    "conv2d_defaults": "Conv2D(8, 3)",
    "conv1d_causal": "Conv1D(8, 3, padding='causal', activation='relu')",
    "conv2d_regularized": ("Conv2D(2, 3, kernel_regularizer='l2', bias_constraint='non_neg', "
                           "activity_regularizer='l1')"),
    "max_pooling2d_upper_padding": "MaxPooling2D(padding='SAME')",
    "normalization_adaptable": "Normalization(axis=(1, 2))",
    "batch_normalization_renorm": ("BatchNormalization(renorm=True, renorm_clipping="
                                   "{'rmax': 2.0, 'rmin': 0.5, 'dmax': 1.0})"),
}

SNIPPETS: dict = {}
for _name, (_ctor, _shape) in LAYERS.items():
    _fill = {"x": _x(_shape), "ctor": _ctor, "set_weights": _SET_WEIGHTS}
    SNIPPETS[f"forward_{_name}"] = _FORWARD.format(**_fill)
    SNIPPETS[f"config_{_name}"] = _CONFIG.format(ctor=_ctor)
    if "transpose" not in _name:  # see tests/keras/test_layers_conv.py (batch dim of specs)
        SNIPPETS[f"functional_{_name}"] = _FUNCTIONAL.format(shape=tuple(_shape[1:]),
                                                             ctor=_ctor)
for _name in ("conv2d_same_strided_relu", "conv2d_transpose_output_padding",
              "separable_conv2d", "depthwise_conv2d", "batch_normalization_axis1",
              "layer_normalization_axes", "group_normalization", "up_sampling2d_bilinear",
              "cropping2d", "zero_padding2d", "normalization_given", "rescaling",
              "conv1d_causal_dilated", "max_pooling2d_same", "permute_3d"):
    _ctor, _shape = LAYERS[_name]
    SNIPPETS[f"round_trip_{_name}"] = _ROUND_TRIP.format(x=_x(_shape), ctor=_ctor,
                                                         set_weights=_SET_WEIGHTS)
for _name, _ctor in CONFIG_ONLY.items():
    SNIPPETS[f"config_{_name}"] = _CONFIG.format(ctor=_ctor)

# a functional input with an unknown non-batch dimension
SNIPPETS["functional_conv1d_unknown_steps"] = """
inputs = tf.keras.Input((None, 3))
result = list(tf.keras.layers.Conv1D(4, 3, padding='same')(inputs).shape)
"""
SNIPPETS["functional_global_pool_unknown_spatial"] = """
inputs = tf.keras.Input((None, None, 3))
x = tf.keras.layers.Conv2D(4, 1)(inputs)
result = list(tf.keras.layers.GlobalMaxPooling2D()(x).shape)
"""

# --- layers with special inputs ---------------------------------------------------------------
SNIPPETS["forward_embedding"] = f"""
layer = tf.keras.layers.Embedding(6, 3)
layer(np.array([[0, 1]]))
{_SET_WEIGHTS}
result = [layer(np.array([[0, 5, 2], [3, 3, 1]])), layer(np.array([1.0, 4.0])),
          [list(w.shape) for w in layer.weights], [w.name for w in layer.weights]]
"""
SNIPPETS["embedding_weights_argument"] = """
layer = tf.keras.layers.Embedding(3, 2, weights=[np.arange(6.0).reshape(3, 2)])
result = [layer(np.array([2, 0])), layer.built]
"""
SNIPPETS["embedding_compute_mask"] = """
layer = tf.keras.layers.Embedding(5, 2, mask_zero=True)
result = layer.compute_mask(np.array([[0, 3, 0], [1, 0, 2]]))
"""
SNIPPETS["masking_compute_mask"] = """
x = np.array([[[0.0, 0.0], [1.0, 0.0], [0.0, 0.0]]], dtype='float32')
layer = tf.keras.layers.Masking()
result = [layer(x), layer.compute_mask(x)]
"""
SNIPPETS["lambda_forward_arguments"] = f"""
layer = tf.keras.layers.Lambda(lambda t, k: t * k + 1.0, arguments={{'k': 3.0}})
result = layer({_x((2, 3))})
"""
SNIPPETS["lambda_functional_shape"] = """
inputs = tf.keras.Input((4, 3))
result = list(tf.keras.layers.Lambda(lambda t: tf.reduce_sum(t, axis=1))(inputs).shape)
"""
SNIPPETS["lambda_deserialize_python_lambda_refused"] = """
config = tf.keras.layers.serialize(tf.keras.layers.Lambda(lambda t: t * 2))
result = tf.keras.layers.deserialize(config)
"""
SNIPPETS["lambda_config_python_lambda"] = """
config = tf.keras.layers.Lambda(lambda t: t * 2, output_shape=(3,)).get_config()
result = [sorted(config), sorted(config['function']), config['function']['class_name'],
          sorted(config['function']['config']), config['output_shape']]
"""
SNIPPETS["lambda_config_named_function"] = """
config = tf.keras.layers.Lambda(tf.nn.relu).get_config()
result = [sorted(config), config['function']['class_name'], config['arguments']]
"""

_A, _B, _C = _x((2, 3)), _x((2, 3), scale=-1.5), _x((2, 1), scale=0.5)
for _merge in ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"):
    SNIPPETS[f"merge_{_merge.lower()}"] = (f"tf.keras.layers.{_merge}()([{_A}, {_B}])")
    SNIPPETS[f"merge_{_merge.lower()}_function"] = (
        f"tf.keras.layers.{_merge.lower()}([{_A}, {_B}])")
SNIPPETS["merge_add_three_broadcast"] = f"tf.keras.layers.Add()([{_A}, {_B}, {_C}])"
SNIPPETS["merge_average_three"] = f"tf.keras.layers.Average()([{_A}, {_B}, {_A}])"
SNIPPETS["merge_add_rank_expansion"] = (
    f"tf.keras.layers.Add()([{_x((2, 3, 4))}, {_x((2, 4), scale=0.5)}])")
SNIPPETS["merge_concatenate"] = f"tf.keras.layers.Concatenate()([{_A}, {_C}])"
SNIPPETS["merge_concatenate_axis1"] = (
    f"tf.keras.layers.Concatenate(axis=1)([{_x((2, 3, 2))}, {_x((2, 1, 2), scale=-1.0)}])")
SNIPPETS["merge_concatenate_function"] = (
    f"tf.keras.layers.concatenate([{_A}, {_B}], axis=0)")
SNIPPETS["merge_dot"] = f"tf.keras.layers.Dot(axes=1)([{_A}, {_B}])"
SNIPPETS["merge_dot_normalize"] = f"tf.keras.layers.Dot(axes=-1, normalize=True)([{_A}, {_B}])"
SNIPPETS["merge_dot_3d"] = (
    f"tf.keras.layers.Dot(axes=(1, 2))([{_x((2, 3, 4))}, {_x((2, 5, 3), scale=0.7)}])")
SNIPPETS["merge_dot_3d_2d"] = (
    f"tf.keras.layers.Dot(axes=(2, 1))([{_x((2, 3, 4))}, {_x((2, 4), scale=0.7)}])")
SNIPPETS["merge_dot_function"] = f"tf.keras.layers.dot([{_A}, {_B}], axes=1)"
SNIPPETS["merge_functional_shapes"] = """
a, b = tf.keras.Input((3,)), tf.keras.Input((3,))
c = tf.keras.Input((4, 3))
result = [list(tf.keras.layers.Add()([a, b]).shape),
          list(tf.keras.layers.Concatenate()([a, b]).shape),
          list(tf.keras.layers.Dot(1)([a, b]).shape),
          list(tf.keras.layers.Dot((1, 2))([a, c]).shape)]
"""

# --- BatchNormalization training and moving statistics -------------------------------------------
_BN_STEPS = """
x = {x}
layer = tf.keras.layers.BatchNormalization(momentum=0.8, epsilon=0.01{extra})
layer(x)
{set_weights}
{step}
for i in range(3):
    step(x * (i + 1) + i)
result = [layer(x, training=True), layer(x), layer(x, training=False)] + layer.get_weights()
"""
_EAGER_STEP = "step = lambda t: layer(t, training=True)"
_GRAPH_STEP = "step = tf.function(lambda t: layer(t, training=True))"
for _mode, _step in (("eager", _EAGER_STEP), ("graph", _GRAPH_STEP)):
    SNIPPETS[f"batch_norm_training_{_mode}"] = _BN_STEPS.format(
        x=_x((5, 3)), extra="", set_weights=_SET_WEIGHTS, step=_step)
    SNIPPETS[f"batch_norm_training_axis1_{_mode}"] = _BN_STEPS.format(
        x=_x((2, 3, 4)), extra=", axis=1", set_weights=_SET_WEIGHTS, step=_step)
SNIPPETS["batch_norm_renorm_training"] = _BN_STEPS.format(
    x=_x((6, 2)), extra=", renorm=True, renorm_clipping={'rmax': 1.5, 'rmin': 0.7, 'dmax': 0.4}",
    set_weights=_SET_WEIGHTS, step=_EAGER_STEP)
SNIPPETS["batch_norm_renorm_weights"] = """
layer = tf.keras.layers.BatchNormalization(renorm=True)
layer.build((None, 2))
result = [[w.name for w in layer.weights], [w.name for w in layer.trainable_weights]]
"""
SNIPPETS["batch_norm_frozen_uses_moving_statistics"] = f"""
layer = tf.keras.layers.BatchNormalization()
x = {_x((4, 2))}
layer(x)
layer.trainable = False
result = [layer(x, training=True)] + layer.get_weights()
"""
SNIPPETS["batch_norm_weights"] = """
layer = tf.keras.layers.BatchNormalization()
layer.build((None, 4, 3))
result = [[w.name for w in layer.weights], [w.name for w in layer.trainable_weights],
          [w.name for w in layer.non_trainable_weights]]
"""
SNIPPETS["sequential_training_flag_dropout_batchnorm"] = f"""
model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dropout(0.5),
                             tf.keras.layers.BatchNormalization()])
x = {_x((4, 3))}
result = [model(x), model(x, training=False), model.layers[1].get_weights()]
"""

# --- Normalization.adapt -----------------------------------------------------------------------
SNIPPETS["normalization_adapt_array"] = f"""
layer = tf.keras.layers.Normalization()
layer.adapt({_x((6, 3))})
result = [layer({_x((2, 3), scale=3.0)})] + [w.numpy() for w in layer.weights[:2]]
"""
SNIPPETS["normalization_adapt_tensor_axis_none"] = f"""
layer = tf.keras.layers.Normalization(axis=None)
layer.adapt(tf.constant({_x((4, 3))}))
result = [layer({_x((2, 3), scale=3.0)})] + [w.numpy() for w in layer.weights]
"""
SNIPPETS["normalization_adapt_dataset"] = f"""
layer = tf.keras.layers.Normalization(axis=(1, 2))
data = tf.data.Dataset.from_tensor_slices({_x((7, 2, 3))}).batch(3)
layer.adapt(data)
result = [layer({_x((1, 2, 3), scale=3.0)})] + [w.numpy() for w in layer.weights[:2]]
"""
SNIPPETS["normalization_adapt_unbatched_dataset"] = f"""
layer = tf.keras.layers.Normalization(axis=None)
layer.adapt(tf.data.Dataset.from_tensor_slices({_x((9,))}))
result = [w.numpy() for w in layer.weights[:2]]
"""
SNIPPETS["normalization_adapt_list_of_batches"] = f"""
layer = tf.keras.layers.Normalization()
layer.adapt([{_x((2, 2))}, {_x((3, 2), scale=-1.0)}])
result = [w.numpy() for w in layer.weights[:2]]
"""
SNIPPETS["normalization_weights"] = """
layer = tf.keras.layers.Normalization(axis=-1)
layer.build((None, 3))
result = [[w.name for w in layer.weights], [w.numpy().dtype.name for w in layer.weights]]
"""
SNIPPETS["normalization_adapt_wrong_shape"] = f"""
layer = tf.keras.layers.Normalization()
layer.adapt({_x((4, 3))})
layer.adapt({_x((4, 2))})
"""

# --- argument errors -----------------------------------------------------------------------------
_ERRORS = {
    "dropout_rate": "Dropout(1.5)",
    "dropout_noise_shape_string": "Dropout(0.5, noise_shape='abc')",
    "reshape_two_unknown": "Reshape((-1, -1))",
    "permute_bad_dims": "Permute((1, 3))",
    "repeat_vector_float": "RepeatVector(2.0)",
    "repeat_vector_zero": "RepeatVector(0)",
    "embedding_zero_dim": "Embedding(0, 3)",
    "conv_strides_and_dilation": "Conv2D(2, 3, strides=2, dilation_rate=2)",
    "conv_zero_filters": "Conv2D(0, 3)",
    "conv_groups_filters": "Conv2D(3, 3, groups=2)",
    "conv_kernel_size_length": "Conv2D(2, (3, 3, 3))",
    "conv_bad_padding": "Conv2D(2, 3, padding='full')",
    "conv2d_causal": "Conv2D(2, 3, padding='causal')",
    "conv_bad_data_format": "Conv2D(2, 3, data_format='nhwc')",
    "conv_transpose_output_padding": "Conv2DTranspose(2, 3, strides=2, output_padding=2)",
    "depthwise_zero_multiplier": "DepthwiseConv2D(3, depth_multiplier=0)",
    "pooling_bad_pool_size": "MaxPooling2D((2, 2, 2))",
    "upsampling1d_tuple": "UpSampling1D((2, 2))",
    "dot_bad_axes": "Dot(axes=(1, 2, 3))",
    "dot_axes_type": "Dot(axes='x')",
    "layer_norm_axis_type": "LayerNormalization(axis='x')",
    "normalization_mean_only": "Normalization(mean=1.0)",
    "normalization_shape_mismatch": "Normalization(mean=[1.0, 2.0], variance=[1.0])",
    "zero_padding2d_three": "ZeroPadding2D((1, 2, 3))",
    "cropping2d_negative": "Cropping2D(-1)",
    "unknown_kwarg": "Conv2D(2, 3, foo=1)",
}
for _name, _ctor in _ERRORS.items():
    SNIPPETS[f"error_{_name}"] = f"tf.keras.layers.{_ctor}"

_CALL_ERRORS = {
    "conv_groups_channels": ("Conv2D(4, 3, groups=2)", (1, 4, 4, 3)),
    "cropping_too_much": ("Cropping1D((3, 3))", (1, 5, 2)),
    "repeat_vector_rank": ("RepeatVector(2)", (1, 2, 3)),
    "group_norm_groups": ("GroupNormalization(groups=4)", (1, 2, 6)),
    "reshape_size": ("Reshape((5,))", (2, 3)),
    "merge_batch_sizes": None,
    "subtract_three": None,
}
for _name, _spec in _CALL_ERRORS.items():
    if _spec is not None:
        SNIPPETS[f"call_error_{_name}"] = (f"tf.keras.layers.{_spec[0]}({_x(_spec[1])})")
SNIPPETS["call_error_merge_batch_sizes"] = (
    f"tf.keras.layers.Add()([{_x((2, 3))}, {_x((3, 3))}])")
SNIPPETS["call_error_subtract_three"] = f"tf.keras.layers.Subtract()([{_A}, {_A}, {_A}])"
SNIPPETS["call_error_concatenate_shapes"] = (
    f"tf.keras.layers.Concatenate()([{_x((2, 3))}, {_x((2, 2, 1))}])")

# --- regularization layers (deterministic parts: inference, configs, penalties) -------------------
for _name, _ctor, _shape in (
        ("spatial_dropout1d", "SpatialDropout1D(0.3)", (2, 3, 2)),
        ("spatial_dropout2d", "SpatialDropout2D(0.3, data_format='channels_first')",
         (1, 2, 2, 2)),
        ("spatial_dropout3d", "SpatialDropout3D(0.3, seed=2)", (1, 2, 1, 2, 2)),
        ("gaussian_noise", "GaussianNoise(0.1, seed=1)", (2, 3)),
        ("gaussian_dropout", "GaussianDropout(0.4)", (2, 3)),
        ("alpha_dropout", "AlphaDropout(0.2, noise_shape=(None, 1))", (2, 3)),
        ("activity_regularization", "ActivityRegularization(l1=0.01, l2=0.1)", (2, 3))):
    SNIPPETS[f"forward_{_name}"] = f"tf.keras.layers.{_ctor}({_x(_shape)})"
    SNIPPETS[f"config_{_name}"] = _CONFIG.format(ctor=_ctor)
SNIPPETS["activity_regularization_loss"] = f"""
layer = tf.keras.layers.ActivityRegularization(l1=0.01, l2=0.1)
layer({_x((4, 3))})
result = [float(loss) for loss in layer.losses]
"""
SNIPPETS["error_spatial_dropout_rank"] = (
    f"tf.keras.layers.SpatialDropout2D(0.5)({_x((2, 3, 4))}, training=True)")
SNIPPETS["error_gaussian_noise_stddev"] = "tf.keras.layers.GaussianNoise(1.5)"
