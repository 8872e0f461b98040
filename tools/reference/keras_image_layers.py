"""TF2 reference snippets: Keras 3 image preprocessing layers (deterministic settings only:
factor ranges of one value, identity cases, shapes, dtypes, configs and errors) and the
Keras image utilities that need no image files."""

_IMG = "x = np.arange(2 * 5 * 6 * 3, dtype='float32').reshape(2, 5, 6, 3)\n"
_SQ = "x = np.arange(1 * 4 * 4 * 2, dtype='float32').reshape(1, 4, 4, 2)\n"
_U8 = "x = (np.arange(2 * 5 * 6 * 3) * 7 % 256).astype('uint8').reshape(2, 5, 6, 3)\n"


def _layer(expr: str, setup: str = _IMG, call: str = "x, training=True") -> str:
    return f"{setup}layer = tf.keras.layers.{expr}\nresult = layer({call})\n"


def _config(expr: str) -> str:
    return (f"c = tf.keras.layers.{expr}.get_config()\nc.pop('name')\n"
            f"c.pop('seed', None)\nresult = c\n")


SNIPPETS = {}

# --- RandomTranslation: whole and half pixel shifts, every fill mode and interpolation --------
for mode in ("reflect", "wrap", "constant", "nearest"):
    for interp in ("bilinear", "nearest"):
        for hf, wf in (((0.4, 0.4), (-0.5, -0.5)), ((-0.1, -0.1), (0.25, 0.25))):
            name = f"translation_{mode}_{interp}_{hf[0]}_{wf[0]}"
            SNIPPETS[name] = _layer(
                f"RandomTranslation({hf}, {wf}, fill_mode='{mode}', interpolation='{interp}',"
                f" fill_value=-1.0)")
SNIPPETS["translation_unbatched"] = _layer("RandomTranslation((0.2, 0.2), (0.5, 0.5))",
                                           call="x[0], training=True")
SNIPPETS["translation_channels_first"] = _layer(
    "RandomTranslation((0.5, 0.5), (0.25, 0.25), data_format='channels_first')",
    setup=_IMG + "x = np.transpose(x, (0, 3, 1, 2))\n")
SNIPPETS["translation_uint8_out_float32"] = _layer("RandomTranslation((0.2, 0.2), (0.0, 0.0))",
                                                   setup=_U8)
SNIPPETS["translation_inference_identity"] = _layer("RandomTranslation(0.5, 0.5)",
                                                    call="x, training=False")

# --- RandomZoom: fixed factors ------------------------------------------------------------------
for mode in ("reflect", "constant", "wrap", "nearest"):
    SNIPPETS[f"zoom_out_{mode}"] = _layer(f"RandomZoom((0.5, 0.5), fill_mode='{mode}')")
SNIPPETS["zoom_in_nearest"] = _layer("RandomZoom((-0.5, -0.5), interpolation='nearest')")
SNIPPETS["zoom_width_factor"] = _layer("RandomZoom((0.2, 0.2), (-0.25, -0.25), "
                                       "fill_mode='constant', fill_value=3.0)")
SNIPPETS["zoom_unbatched"] = _layer("RandomZoom((0.3, 0.3))", call="x[1], training=True")

# --- RandomRotation: fixed angles ---------------------------------------------------------------
SNIPPETS["rotation_90"] = _layer("RandomRotation((0.25, 0.25))", setup=_SQ)
SNIPPETS["rotation_180_nearest"] = _layer("RandomRotation((0.5, 0.5), interpolation='nearest')",
                                          setup=_SQ)
SNIPPETS["rotation_minus_90_constant"] = _layer(
    "RandomRotation((-0.25, -0.25), fill_mode='constant')", setup=_SQ)
SNIPPETS["rotation_30_constant"] = _layer(
    "RandomRotation((1 / 12, 1 / 12), fill_mode='constant', fill_value=-5.0)")
SNIPPETS["rotation_45_reflect"] = _layer("RandomRotation((0.125, 0.125))")
SNIPPETS["rotation_unbatched_wrap"] = _layer("RandomRotation((0.1, 0.1), fill_mode='wrap')",
                                             call="x[0], training=True")
SNIPPETS["rotation_inference_float64"] = _layer("RandomRotation(0.3)",
                                                call="x.astype('float64'), training=False")

# --- RandomFlip ------------------------------------------------------------------------------
SNIPPETS["flip_inference_identity_uint8"] = _layer("RandomFlip()", setup=_U8,
                                                   call="x, training=False")
SNIPPETS["flip_is_a_flip"] = _IMG + """layer = tf.keras.layers.RandomFlip('horizontal')
ok = True
for _ in range(5):
    y = layer(x, training=True).numpy()
    for i in range(2):
        ok = ok and (np.array_equal(y[i], x[i]) or np.array_equal(y[i], x[i, :, ::-1]))
result = ok
"""
SNIPPETS["flip_both_is_both_or_none"] = _IMG + """layer = tf.keras.layers.RandomFlip()
ok = True
for _ in range(5):
    y = layer(x, training=True).numpy()
    for i in range(2):
        ok = ok and (np.array_equal(y[i], x[i]) or np.array_equal(y[i], x[i, ::-1, ::-1]))
result = ok
"""
SNIPPETS["flip_unbatched_shape"] = _layer("RandomFlip('vertical', seed=3)",
                                          call="x[0], training=True") + \
    "result = (result.shape, result.dtype)\n"

# --- colour layers --------------------------------------------------------------------------------
SNIPPETS["brightness_fixed"] = _layer("RandomBrightness((0.2, 0.2))")
SNIPPETS["brightness_negative_clipped"] = _layer("RandomBrightness((-0.1, -0.1), "
                                                 "value_range=(0, 50))")
SNIPPETS["brightness_unit_range"] = _layer("RandomBrightness((0.5, 0.5), value_range=(0, 1))",
                                           setup=_IMG + "x = x / 180.0\n")
SNIPPETS["brightness_uint8_keeps_dtype"] = _layer("RandomBrightness((0.1, 0.1))", setup=_U8)
SNIPPETS["brightness_inference_uint8"] = _layer("RandomBrightness(0.3)", setup=_U8,
                                                call="x, training=False")
SNIPPETS["contrast_identity_factor_clips"] = _layer("RandomContrast(0.0, value_range=(0, 40))")
SNIPPETS["contrast_inference_uint8"] = _layer("RandomContrast(0.5)", setup=_U8,
                                              call="x, training=False")
SNIPPETS["contrast_range"] = _IMG + """y = tf.keras.layers.RandomContrast(0.5)(x, training=True)
m = x.mean(axis=(1, 2), keepdims=True)
f = (y.numpy() - m) / (x - m)
result = (bool(f.min() >= 1.0 - 1e-5), bool(f.max() <= 1.5 + 1e-5), y.dtype)
"""

# --- crops and resizing --------------------------------------------------------------------------
SNIPPETS["center_crop"] = _layer("CenterCrop(3, 4)")
SNIPPETS["center_crop_odd"] = _layer("CenterCrop(2, 3)", setup=_U8)
SNIPPETS["center_crop_unbatched"] = _layer("CenterCrop(4, 2)", call="x[0]")
SNIPPETS["center_crop_upsizes"] = _layer("CenterCrop(8, 4)")
SNIPPETS["center_crop_channels_first"] = _layer(
    "CenterCrop(3, 3, data_format='channels_first')",
    setup=_IMG + "x = np.transpose(x, (0, 3, 1, 2))\n")
SNIPPETS["random_crop_inference_identity"] = _layer("RandomCrop(2, 2)", setup=_U8,
                                                    call="x, training=False")
SNIPPETS["random_crop_small_input"] = _layer("RandomCrop(10, 8)")
SNIPPETS["random_crop_equal_input"] = _layer("RandomCrop(5, 6)", setup=_U8)
SNIPPETS["random_crop_window"] = _IMG + """y = tf.keras.layers.RandomCrop(3, 4)(x, training=True).numpy()
ok = False
for i in range(3):
    for j in range(3):
        ok = ok or np.array_equal(y, x[:, i:i + 3, j:j + 4])
result = (ok, y.shape)
"""
SNIPPETS["resizing_bilinear"] = _layer("Resizing(3, 4)")
SNIPPETS["resizing_nearest"] = _layer("Resizing(7, 9, interpolation='nearest')")
SNIPPETS["resizing_uint8_rounds"] = _layer("Resizing(3, 4)", setup=_U8)
SNIPPETS["resizing_crop_to_aspect"] = _layer("Resizing(4, 4, crop_to_aspect_ratio=True)")
SNIPPETS["resizing_pad_to_aspect"] = _layer("Resizing(4, 4, pad_to_aspect_ratio=True, "
                                            "fill_value=-2.0)")
SNIPPETS["resizing_unbatched"] = _layer("Resizing(2, 3)", call="x[1]")
SNIPPETS["resizing_channels_first"] = _layer(
    "Resizing(2, 2, data_format='channels_first')",
    setup=_IMG + "x = np.transpose(x, (0, 3, 1, 2))\n")
SNIPPETS["resizing_bad_interpolation"] = _layer("Resizing(2, 2, interpolation='cubic')")
SNIPPETS["resizing_bad_fill_mode"] = _layer("Resizing(2, 2, fill_mode='reflect')")

# --- graph mode: tf.function and tf.data ----------------------------------------------------------
SNIPPETS["function_translation"] = _IMG + """layer = tf.keras.layers.RandomTranslation(
    (0.2, 0.2), (0.5, 0.5), fill_mode='constant')
f = tf.function(lambda t: layer(t, training=True))
result = f(tf.constant(x))
"""
SNIPPETS["dataset_map_casts_to_float32"] = _U8 + """layer = tf.keras.layers.RandomZoom(
    (0.5, 0.5))
ds = tf.data.Dataset.from_tensor_slices(x).batch(2).map(lambda t: layer(t, training=True))
result = next(iter(ds))
"""
SNIPPETS["dataset_map_resizing_uint8"] = _U8 + """layer = tf.keras.layers.Resizing(3, 3)
ds = tf.data.Dataset.from_tensor_slices((x, np.arange(2))).map(lambda a, b: (layer(a), b))
result = list(ds)[1]
"""

# --- configs and argument errors ----------------------------------------------------------------
for expr in ("RandomFlip()", "RandomFlip('horizontal', seed=4)", "RandomRotation(0.2)",
             "RandomRotation((-0.1, 0.3), fill_mode='constant', fill_value=1.0)",
             "RandomZoom(0.1)", "RandomZoom((-0.2, 0.3), 0.4, interpolation='nearest')",
             "RandomTranslation(0.1, (0.2, -0.3))", "RandomContrast(0.2)",
             "RandomContrast((0.1, 0.4), value_range=(0, 1))", "RandomBrightness(0.2)",
             "RandomBrightness([-0.3, 0.1], value_range=(1, 0))", "RandomCrop(3, 4)",
             "CenterCrop(3, 4)", "Resizing(3, 4)",
             "Resizing(3, 4, interpolation='nearest', crop_to_aspect_ratio=True)"):
    SNIPPETS[f"config_{expr}"] = _config(expr)
SNIPPETS["from_config_round_trip"] = """layer = tf.keras.layers.RandomZoom((-0.2, 0.3), 0.4)
c = type(layer).from_config(layer.get_config()).get_config()
c.pop('name')
result = c
"""
SNIPPETS["rotation_bad_fill_mode"] = "tf.keras.layers.RandomRotation(0.1, fill_mode='mirror')"
SNIPPETS["rotation_bad_interpolation"] = \
    "tf.keras.layers.RandomRotation(0.1, interpolation='bicubic')"
SNIPPETS["rotation_factor_too_big"] = "tf.keras.layers.RandomRotation(1.5)"
SNIPPETS["rotation_factor_string"] = "tf.keras.layers.RandomRotation('a')"
SNIPPETS["zoom_factor_minus_one"] = "tf.keras.layers.RandomZoom(-1.0)"
SNIPPETS["zoom_factor_three_values"] = "tf.keras.layers.RandomZoom((0.1, 0.2, 0.3))"
SNIPPETS["translation_factor_too_big"] = "tf.keras.layers.RandomTranslation(0.1, 1.2)"
SNIPPETS["contrast_negative_factor"] = "tf.keras.layers.RandomContrast(-0.2)"
SNIPPETS["brightness_value_range_scalar"] = "tf.keras.layers.RandomBrightness(0.1, 255)"
SNIPPETS["flip_rank2_error"] = "tf.keras.layers.RandomFlip()(np.ones((4, 4), 'float32'))"
SNIPPETS["rotation_rank5_error"] = \
    "tf.keras.layers.RandomRotation(0.1)(np.ones((1, 2, 4, 4, 1), 'float32'))"
SNIPPETS["zoom_compute_output_shape"] = \
    "tf.keras.layers.RandomZoom(0.1).compute_output_shape((None, 8, 9, 3))"
SNIPPETS["center_crop_output_shape"] = \
    "tf.keras.layers.CenterCrop(3, 4).compute_output_shape((None, 8, 9, 3))"
SNIPPETS["resizing_output_shape_cf"] = ("tf.keras.layers.Resizing(3, 4, data_format="
                                        "'channels_first').compute_output_shape((2, 3, 8, 9))")

# --- keras.utils image helpers without files --------------------------------------------------------
SNIPPETS["img_to_array_2d"] = "tf.keras.utils.img_to_array(np.arange(6).reshape(2, 3))"
SNIPPETS["img_to_array_cf"] = ("tf.keras.utils.img_to_array(np.ones((2, 3, 4), 'uint8'), "
                               "data_format='channels_first')")
SNIPPETS["img_to_array_dtype"] = ("tf.keras.utils.img_to_array(np.ones((2, 3, 1)), "
                                  "dtype='uint8')")
SNIPPETS["img_to_array_bad_rank"] = "tf.keras.utils.img_to_array(np.ones((2,)))"
# `tf.keras.preprocessing` (image.smart_resize...) is not wired into fluxion.keras yet (the
# lead's __init__): these join SNIPPETS once it is; test_image_utils checks the same values.
SNIPPETS_NOT_WIRED = {}
SNIPPETS_NOT_WIRED["smart_resize_numpy"] = \
    "tf.keras.preprocessing.image.smart_resize(np.arange(60.).reshape(5, 4, 3), (2, 2))"
SNIPPETS_NOT_WIRED["smart_resize_tensor_batch"] = (
    "tf.keras.preprocessing.image.smart_resize(tf.reshape(tf.range(120.), (2, 4, 5, 3)), "
    "(3, 3))")
SNIPPETS_NOT_WIRED["smart_resize_bad_size"] = \
    "tf.keras.preprocessing.image.smart_resize(np.ones((4, 4, 3)), (2, 2, 2))"

# --- image_dataset_from_directory on PNG files written by a tiny zlib writer ----------------------
_PNG_DIR = '''import os, struct, tempfile, zlib
def png(path, pixels):
    h, w, c = pixels.shape
    raw = b"".join(b"\\x00" + pixels[r].astype("uint8").tobytes() for r in range(h))
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    color = {1: 0, 3: 2, 4: 6}[c]
    head = struct.pack(">IIBBBBB", w, h, 8, color, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", head)
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
root = tempfile.mkdtemp()
for k, name in enumerate(["cats", "dogs"]):
    os.makedirs(os.path.join(root, name))
    for i in range(3 + k):
        hw = (6 + i, 8 - i)
        px = (np.arange(hw[0] * hw[1] * 3).reshape(*hw, 3) * (7 + i + 5 * k)) % 251
        png(os.path.join(root, name, f"img{i}.png"), px)
os.makedirs(os.path.join(root, "dogs", "nested"))
png(os.path.join(root, "dogs", "nested", "deep.png"), np.full((5, 5, 3), 9))
open(os.path.join(root, "cats", "notes.txt"), "w").write("not an image")
'''


def _dir_snippet(call: str, take: str = "list(ds)") -> str:
    return (_PNG_DIR + f"ds = tf.keras.utils.image_dataset_from_directory(root, {call})\n"
            f"result = {take}\n")


SNIPPETS["dir_int_labels"] = _dir_snippet("image_size=(4, 5), batch_size=4, shuffle=False")
SNIPPETS["dir_class_names"] = _dir_snippet("shuffle=False", "ds.class_names")
SNIPPETS["dir_file_names"] = _dir_snippet(
    "shuffle=False", "[os.path.relpath(p, root) for p in ds.file_paths]")
SNIPPETS["dir_categorical_grayscale"] = _dir_snippet(
    "label_mode='categorical', color_mode='grayscale', image_size=(3, 3), shuffle=False, "
    "interpolation='nearest'")
SNIPPETS["dir_binary_crop"] = _dir_snippet(
    "label_mode='binary', image_size=(4, 4), crop_to_aspect_ratio=True, shuffle=False, "
    "batch_size=3")
SNIPPETS["dir_no_labels_unbatched"] = _dir_snippet(
    "labels=None, image_size=(2, 3), batch_size=None, shuffle=False", "list(ds)[:2]")
SNIPPETS["dir_validation_split"] = _dir_snippet(
    "validation_split=0.4, subset='both', seed=3, image_size=(2, 2)",
    "[len(ds[0].file_paths), len(ds[1].file_paths), ds[1].class_names, "
    "sorted(os.path.relpath(p, root) for p in ds[0].file_paths + ds[1].file_paths)]")
SNIPPETS["dir_element_spec"] = _dir_snippet("image_size=(4, 5), batch_size=2",
                                            "ds.element_spec")
SNIPPETS["dir_split_needs_seed"] = _dir_snippet("validation_split=0.2, subset='training'")
SNIPPETS["dir_bad_label_mode"] = _dir_snippet("label_mode='sparse'")
SNIPPETS["dir_binary_needs_two_classes"] = _dir_snippet(
    "label_mode='binary', class_names=['cats'], shuffle=False")
SNIPPETS["dir_bad_class_names"] = _dir_snippet("class_names=['cats', 'birds']")
SNIPPETS["dir_shuffled_file_paths"] = _dir_snippet(
    "seed=5", "[os.path.relpath(p, root) for p in ds.file_paths]")
SNIPPETS["dir_shuffled_labels_match_paths"] = _dir_snippet(
    "seed=5, batch_size=None, image_size=(2, 2)",
    "sorted((int(y), tuple(x.numpy()[0, 0])) for x, y in ds)")
SNIPPETS["dir_list_labels"] = _dir_snippet(
    "labels=[3, 1, 3, 1, 3, 1, 2, 2], image_size=(2, 2), shuffle=False, batch_size=8",
    "[ds.class_names, next(iter(ds))[1], [os.path.relpath(p, root) for p in ds.file_paths]]")
SNIPPETS["dir_dict_input_layer"] = _IMG + """out = tf.keras.layers.RandomBrightness((0.1, 0.1))(
    {'images': x, 'labels': np.array([1, 2])}, training=True)
result = (sorted(out), out['images'])
"""
for method in ("bicubic", "area", "lanczos3"):
    SNIPPETS[f"resizing_{method}"] = _layer(f"Resizing(3, 4, interpolation='{method}')")
SNIPPETS["resizing_antialias"] = _layer("Resizing(2, 3, antialias=True)")
SNIPPETS["resizing_uint8_nearest_keeps_dtype"] = _layer("Resizing(7, 3, interpolation='nearest')",
                                                        setup=_U8)
SNIPPETS["resizing_pad_uint8_unbatched"] = _layer("Resizing(6, 3, pad_to_aspect_ratio=True, "
                                                  "fill_value=9)", setup=_U8, call="x[0]")
SNIPPETS["zoom_channels_first_unbatched"] = _layer(
    "RandomZoom((-0.3, -0.3), (0.2, 0.2), data_format='channels_first')",
    setup=_IMG + "x = np.transpose(x[0], (2, 0, 1))\n", call="x, training=True")
SNIPPETS["rotation_float16_policy"] = _layer("RandomRotation((0.25, 0.25), dtype='float16')",
                                             setup=_SQ)

# --- the rarer layers: deterministic settings --------------------------------------------------
SNIPPETS["grayscale_always"] = _layer("RandomGrayscale(1.0)")
SNIPPETS["grayscale_never_uint8"] = _layer("RandomGrayscale(0.0)", setup=_U8)
SNIPPETS["grayscale_uint8"] = _layer("RandomGrayscale(1.0)", setup=_U8)
SNIPPETS["grayscale_channels_first"] = _layer(
    "RandomGrayscale(1.0, data_format='channels_first')",
    setup=_IMG + "x = np.transpose(x, (0, 3, 1, 2))\n")
SNIPPETS["invert_always"] = _layer("RandomInvert((1.0, 1.0), value_range=(0, 200))", setup=_U8)
SNIPPETS["invert_inference"] = _layer("RandomInvert()", setup=_U8, call="x, training=False")
SNIPPETS["auto_contrast"] = _layer("AutoContrast()", setup=_IMG + "x = x / 3 + 10\n")
SNIPPETS["auto_contrast_unit_range"] = _layer(
    "AutoContrast(value_range=(0, 1))", setup=_IMG + "x = x / 1000 + 0.2\n",
    call="x, training=False")
SNIPPETS["auto_contrast_flat_channel"] = _layer(
    "AutoContrast()", setup=_IMG + "x[..., 1] = 7.0\n")
SNIPPETS["solarization_default_inverts"] = _layer("Solarization()", setup=_U8)
SNIPPETS["solarization_inference"] = _layer("Solarization(0.5, 0.5)", setup=_U8,
                                            call="x, training=False")
SNIPPETS["solarization_unit_range"] = _layer("Solarization(value_range=(0, 1))",
                                             setup=_IMG + "x = x / 200\n")
SNIPPETS["shear_is_one_of_two"] = _SQ + """layer = tf.keras.layers.RandomShear(
    x_factor=(1.0, 1.0), interpolation='nearest', fill_mode='constant')
x = x[:, :, :, :1]
plus = np.zeros_like(x)
minus = np.zeros_like(x)
for r in range(4):  # out[r, c] = in[r, c + s * r]
    for c in range(4):
        if c + r < 4:
            plus[0, r, c] = x[0, r, c + r]
        if 0 <= c - r:
            minus[0, r, c] = x[0, r, c - r]
ok, seen = True, set()
for _ in range(12):
    y = layer(x, training=True).numpy()
    ok = ok and (np.array_equal(y, plus) or np.array_equal(y, minus))
    seen.add(bool(np.array_equal(y, plus)))
result = (ok, sorted(seen))
"""
SNIPPETS["shear_inference_uint8"] = _layer("RandomShear(0.3)", setup=_U8,
                                           call="x, training=False")
for expr in ("RandomShear(0.3, (0.1, 0.2), fill_mode='constant')", "RandomGrayscale(0.3)",
             "RandomInvert(0.4, value_range=(0, 1))", "AutoContrast((1, 0))",
             "Solarization((0.1, 0.2), 0.5)"):
    SNIPPETS[f"config_{expr}"] = _config(expr)
SNIPPETS["shear_factor_too_big"] = "tf.keras.layers.RandomShear(1.5)"
SNIPPETS["shear_negative_factor"] = "tf.keras.layers.RandomShear(-0.5)"
SNIPPETS["grayscale_bad_factor"] = "tf.keras.layers.RandomGrayscale(1.5)"
SNIPPETS["solarization_bad_factor"] = "tf.keras.layers.Solarization(2.0)"
SNIPPETS["auto_contrast_bad_range"] = "tf.keras.layers.AutoContrast(255)"
SNIPPETS["invert_factor_is_a_range"] = _U8 + """layer = tf.keras.layers.RandomInvert(1.0)
seen = set()
for _ in range(30):
    y = layer(x, training=True).numpy()
    for i in range(2):
        inv = np.array_equal(y[i], 255.0 - x[i])
        assert inv or np.array_equal(y[i], x[i])
        seen.add(bool(inv))
result = sorted(seen)
"""
SNIPPETS["grayscale_one_channel_identity"] = _layer("RandomGrayscale(1.0)",
                                                    setup=_IMG + "x = x[..., :1]\n")
SNIPPETS["grayscale_two_channels_error"] = _layer("RandomGrayscale(1.0)",
                                                  setup=_IMG + "x = x[..., :2]\n")
