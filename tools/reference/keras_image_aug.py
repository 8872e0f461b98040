"""TF2 reference snippets: Keras 3's colour augmentation layers (RandomHue, RandomSaturation,
RandomColorDegeneration, RandomSharpness, RandomPosterization, Equalization,
RandomColorJitter) at settings that draw nothing random (factor ranges of one value),
outside training, with their configs, output dtypes and argument errors."""

_F = "x = (np.arange(2 * 5 * 6 * 3, dtype='float32').reshape(2, 5, 6, 3) * 37) % 256\n"
_U8 = "x = (np.arange(2 * 5 * 6 * 3) * 7 % 256).astype('uint8').reshape(2, 5, 6, 3)\n"
_UNIT = "x = ((np.arange(2 * 4 * 4 * 3, dtype='float32') * 13) % 97 / 96).reshape(2, 4, 4, 3)\n"
_CF = "x = np.transpose(x, (0, 3, 1, 2))\n"


def _layer(expr: str, setup: str = _F, call: str = "x, training=True") -> str:
    return f"{setup}layer = tf.keras.layers.{expr}\nresult = layer({call})\n"


def _config(expr: str) -> str:
    return (f"c = tf.keras.layers.{expr}.get_config()\nc.pop('name')\n"
            f"c.pop('seed', None)\nresult = c\n")


SNIPPETS = {}

# --- RandomHue: no shift, and half a turn (either sign gives the same colours) ---------------
SNIPPETS["hue_zero"] = _layer("RandomHue((0.0, 0.0), name='hue_zero')")
SNIPPETS["hue_half_turn"] = _layer("RandomHue((1.0, 1.0), name='hue_half')")
SNIPPETS["hue_unit_range"] = _layer("RandomHue((1.0, 1.0), value_range=(0, 1), name='hue_u')",
                                    setup=_UNIT)
SNIPPETS["hue_uint8_half_turn"] = _layer("RandomHue((1.0, 1.0), name='hue_u8')", setup=_U8)
SNIPPETS["hue_unbatched"] = _layer("RandomHue((1.0, 1.0), name='hue_unb')",
                                   call="x[0], training=True")
SNIPPETS["hue_channels_first"] = _layer(
    "RandomHue((1.0, 1.0), data_format='channels_first', name='hue_cf')", setup=_F + _CF)
SNIPPETS["hue_inference_uint8"] = _layer("RandomHue(0.5, name='hue_inf')", setup=_U8,
                                         call="x, training=False")

# --- RandomSaturation: u / (1 - u) with u fixed ---------------------------------------------
SNIPPETS["saturation_zero_is_gray"] = _layer("RandomSaturation((0.0, 0.0), name='sat0')")
SNIPPETS["saturation_half_keeps"] = _layer("RandomSaturation((0.5, 0.5), name='sat5')")
SNIPPETS["saturation_quarter"] = _layer(
    "RandomSaturation((0.25, 0.25), value_range=(0, 1), name='sat25')", setup=_UNIT)
SNIPPETS["saturation_channels_first"] = _layer(
    "RandomSaturation((0.2, 0.2), data_format='channels_first', name='sat_cf')",
    setup=_F + _CF)
SNIPPETS["saturation_unbatched"] = _layer("RandomSaturation((0.3, 0.3), name='sat_unb')",
                                          call="x[0], training=True")
SNIPPETS["saturation_uint8_error"] = _layer("RandomSaturation(0.3, name='sat_err')", setup=_U8)

# --- RandomColorDegeneration -----------------------------------------------------------------
for f in (0.0, 0.5, 1.0):
    SNIPPETS[f"degeneration_{f}"] = _layer(
        f"RandomColorDegeneration(({f}, {f}), name='deg{int(f * 10)}')")
SNIPPETS["degeneration_uint8"] = _layer("RandomColorDegeneration((0.7, 0.7), name='deg_u8')",
                                        setup=_U8)
SNIPPETS["degeneration_negative_clips"] = _layer(
    "RandomColorDegeneration((-1.0, -1.0), value_range=(0, 1), name='deg_neg')", setup=_UNIT)
SNIPPETS["degeneration_channels_first"] = _layer(
    "RandomColorDegeneration((0.4, 0.4), data_format='channels_first', name='deg_cf')",
    setup=_F + _CF)
SNIPPETS["degeneration_inference"] = _layer("RandomColorDegeneration(0.4, name='deg_inf')",
                                            setup=_U8, call="x, training=False")

# --- RandomSharpness: u = 0.5 keeps the image, 0 smooths, 1 sharpens ---------------------------
for f in (0.0, 0.5, 1.0):
    SNIPPETS[f"sharpness_{f}"] = _layer(f"RandomSharpness(({f}, {f}), name='sh{int(f * 10)}')")
SNIPPETS["sharpness_unit_range"] = _layer(
    "RandomSharpness((0.9, 0.9), value_range=(0, 1), name='sh_u')", setup=_UNIT)
SNIPPETS["sharpness_uint8"] = _layer("RandomSharpness((0.2, 0.2), name='sh_u8')", setup=_U8)
SNIPPETS["sharpness_unbatched"] = _layer("RandomSharpness((0.0, 0.0), name='sh_unb')",
                                         call="x[0], training=True")
SNIPPETS["sharpness_channels_first"] = _layer(
    "RandomSharpness((1.0, 1.0), data_format='channels_first', name='sh_cf')", setup=_F + _CF)
SNIPPETS["sharpness_inference_casts"] = _layer("RandomSharpness(0.3, name='sh_inf')",
                                               setup=_U8, call="x, training=False")

# --- RandomPosterization: the number of bits kept is fixed -----------------------------------
for bits in (1, 3, 8):
    SNIPPETS[f"posterization_{bits}_bits"] = _layer(
        f"RandomPosterization(({bits}, {bits}), name='post{bits}')")
SNIPPETS["posterization_uint8"] = _layer("RandomPosterization((2, 2), name='post_u8')",
                                         setup=_U8)
SNIPPETS["posterization_unit_range"] = _layer(
    "RandomPosterization((4, 4), value_range=(0, 1), name='post_u')", setup=_UNIT)
SNIPPETS["posterization_unbatched"] = _layer("RandomPosterization((3, 3), name='post_unb')",
                                             call="x[0], training=True")
SNIPPETS["posterization_inference"] = _layer("RandomPosterization(4, name='post_inf')",
                                             setup=_U8, call="x, training=False")

# --- Equalization (deterministic) --------------------------------------------------------------
SNIPPETS["equalization_float"] = _layer("Equalization(name='eq_f')")
SNIPPETS["equalization_uint8"] = _layer("Equalization(name='eq_u8')", setup=_U8)
SNIPPETS["equalization_bins"] = _layer("Equalization(bins=16, name='eq_b')", setup=_U8)
SNIPPETS["equalization_unit_range"] = _layer("Equalization(value_range=(0, 1), name='eq_u')",
                                             setup=_UNIT)
SNIPPETS["equalization_unbatched"] = _layer("Equalization(name='eq_unb')",
                                            call="x[1], training=True")
SNIPPETS["equalization_channels_first"] = _layer(
    "Equalization(data_format='channels_first', name='eq_cf')", setup=_U8 + _CF)
SNIPPETS["equalization_flat_channel"] = _layer(
    "Equalization(name='eq_flat')",
    setup="x = np.full((1, 3, 3, 3), 40.0, 'float32')\nx[..., 1] = np.arange(9).reshape(3, 3)\n")
SNIPPETS["equalization_default_training"] = _layer("Equalization(name='eq_def')", setup=_U8,
                                                   call="x")
SNIPPETS["equalization_inference"] = _layer("Equalization(name='eq_inf')", setup=_U8,
                                            call="x, training=False")

# --- RandomColorJitter -------------------------------------------------------------------------
SNIPPETS["jitter_fixed"] = _layer(
    "RandomColorJitter(brightness_factor=(0.1, 0.1), contrast_factor=(0.0, 0.0), "
    "saturation_factor=(0.0, 0.0), hue_factor=(0.0, 0.0), name='jit')")
SNIPPETS["jitter_brightness_only_uint8"] = _layer(
    "RandomColorJitter(brightness_factor=(-0.2, -0.2), name='jit_b')", setup=_U8)
SNIPPETS["jitter_none_casts"] = _layer("RandomColorJitter(name='jit_none')", setup=_U8)
SNIPPETS["jitter_inference"] = _layer("RandomColorJitter(hue_factor=0.3, name='jit_inf')",
                                      setup=_U8, call="x, training=False")

# --- configs, round trips and argument errors ----------------------------------------------
for expr in ("RandomHue(0.2)", "RandomHue((0.1, 0.4), value_range=[1, 0])",
             "RandomSaturation(0.2)", "RandomSaturation((0.6, 0.1), value_range=(1, 0))",
             "RandomColorDegeneration(0.3)", "RandomSharpness(0.2)",
             "RandomSharpness((0.3, 0.7), value_range=(0, 1))", "RandomPosterization(4)",
             "RandomPosterization((2, 6))", "Equalization()",
             "Equalization(value_range=(1, 0), bins=8, data_format='channels_first')",
             "RandomColorJitter()",
             "RandomColorJitter(value_range=(0, 1), brightness_factor=0.2, "
             "contrast_factor=(0.1, 0.3), saturation_factor=0.4, hue_factor=0.1)"):
    SNIPPETS[f"config_{expr}"] = _config(expr)
SNIPPETS["from_config_round_trip"] = """layer = tf.keras.layers.RandomPosterization((2, 6))
c = type(layer).from_config(layer.get_config()).get_config()
c.pop('name')
c.pop('seed')
result = c
"""
for expr in ("RandomHue(1.5)", "RandomHue(-0.2)", "RandomSharpness(2.0)",
             "RandomPosterization(9)", "RandomPosterization(0)", "RandomSaturation(1.2)",
             "RandomSaturation(0.2, value_range=5)", "RandomColorDegeneration((0.1, 0.2, 0.3))"):
    SNIPPETS[f"error_{expr}"] = f"tf.keras.layers.{expr}"
SNIPPETS["hue_rank2_error"] = "tf.keras.layers.RandomHue(0.2)(np.ones((4, 4), 'float32'))"
SNIPPETS["equalization_output_shape"] = \
    "tf.keras.layers.Equalization().compute_output_shape((None, 8, 8, 3))"

# --- RandomErasing, RandomGaussianBlur, MixUp, CutMix: settings that draw nothing random ------
_SAME = "x = np.tile(np.arange(4 * 5 * 3, dtype='float32').reshape(1, 4, 5, 3), (3, 1, 1, 1))\n"
SNIPPETS["erasing_never"] = _layer("RandomErasing(0.0, name='er0')", setup=_U8)
SNIPPETS["erasing_whole_image"] = _layer(
    "RandomErasing((1.0, 1.0), scale=(1.0, 1.0), fill_value=7.0, name='er_all')")
SNIPPETS["erasing_whole_image_channels"] = _layer(
    "RandomErasing((1.0, 1.0), scale=(1.0, 1.0), fill_value=(1, 300, -4), name='er_ch')")
SNIPPETS["erasing_whole_unbatched_cf"] = _layer(
    "RandomErasing((1.0, 1.0), scale=(1.0, 1.0), fill_value=0.5, value_range=(0, 1), "
    "data_format='channels_first', name='er_cf')", setup=_UNIT + _CF, call="x[0]")
SNIPPETS["erasing_inference"] = _layer("RandomErasing(name='er_inf')", setup=_U8,
                                       call="x, training=False")
for ks, sigma in ((3, 0.5), (5, 1.0), ((3, 5), 0.8)):
    SNIPPETS[f"blur_{ks}_{sigma}"] = _layer(
        f"RandomGaussianBlur((1.0, 1.0), kernel_size={ks}, sigma=({sigma}, {sigma}), "
        f"name='blur')")
SNIPPETS["blur_never_clips"] = _layer(
    "RandomGaussianBlur(0.0, value_range=(10, 200), name='blur0')", setup=_U8)
SNIPPETS["blur_unbatched_cf"] = _layer(
    "RandomGaussianBlur((1.0, 1.0), sigma=(0.7, 0.7), data_format='channels_first', "
    "name='blur_cf')", setup=_F + _CF, call="x[1]")
SNIPPETS["blur_inference"] = _layer("RandomGaussianBlur(name='blur_inf')", setup=_U8,
                                    call="x, training=False")
SNIPPETS["mixup_identical_images"] = _layer("MixUp(name='mix_same')", setup=_SAME)
SNIPPETS["mixup_inference"] = _layer("MixUp(name='mix_inf')", setup=_U8,
                                     call="x, training=False")
SNIPPETS["cutmix_identical_images"] = _layer("CutMix(name='cut_same')", setup=_SAME)
SNIPPETS["cutmix_unbatched"] = _layer("CutMix(name='cut_unb')", setup=_U8, call="x[0]")
SNIPPETS["cutmix_inference"] = _layer("CutMix(name='cut_inf')", setup=_U8,
                                      call="x, training=False")
for expr in ("RandomErasing()", "RandomErasing(0.5, scale=0.3, fill_value=(1, 2, 3))",
             "RandomGaussianBlur()", "RandomGaussianBlur(0.4, kernel_size=(3, 5), sigma=0.5)",
             "MixUp()", "MixUp(alpha=0.7)", "CutMix()", "CutMix((0.2, 0.6))"):
    SNIPPETS[f"config_{expr}"] = _config(expr)
for expr in ("RandomErasing(scale=1.5)", "RandomErasing(1.2)", "RandomGaussianBlur(kernel_size=4)",
             "RandomGaussianBlur(kernel_size=(3, 4))", "RandomGaussianBlur(sigma=2.0)",
             "CutMix(1.5)"):
    SNIPPETS[f"error_{expr}"] = f"tf.keras.layers.{expr}"

# --- RandAugment and AugMix: no ops / empty chains leave the image (in float) ----------------
SNIPPETS["randaugment_no_ops"] = _layer("RandAugment(num_ops=0, name='ra0')", setup=_U8)
SNIPPETS["randaugment_inference"] = _layer("RandAugment(name='ra_inf')", setup=_U8,
                                           call="x, training=False")
SNIPPETS["augmix_empty_chains"] = _layer("AugMix(chain_depth=0, name='am0')")
SNIPPETS["augmix_empty_chains_clips"] = _layer(
    "AugMix(chain_depth=0, value_range=(0, 0.5), name='am_clip')", setup=_UNIT)
SNIPPETS["augmix_inference"] = _layer("AugMix(name='am_inf')", setup=_U8,
                                      call="x, training=False")
for expr in ("RandAugment()", "RandAugment(value_range=(0, 1), num_ops=3, factor=(0.1, 0.7), "
             "interpolation='nearest')", "AugMix()",
             "AugMix(value_range=(0, 1), num_chains=2, chain_depth=4, factor=0.6, alpha=0.5, "
             "all_ops=False, interpolation='nearest')"):
    SNIPPETS[f"config_{expr}"] = _config(expr)
for expr in ("RandAugment(factor=1.5)", "AugMix(factor=-0.5)"):
    SNIPPETS[f"error_{expr}"] = f"tf.keras.layers.{expr}"

# --- RandomPerspective: no move (scale 0) or never applied ----------------------------------
SNIPPETS["perspective_scale_zero"] = _layer("RandomPerspective(scale=0.0, name='persp0')")
SNIPPETS["perspective_never_uint8"] = _layer("RandomPerspective(0.0, name='persp_never')",
                                             setup=_U8)
SNIPPETS["perspective_unbatched_cf"] = _layer(
    "RandomPerspective(scale=0.0, interpolation='nearest', data_format='channels_first', "
    "name='persp_cf')", setup=_F + _CF, call="x[0]")
SNIPPETS["perspective_inference"] = _layer("RandomPerspective(name='persp_inf')", setup=_U8,
                                           call="x, training=False")
for expr in ("RandomPerspective()", "RandomPerspective(0.4, scale=0.3, "
             "interpolation='nearest', fill_value=2.0)"):
    SNIPPETS[f"config_{expr}"] = _config(expr)
SNIPPETS["error_perspective_scale"] = "tf.keras.layers.RandomPerspective(scale=1.5)"
SNIPPETS["error_perspective_interpolation"] = \
    "tf.keras.layers.RandomPerspective(interpolation='bicubic')"

# --- MaxNumBoundingBoxes -----------------------------------------------------------------------
_BOXES = ("boxes = (np.arange(2 * 3 * 4, dtype='float32') * 1.5).reshape(2, 3, 4)\n"
          "labels = np.array([[1, 2, 3], [4, 5, 6]], 'int32')\n"
          "data = {'images': np.ones((2, 4, 4, 3), 'float32'), "
          "'bounding_boxes': {'boxes': boxes, 'labels': labels}}\n")
for n, fill in ((2, -1), (5, -1), (4, 7), (3, 0)):
    SNIPPETS[f"max_boxes_{n}_{fill}"] = (
        f"{_BOXES}out = tf.keras.layers.MaxNumBoundingBoxes({n}, fill_value={fill}, "
        f"bounding_box_format='xyxy', name='mb{n}')(data)\n"
        f"result = (out['bounding_boxes']['boxes'], out['bounding_boxes']['labels'], "
        f"out['images'])\n")
SNIPPETS["max_boxes_needs_format"] = (
    f"{_BOXES}result = tf.keras.layers.MaxNumBoundingBoxes(3, name='mb_fmt')(data)")
SNIPPETS["max_boxes_images_only"] = _layer("MaxNumBoundingBoxes(3, name='mb_img')", setup=_U8,
                                           call="x")
SNIPPETS["max_boxes_output_shape"] = (
    "result = tf.keras.layers.MaxNumBoundingBoxes(6).compute_output_shape("
    "{'images': (2, 4, 4, 3), 'bounding_boxes': {'boxes': (2, 3, 4), 'labels': (2, 3)}})")
SNIPPETS["config_MaxNumBoundingBoxes(4, fill_value=0)"] = \
    _config("MaxNumBoundingBoxes(4, fill_value=0)")
SNIPPETS["config_MaxNumBoundingBoxes(2, bounding_box_format='xyxy')"] = \
    _config("MaxNumBoundingBoxes(2, bounding_box_format='xyxy')")

# --- ContrastLimitedAdaptiveHistogramEqualization (deterministic) ------------------------------
_BIG = "x = ((np.arange(2 * 13 * 11 * 3) * 37) % 256).astype('uint8').reshape(2, 13, 11, 3)\n"
_CLAHE = "ContrastLimitedAdaptiveHistogramEqualization"
SNIPPETS["clahe_uint8"] = _layer(f"{_CLAHE}(tile_grid_size=(2, 2), name='cl_u8')",
                                 setup=_BIG, call="x")
SNIPPETS["clahe_float_padded_tiles"] = _layer(f"{_CLAHE}(tile_grid_size=(3, 4), name='cl_f')",
                                              setup=_BIG + "x = x.astype('float32')\n")
SNIPPETS["clahe_no_clip"] = _layer(f"{_CLAHE}(clip_limit=0, tile_grid_size=(2, 3), "
                                   f"name='cl_0')", setup=_BIG + "x = x.astype('float32')\n")
SNIPPETS["clahe_default_grid"] = _layer(f"{_CLAHE}(name='cl_def')", setup=_BIG,
                                        call="x, training=False")
SNIPPETS["clahe_unit_range_cf"] = _layer(
    f"{_CLAHE}(value_range=(0, 1), clip_limit=2.0, tile_grid_size=(2, 2), "
    f"data_format='channels_first', name='cl_cf')", setup=_UNIT + _CF)
SNIPPETS["clahe_unbatched"] = _layer(f"{_CLAHE}(tile_grid_size=(4, 4), name='cl_unb')",
                                     setup=_BIG, call="x[1]")
SNIPPETS[f"config_{_CLAHE}"] = _config(f"{_CLAHE}(value_range=(0, 1), clip_limit=2.5, "
                                       f"tile_grid_size=(4, 2))")
