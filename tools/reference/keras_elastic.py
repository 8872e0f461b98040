"""TF2 reference snippets: Keras 3's RandomElasticTransform. Its displacement fields are
random, so snippets pin what is deterministic: configs, identities (factor or scale 0,
training=False), images that no warp can change (constant ones), clipping to value_range,
dtypes and shapes (batched, unbatched, channels_first, in a tf.data map) and errors."""

_F = "x = (np.arange(2 * 9 * 8 * 3, dtype='float32').reshape(2, 9, 8, 3) * 37) % 256\n"
_U8 = "x = (np.arange(2 * 9 * 8 * 3) * 7 % 256).astype('uint8').reshape(2, 9, 8, 3)\n"
_CONST = "x = np.full((2, 9, 8, 3), 77.0, 'float32')\n"
_L = "tf.keras.layers.RandomElasticTransform"


def _layer(args: str, setup: str = _F, call: str = "x, training=True") -> str:
    return f"{setup}layer = {_L}({args})\nresult = layer({call})\n"


def _meta(args: str, setup: str = _F, call: str = "x, training=True") -> str:
    return (f"{setup}y = {_L}({args})({call})\n"
            f"result = [tuple(y.shape), y.dtype.name, bool(float(tf.reduce_min(y)) >= 0.0), "
            f"bool(float(tf.reduce_max(y)) <= 255.0)]\n")


def _rounded(args: str, setup: str, digits: int = 3) -> str:
    return f"{setup}y = {_L}({args})(x, training=True)\nresult = np.round(y.numpy(), {digits})\n"


def _config(args: str) -> str:
    return f"c = {_L}({args}).get_config()\nc.pop('name')\nresult = c\n"


SNIPPETS = {
    "config_default": _config("name='el_cfg0'"),
    "config_custom": _config("factor=(0.2, 0.7), scale=0.4, interpolation='nearest', "
                             "fill_mode='constant', fill_value=3.0, value_range=(0, 1), "
                             "seed=5, name='el_cfg1'"),
    "config_pairs_sorted": _config("factor=[0.6, 0.1], scale=[0.5, 0.2], name='el_cfg2'"),
    "factor_zero_identity": _layer("factor=0.0, name='el_f0'"),
    "scale_zero_identity": _layer("scale=0.0, name='el_s0'"),
    "scale_zero_pair_identity": _layer("scale=(0.0, 0.0), name='el_s00'"),
    "inference_identity_unclipped": _layer("name='el_inf'", setup=_F + "x = x * 3\n",
                                           call="x, training=False"),
    "uint8_identity_is_float32": _layer("factor=0.0, name='el_u8'", setup=_U8),
    "constant_image_reflect": _rounded("factor=(1, 1), scale=(1, 1), seed=3, name='el_c1'",
                                       _CONST),
    "constant_image_nearest_interp": _rounded(
        "factor=(1, 1), scale=(0.8, 0.8), interpolation='nearest', seed=3, name='el_c2'",
        _CONST),
    "constant_image_wrap": _rounded(
        "factor=(1, 1), scale=(1, 1), fill_mode='wrap', seed=3, name='el_c3'", _CONST),
    "constant_image_edge": _rounded(
        "factor=(1, 1), scale=(1, 1), fill_mode='nearest', seed=3, name='el_c4'", _CONST),
    "constant_fill_equal_value": _rounded(
        "factor=(1, 1), scale=(1, 1), fill_mode='constant', fill_value=77.0, seed=3, "
        "name='el_c5'", _CONST),
    "clipped_to_value_range": _rounded(
        "factor=(1, 1), scale=(1, 1), value_range=(0, 50), seed=3, name='el_clip'", _CONST),
    "clipped_even_when_not_applied": _rounded(
        "factor=(0.0, 1e-9), scale=(1, 1), value_range=(0, 50), seed=3, name='el_clip2'",
        _CONST),
    "tiny_scale_near_identity": f"{_F}y = {_L}(factor=(1, 1), scale=(1e-7, 1e-7), seed=2, "
                                f"name='el_tiny')(x, training=True)\n"
                                f"result = bool(np.allclose(y.numpy(), x, atol=1e-2))\n",
    "meta_batched": _meta("factor=(1, 1), seed=1, name='el_m1'"),
    "meta_unbatched": _meta("factor=(1, 1), seed=1, name='el_m2'", call="x[0], training=True"),
    "meta_channels_first": _meta("factor=(1, 1), data_format='channels_first', seed=1, "
                                 "name='el_m3'", setup=_F + "x = np.transpose(x, (0, 3, 1, 2))\n"),
    "meta_uint8": _meta("factor=(1, 1), scale=0.5, seed=1, name='el_m4'", setup=_U8),
    "meta_float64_layer": _meta("factor=(1, 1), dtype='float64', seed=1, name='el_m5'"),
    "meta_constant_fill": _meta("factor=(1, 1), fill_mode='constant', fill_value=9.0, "
                                "interpolation='nearest', seed=1, name='el_m6'"),
    "meta_mirror": _meta("factor=(1, 1), fill_mode='mirror', seed=1, name='el_m7'"),
    "dataset_map": f"{_F}layer = {_L}(factor=(1, 1), seed=4, name='el_ds')\n"
                   "ds = tf.data.Dataset.from_tensor_slices(x).batch(2).map(layer)\n"
                   "y = next(iter(ds))\n"
                   "result = [tuple(y.shape), y.dtype.name, bool(np.all(y.numpy() >= 0)), "
                   "bool(np.all(y.numpy() <= 255))]\n",
    "error_scale_range": f"{_L}(scale=1.5, name='el_e1')",
    "error_interpolation": f"{_L}(interpolation='bicubic', name='el_e2')",
    "error_fill_mode": f"{_L}(fill_mode='edge', name='el_e3')",
    "error_factor_range": f"{_L}(factor=2.0, name='el_e4')",
}
