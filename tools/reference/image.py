"""TF2 reference snippets: tf.image (resize, crops, flips, colour) and the image codecs."""

# A deterministic test image batch (no RNG: the same values under any NumPy).
IMG = "(np.sin(np.arange(2 * 5 * 7 * 3) * 0.37).reshape(2, 5, 7, 3).astype(np.float32) * 50 + 60)"
IMG3 = "np.cos(np.arange(6 * 4 * 2) * 0.61).reshape(6, 4, 2).astype(np.float32)"
U8 = "(np.arange(4 * 6 * 3) * 37 % 256).reshape(4, 6, 3).astype(np.uint8)"

SNIPPETS = {}


def _resize_snippets():
    for method in ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5",
                   "gaussian", "mitchellcubic"):
        for size in ((3, 4), (9, 11), (5, 13)):
            for aa in (False, True):
                if method == "lanczos5" and size == (9, 11):
                    continue  # one output cancels to ~0.16 from ~100: float32 noise only
                key = f"resize_{method}_{size[0]}x{size[1]}{'_aa' if aa else ''}"
                SNIPPETS[key] = (f"tf.image.resize({IMG}, {list(size)}, method='{method}', "
                                 f"antialias={aa})")
        SNIPPETS[f"resize_{method}_3d"] = f"tf.image.resize({IMG3}, [4, 3], method='{method}')"
        SNIPPETS[f"resize_{method}_uint8"] = f"tf.image.resize({U8}, [7, 5], method='{method}')"


_resize_snippets()
SNIPPETS.update({
    "resize_float64_gives_float32": "tf.image.resize(np.ones([2, 2, 1]), [3, 3])",
    "resize_nearest_keeps_float64": "tf.image.resize(np.ones([2, 2, 1]), [3, 3], 'nearest')",
    "resize_nearest_int32": "tf.image.resize(np.arange(12).reshape(3, 4, 1).astype(np.int32), "
                            "[5, 2], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)",
    "resize_same_size": f"tf.image.resize({IMG3}, [6, 4])",
    "resize_to_1x1": f"tf.image.resize({IMG3}, [1, 1])",
    "resize_bicubic_1x1_up": f"tf.image.resize({IMG3}[:1, :1], [3, 2], method='bicubic')",
    "resize_aspect": f"tf.image.resize({IMG}, [10, 4], preserve_aspect_ratio=True)",
    "resize_aspect_up": f"tf.image.resize({IMG3}, [30, 30], preserve_aspect_ratio=True)",
    "resize_size_tensor": f"tf.image.resize({IMG3}, tf.constant([2, 3]))",
    "resize_size_tuple": f"tf.image.resize({IMG3}, (2, 3)).shape",
    "resize_zero_size": f"tf.image.resize({IMG3}, [0, 3])",
    "resize_float_size": f"tf.image.resize({IMG3}, [2.0, 3.0])",
    "resize_size_three": f"tf.image.resize({IMG3}, [2, 3, 4])",
    "resize_rank2": "tf.image.resize(np.ones([4, 4], np.float32), [2, 2])",
    "resize_rank5": "tf.image.resize(np.ones([1, 1, 4, 4, 1], np.float32), [2, 2])",
    "resize_bad_method": f"tf.image.resize({IMG3}, [2, 2], method='cubic')",
    "resize_method_names": "[tf.image.ResizeMethod.BILINEAR, tf.image.ResizeMethod.NEAREST_NEIGHBOR,"
                           " tf.image.ResizeMethod.BICUBIC, tf.image.ResizeMethod.AREA,"
                           " tf.image.ResizeMethod.LANCZOS3, tf.image.ResizeMethod.LANCZOS5,"
                           " tf.image.ResizeMethod.GAUSSIAN, tf.image.ResizeMethod.MITCHELLCUBIC]",
    "resize_in_function": f"""
f = tf.function(lambda x: tf.image.resize(x, [3, 5]))
result = f(tf.constant({IMG3}))
""",
    "resize_gradient_bilinear": f"""
x = tf.constant({IMG3})
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.image.resize(x, [4, 7])
    loss = tf.reduce_sum(y * tf.reshape(tf.range(56, dtype=tf.float32), [4, 7, 2]))
result = tape.gradient(loss, x)
""",
    "resize_gradient_nearest": f"""
x = tf.constant({IMG3})
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.image.resize(x, [4, 7], method='nearest')
    loss = tf.reduce_sum(y * tf.reshape(tf.range(56, dtype=tf.float32), [4, 7, 2]))
result = tape.gradient(loss, x)
""",
    "resize_gradient_bicubic": f"""
x = tf.constant({IMG3})
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.image.resize(x, [9, 3], method='bicubic')
    loss = tf.reduce_sum(y * tf.reshape(tf.range(54, dtype=tf.float32), [9, 3, 2]))
result = tape.gradient(loss, x)
""",
    "resize_gradient_antialias": f"""
x = tf.constant({IMG3})
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.image.resize(x, [4, 3], antialias=True)
    loss = tf.reduce_sum(y * tf.reshape(tf.range(24, dtype=tf.float32), [4, 3, 2]))
result = tape.gradient(loss, x)
""",
    # crops and pads
    "crop_to_bounding_box": f"tf.image.crop_to_bounding_box({IMG}, 1, 2, 3, 4)",
    "crop_to_bounding_box_3d": f"tf.image.crop_to_bounding_box({IMG3}, 2, 1, 3, 2)",
    "crop_to_bounding_box_too_big": f"tf.image.crop_to_bounding_box({IMG3}, 2, 1, 5, 2)",
    "crop_to_bounding_box_negative": f"tf.image.crop_to_bounding_box({IMG3}, -1, 1, 2, 2)",
    "crop_to_bounding_box_zero": f"tf.image.crop_to_bounding_box({IMG3}, 0, 0, 0, 2)",
    "pad_to_bounding_box": f"tf.image.pad_to_bounding_box({IMG3}, 1, 2, 8, 7)",
    "pad_to_bounding_box_4d": f"tf.image.pad_to_bounding_box({IMG}, 0, 1, 6, 9)",
    "pad_to_bounding_box_uint8": f"tf.image.pad_to_bounding_box({U8}, 1, 1, 6, 8)",
    "pad_to_bounding_box_too_small": f"tf.image.pad_to_bounding_box({IMG3}, 1, 2, 6, 7)",
    "resize_with_crop_or_pad_crop": f"tf.image.resize_with_crop_or_pad({IMG}, 3, 4)",
    "resize_with_crop_or_pad_pad": f"tf.image.resize_with_crop_or_pad({IMG3}, 9, 7)",
    "resize_with_crop_or_pad_mixed": f"tf.image.resize_with_crop_or_pad({IMG3}, 3, 7)",
    "resize_with_crop_or_pad_uint8": f"tf.image.resize_with_crop_or_pad({U8}, 5, 3)",
    "resize_with_crop_or_pad_zero": f"tf.image.resize_with_crop_or_pad({IMG3}, 0, 3)",
    "resize_with_pad": f"tf.image.resize_with_pad({IMG3}, 5, 5)",
    "resize_with_pad_4d": f"tf.image.resize_with_pad({IMG}, 8, 6)",
    "resize_with_pad_nearest_uint8": f"tf.image.resize_with_pad({U8}, 6, 6, method='nearest')",
    "resize_with_pad_uint8": f"tf.image.resize_with_pad({U8}, 7, 9)",
    "central_crop_half": f"tf.image.central_crop({IMG}, 0.5)",
    "central_crop_3d": f"tf.image.central_crop({IMG3}, 0.7)",
    "central_crop_one": f"tf.image.central_crop({U8}, 1.0)",
    "central_crop_bad": f"tf.image.central_crop({IMG3}, 0.0)",
    "central_crop_over": f"tf.image.central_crop({IMG3}, 1.5)",
})

SNIPPETS.update({
    "flip_left_right_3d": f"tf.image.flip_left_right({IMG3})",
    "flip_left_right_4d": f"tf.image.flip_left_right({IMG})",
    "flip_left_right_uint8": f"tf.image.flip_left_right({U8})",
    "flip_up_down_3d": f"tf.image.flip_up_down({IMG3})",
    "flip_up_down_4d": f"tf.image.flip_up_down({IMG})",
    "flip_rank2": "tf.image.flip_left_right(np.ones([4, 4]))",
    "flip_rank5": "tf.image.flip_up_down(np.ones([1, 1, 2, 3, 1]))",
    "transpose_3d": f"tf.image.transpose({IMG3})",
    "transpose_4d": f"tf.image.transpose({IMG})",
    "rot90_default": f"tf.image.rot90({IMG3})",
    "rot90_k2": f"tf.image.rot90({IMG3}, k=2)",
    "rot90_k3_4d": f"tf.image.rot90({IMG}, k=3)",
    "rot90_k_negative": f"tf.image.rot90({U8}, k=-1)",
    "rot90_k4": f"tf.image.rot90({U8}, 4)",
    "rot90_rank2": "tf.image.rot90(np.ones([4, 4]))",
    "random_flip_shape_dtype": f"tf.image.random_flip_left_right({U8}).shape",
    "random_flip_ud_dtype": f"tf.image.random_flip_up_down({U8}, seed=3).dtype",
    "random_flip_rank2": "tf.image.random_flip_left_right(np.ones([4, 4]))",
    "random_flip_is_flip_or_same": f"""
x = tf.constant({IMG})
y = tf.image.random_flip_left_right(x, seed=1)
same = tf.reduce_all(tf.equal(y, x), axis=[1, 2, 3])
flipped = tf.reduce_all(tf.equal(y, tf.image.flip_left_right(x)), axis=[1, 2, 3])
result = tf.reduce_all(tf.logical_or(same, flipped))
""",
    "stateless_flip_shape": f"tf.image.stateless_random_flip_up_down({IMG}, seed=[1, 2]).shape",
    "stateless_flip_deterministic": f"""
a = tf.image.stateless_random_flip_left_right({IMG}, seed=(4, 5))
b = tf.image.stateless_random_flip_left_right({IMG}, seed=(4, 5))
result = tf.reduce_all(tf.equal(a, b))
""",
    "random_crop_shape": f"tf.image.random_crop({IMG3}, [3, 2, 2]).shape",
    "random_crop_dtype": f"tf.image.random_crop({U8}, [2, 2, 3]).dtype",
    "random_crop_full": f"tf.image.random_crop({IMG3}, [6, 4, 2])",
    "random_crop_too_big": "tf.image.random_crop(np.ones((3, 3)), [4, 2])",
    "random_crop_rank": "tf.image.random_crop(np.ones((3, 3)), [2])",
    "random_crop_is_window": """
x = tf.reshape(tf.range(6 * 5), [6, 5])
y = tf.image.random_crop(x, [3, 2], seed=7)
start = y[0, 0]
result = tf.reduce_all(tf.equal(y - start, tf.constant([[0, 1], [5, 6], [10, 11]])))
""",
    "stateless_random_crop": f"tf.image.stateless_random_crop({IMG3}, [2, 2, 2], seed=[1, 1]).shape",
})

F01 = "((np.sin(np.arange(3 * 4 * 3) * 1.3).reshape(3, 4, 3).astype(np.float32) + 1) / 2)"
SNIPPETS.update({
    "convert_u8_to_f32": f"tf.image.convert_image_dtype({U8}, tf.float32)",
    "convert_u8_to_f64": f"tf.image.convert_image_dtype({U8}, tf.float64)",
    "convert_u8_to_f16": f"tf.image.convert_image_dtype({U8}, tf.float16)",
    "convert_f32_to_u8": f"tf.image.convert_image_dtype({F01}, tf.uint8)",
    "convert_f32_to_u8_out_of_range": "tf.image.convert_image_dtype(np.array([-0.5, 0.0, 0.4,"
                                      " 1.0, 1.5], np.float32), tf.uint8, saturate=True)",
    "convert_f32_to_i32": f"tf.image.convert_image_dtype({F01}, tf.int32)",
    "convert_f32_to_i16": f"tf.image.convert_image_dtype({F01}, tf.int16, saturate=True)",
    "convert_f32_to_f64": f"tf.image.convert_image_dtype({F01}, tf.float64)",
    "convert_same": f"tf.image.convert_image_dtype({U8}, tf.uint8)",
    "convert_u8_to_i32": f"tf.image.convert_image_dtype({U8}, tf.int32)",
    "convert_u8_to_u16": f"tf.image.convert_image_dtype({U8}, tf.uint16)",
    "convert_i32_to_u8": "tf.image.convert_image_dtype(np.array([0, 2**24, 2**31 - 1], "
                         "np.int32), tf.uint8)",
    "convert_u16_to_u8": "tf.image.convert_image_dtype(np.array([0, 255, 256, 65535], "
                         "np.uint16), tf.uint8)",
    "convert_i8_to_u8_saturate": "tf.image.convert_image_dtype(np.array([-128, -1, 0, 127], "
                                 "np.int8), tf.uint8, saturate=True)",
    "convert_i32_to_f32": "tf.image.convert_image_dtype(np.array([0, 2**30, 2**31 - 1], "
                          "np.int32), tf.float32)",
    "convert_to_bool": f"tf.image.convert_image_dtype({U8}, tf.bool)",
    "per_image_standardization": f"tf.image.per_image_standardization({IMG})",
    "per_image_standardization_u8": f"tf.image.per_image_standardization({U8})",
    "per_image_standardization_f64": "tf.image.per_image_standardization(np.arange(12.0)"
                                     ".reshape(2, 2, 3))",
    "per_image_standardization_const": "tf.image.per_image_standardization(np.ones((2, 2, 3),"
                                       " np.float32))",
    "adjust_brightness": f"tf.image.adjust_brightness({F01}, 0.2)",
    "adjust_brightness_u8": f"tf.image.adjust_brightness({U8}, 0.1)",
    "adjust_brightness_u8_neg": f"tf.image.adjust_brightness({U8}, -0.3)",
    "adjust_brightness_f64": "tf.image.adjust_brightness(np.array([[[0.5]]]), 0.25)",
    "adjust_contrast": f"tf.image.adjust_contrast({F01}, 1.7)",
    "adjust_contrast_4d": f"tf.image.adjust_contrast({IMG}, 0.4)",
    "adjust_contrast_u8": f"tf.image.adjust_contrast({U8}, 2.0)",
    "adjust_gamma": f"tf.image.adjust_gamma({F01}, 2.2)",
    "adjust_gamma_gain": f"tf.image.adjust_gamma({F01}, 0.5, gain=1.5)",
    "adjust_gamma_u8": f"tf.image.adjust_gamma({U8}, 0.7)",
    "adjust_gamma_negative": f"tf.image.adjust_gamma({F01}, -1.0)",
    "adjust_saturation": f"tf.image.adjust_saturation({F01}, 0.5)",
    "adjust_saturation_up": f"tf.image.adjust_saturation({F01}, 3.0)",
    "adjust_saturation_u8": f"tf.image.adjust_saturation({U8}, 1.5)",
    "adjust_hue": f"tf.image.adjust_hue({F01}, 0.2)",
    "adjust_hue_negative": f"tf.image.adjust_hue({F01}, -0.7)",
    "adjust_hue_u8": f"tf.image.adjust_hue({U8}, 0.4)",
    "rgb_to_grayscale": f"tf.image.rgb_to_grayscale({F01})",
    "rgb_to_grayscale_u8": f"tf.image.rgb_to_grayscale({U8})",
    "rgb_to_grayscale_4d": f"tf.image.rgb_to_grayscale({IMG})",
    "grayscale_to_rgb": f"tf.image.grayscale_to_rgb(tf.constant({IMG3}[..., :1]))",
    "grayscale_to_rgb_bad": f"tf.image.grayscale_to_rgb(tf.constant({IMG3}))",
    "grayscale_to_rgb_rank1": "tf.image.grayscale_to_rgb(tf.ones([2]))",
    "rgb_to_yuv_int": f"tf.image.rgb_to_yuv({U8})",
    "rgb_to_yuv_f64": f"tf.image.rgb_to_yuv({F01}.astype(np.float64))",
    "hsv_to_rgb_int": "tf.image.hsv_to_rgb(np.ones((2, 3), np.uint8))",
    "adjust_hue_out_of_range": f"tf.image.adjust_hue({F01}, 1.5)",
    "per_image_standardization_f16": "tf.image.per_image_standardization(np.arange(12)"
                                     ".reshape(2, 2, 3).astype(np.float16))",
    "rgb_to_hsv": f"tf.image.rgb_to_hsv({F01})",
    "rgb_to_hsv_gray_black": "tf.image.rgb_to_hsv(np.array([[0.0, 0, 0], [0.5, 0.5, 0.5],"
                             " [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1]], np.float32))",
    "rgb_to_hsv_f64": f"tf.image.rgb_to_hsv({F01}.astype(np.float64))",
    "rgb_to_hsv_int": f"tf.image.rgb_to_hsv({U8})",
    "hsv_to_rgb": f"tf.image.hsv_to_rgb({F01})",
    "hsv_roundtrip": f"tf.image.hsv_to_rgb(tf.image.rgb_to_hsv({F01}))",
    "rgb_to_yuv": f"tf.image.rgb_to_yuv({F01})",
    "yuv_to_rgb": f"tf.image.yuv_to_rgb({F01})",
    "rgb_to_yiq": f"tf.image.rgb_to_yiq({F01})",
    "yiq_to_rgb": f"tf.image.yiq_to_rgb({F01})",
    "random_brightness_range": f"""
x = tf.constant({F01})
y = tf.image.random_brightness(x, 0.2)
d = y - x
result = [tf.reduce_max(tf.abs(d)) <= 0.2, tf.reduce_max(d) - tf.reduce_min(d) < 1e-5]
""",
    "random_brightness_negative": f"tf.image.random_brightness({F01}, -0.1)",
    "random_contrast_bad": f"tf.image.random_contrast({F01}, 0.5, 0.2)",
    "random_contrast_negative": f"tf.image.random_contrast({F01}, -0.5, 0.2)",
    "random_contrast_shape": f"tf.image.random_contrast({U8}, 0.5, 1.5).shape",
    "random_saturation_dtype": f"tf.image.random_saturation({U8}, 0.5, 1.5).dtype",
    "random_hue_too_big": f"tf.image.random_hue({F01}, 0.6)",
    "random_hue_shape": f"tf.image.random_hue({F01}, 0.1).shape",
    "stateless_random_brightness": f"""
a = tf.image.stateless_random_brightness({F01}, 0.3, seed=(1, 2))
b = tf.image.stateless_random_brightness({F01}, 0.3, seed=(1, 2))
result = tf.reduce_all(tf.equal(a, b))
""",
    "stateless_random_contrast_shape": f"tf.image.stateless_random_contrast({IMG}, 0.2, 0.5, "
                                       "seed=[3, 4]).shape",
    "stateless_random_hue_dtype": f"tf.image.stateless_random_hue({U8}, 0.2, [5, 6]).dtype",
    "stateless_random_saturation_shape": f"tf.image.stateless_random_saturation({F01}, 0.2, 0.5,"
                                         " [3, 4]).shape",
})

# Builds PNG files the way any encoder may: every filter type (cycling per row), bit depths
# 1-16, palettes, tRNS and Adam7 interlacing; TF decodes them with libpng.
PNG_HELPER = '''
import struct, zlib
def _chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
def _filter(kind, row, prev, bpp):
    out = bytearray(len(row))
    for i in range(len(row)):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if kind == 0: p = 0
        elif kind == 1: p = a
        elif kind == 2: p = b
        elif kind == 3: p = (a + b) // 2
        else:
            q = a + b - c
            pa, pb, pc = abs(q - a), abs(q - b), abs(q - c)
            p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
        out[i] = (row[i] - p) % 256
    return bytes([kind]) + bytes(out)
def _rows(samples, depth):
    h, w, s = samples.shape
    if depth == 16:
        return [samples[y].astype(">u2").tobytes() for y in range(h)]
    if depth == 8:
        return [samples[y].astype(np.uint8).tobytes() for y in range(h)]
    bits = [np.unpackbits(samples[y].reshape(-1, 1).astype(np.uint8), axis=1)[:, 8 - depth:]
            for y in range(h)]
    return [np.packbits(b.reshape(-1)).tobytes() for b in bits]
def make_png(samples, depth, ctype, interlace=0, plte=None, trns=None, start=0):
    h, w, s = samples.shape
    bpp = max(1, depth * s // 8)
    passes = [(0, 0, 8, 8), (0, 4, 8, 8), (4, 0, 8, 4), (0, 2, 4, 4), (2, 0, 4, 2),
              (0, 1, 2, 2), (1, 0, 2, 1)] if interlace else [(0, 0, 1, 1)]
    raw, k = b"", start
    for r0, c0, dr, dc in passes:
        sub = samples[r0::dr, c0::dc]
        if sub.size == 0:
            continue
        prev = bytes(len(_rows(sub[:1], depth)[0]))
        for row in _rows(sub, depth):
            raw += _filter(k % 5, row, prev, bpp)
            prev, k = row, k + 1
    out = b"\\x89PNG\\r\\n\\x1a\\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype,
                                                             0, 0, interlace))
    if plte is not None:
        out += _chunk(b"PLTE", np.asarray(plte, np.uint8).tobytes())
    if trns is not None:
        out += _chunk(b"tRNS", trns)
    half = len(raw) // 2
    z = zlib.compressobj()
    data = z.compress(raw) + z.flush()
    return out + _chunk(b"IDAT", data[:10]) + _chunk(b"IDAT", data[10:]) + _chunk(b"IEND", b"")
def pattern(h, w, s, top):
    return (np.arange(h * w * s).reshape(h, w, s) * 7919 % (top + 1)).astype(np.uint16)
'''


def _png(name: str, build: str, decode: str = "tf.io.decode_png(data)") -> None:
    SNIPPETS[f"png_{name}"] = PNG_HELPER + f"data = {build}\nresult = {decode}\n"


_png("rgb8", "make_png(pattern(5, 7, 3, 255), 8, 2)")
_png("rgb8_interlaced", "make_png(pattern(11, 13, 3, 255), 8, 2, interlace=1)")
_png("rgba8", "make_png(pattern(4, 9, 4, 255), 8, 6, start=2)")
_png("gray8", "make_png(pattern(6, 5, 1, 255), 8, 0)")
_png("gray_alpha8", "make_png(pattern(6, 5, 2, 255), 8, 4)")
_png("gray1", "make_png(pattern(5, 11, 1, 1), 1, 0)")
_png("gray2_interlaced", "make_png(pattern(9, 10, 1, 3), 2, 0, interlace=1)")
_png("gray4", "make_png(pattern(3, 7, 1, 15), 4, 0)")
_png("rgb16", "make_png(pattern(4, 5, 3, 65535), 16, 2)",
     "tf.io.decode_png(data, dtype=tf.uint16)")
_png("rgb16_as_uint8", "make_png(pattern(4, 5, 3, 65535), 16, 2)")
_png("rgba16_interlaced", "make_png(pattern(9, 9, 4, 65535), 16, 6, interlace=1)",
     "tf.io.decode_png(data, dtype=tf.uint16)")
_png("gray16", "make_png(pattern(4, 5, 1, 65535), 16, 0)",
     "tf.io.decode_png(data, dtype=tf.uint16)")
_png("rgb8_as_uint16", "make_png(pattern(4, 5, 3, 255), 8, 2)",
     "tf.io.decode_png(data, dtype=tf.uint16)")
PALETTE = "(np.arange(16 * 3).reshape(16, 3) * 37 % 256)"
_png("palette4", f"make_png(pattern(5, 6, 1, 15), 4, 3, plte={PALETTE})")
_png("palette8_trns", f"make_png(pattern(5, 6, 1, 15), 8, 3, plte={PALETTE}, "
     "trns=bytes([0, 128, 255, 7]))")
_png("palette1_interlaced", f"make_png(pattern(7, 9, 1, 1), 1, 3, interlace=1, "
     f"plte={PALETTE}[:2])")
_png("palette_trns_rgb", f"make_png(pattern(5, 6, 1, 15), 8, 3, plte={PALETTE}, "
     "trns=bytes([0, 128]))", "tf.io.decode_png(data, channels=3)")
_png("gray_trns_alpha", "make_png(pattern(4, 6, 1, 255), 8, 0, trns=bytes([0, 0]))",
     "tf.io.decode_png(data, channels=4)")
_png("gray_trns_default", "make_png(pattern(4, 6, 1, 255), 8, 0, trns=bytes([0, 0]))")
_png("rgb_trns_rgba", "make_png(pattern(4, 6, 3, 255), 8, 2, trns=bytes([0, 0, 0, 7, 0, 14]))",
     "tf.io.decode_png(data, channels=4)")
_png("rgb_to_gray", "make_png(pattern(4, 6, 3, 255), 8, 2)", "tf.io.decode_png(data, channels=1)")
_png("rgb16_to_gray", "make_png(pattern(4, 6, 3, 65535), 16, 2)",
     "tf.io.decode_png(data, channels=1, dtype=tf.uint16)")
_png("rgba_to_rgb", "make_png(pattern(4, 6, 4, 255), 8, 6)", "tf.io.decode_png(data, channels=3)")
_png("rgba_to_gray", "make_png(pattern(4, 6, 4, 255), 8, 6)", "tf.io.decode_png(data, channels=1)")
_png("gray_to_rgba", "make_png(pattern(4, 6, 1, 255), 8, 0)", "tf.io.decode_png(data, channels=4)")
_png("gray_alpha_to_rgb", "make_png(pattern(4, 6, 2, 255), 8, 4)",
     "tf.io.decode_png(data, channels=3)")
_png("gray1_to_rgb", "make_png(pattern(3, 6, 1, 1), 1, 0)", "tf.io.decode_png(data, channels=3)")
_png("decode_image_float", "make_png(pattern(4, 5, 3, 255), 8, 2)",
     "tf.io.decode_image(data, dtype=tf.float32)")
_png("decode_image_float16bit", "make_png(pattern(4, 5, 3, 65535), 16, 2)",
     "tf.io.decode_image(data, dtype=tf.float32)")
_png("decode_image_uint8_16bit", "make_png(pattern(4, 5, 3, 65535), 16, 2)",
     "tf.io.decode_image(data)")
_png("decode_image_uint16", "make_png(pattern(4, 5, 3, 255), 8, 2)",
     "tf.io.decode_image(data, dtype=tf.uint16)")
_png("decode_jpeg_reads_png", "make_png(pattern(4, 5, 3, 255), 8, 2)", "tf.io.decode_jpeg(data)")
_png("decode_image_channels", "make_png(pattern(4, 5, 4, 255), 8, 6)",
     "tf.image.decode_image(data, channels=3, expand_animations=False)")
_png("is_jpeg", "make_png(pattern(4, 5, 3, 255), 8, 2)", "tf.io.is_jpeg(data)")
_png("truncated", "make_png(pattern(4, 5, 3, 255), 8, 2)[:60]")
_png("bad_channels", "make_png(pattern(4, 5, 3, 255), 8, 2)",
     "tf.io.decode_png(data, channels=2)")
_png("bad_dtype", "make_png(pattern(4, 5, 3, 255), 8, 2)",
     "tf.io.decode_png(data, dtype=tf.float32)")
_png("in_function", "make_png(pattern(4, 5, 3, 255), 8, 2)",
     "tf.function(lambda s: tf.io.decode_png(s, channels=1))(tf.constant(data))")
SNIPPETS.update({
    "png_garbage": "tf.io.decode_png(b'garbage')",
    "decode_image_garbage": "tf.io.decode_image(b'garbage')",
    "png_not_scalar": "tf.io.decode_png(tf.constant([b'a', b'b']))",
    "encode_png_roundtrip": f"tf.io.decode_png(tf.io.encode_png({U8}))",
    "encode_png_gray_alpha": f"tf.io.decode_png(tf.io.encode_png({U8}[..., :2]))",
    "encode_png_uint16": "tf.io.decode_png(tf.io.encode_png((np.arange(24) * 2731).reshape(2, 4, 3)"
                         ".astype(np.uint16)), dtype=tf.uint16)",
    "encode_png_spec": f"tf.io.encode_png({U8}).shape",
    "encode_png_float": "tf.io.encode_png(np.zeros((2, 2, 3), np.float32))",
    "encode_png_rank2": "tf.io.encode_png(np.zeros((2, 2), np.uint8))",
    "encode_png_5_channels": "tf.io.encode_png(np.zeros((2, 2, 5), np.uint8))",
    "encode_png_compression": f"tf.io.decode_png(tf.io.encode_png({U8}, compression=9))",
    "read_file_missing": "tf.io.read_file('/nonexistent/fluxion_image_test')",
    "write_read_file": """
import tempfile, os
path = os.path.join(tempfile.mkdtemp(), 'sub', 'f.bin')
tf.io.write_file(path, b'hello')
result = tf.io.read_file(path)
""",
    "write_file_returns_none": """
import tempfile, os
result = tf.io.write_file(os.path.join(tempfile.mkdtemp(), 'f.bin'), 'text') is None
""",
})

B = "np.array([[0.1, 0.2, 0.7, 0.9], [0.0, 0.0, 1.0, 1.0], [0.5, 0.6, 0.2, 0.1], " \
    "[-0.2, 0.3, 0.4, 1.3]], np.float32)"
NMS_BOXES = "np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11], " \
            "[0, 10.1, 1, 11.1], [0, 100, 1, 101]], np.float32)"
NMS_SCORES = "np.array([0.9, 0.75, 0.6, 0.95, 0.5, 0.3], np.float32)"
SNIPPETS.update({
    "psnr": f"tf.image.psnr({IMG}, {IMG} + 3.0, max_val=255.0)",
    "psnr_uint8": f"tf.image.psnr({U8}, {U8} // 2, max_val=255)",
    "psnr_3d": f"tf.image.psnr({F01}, {F01} * 0.9, 1.0)",
    "psnr_shape_mismatch": f"tf.image.psnr({F01}, {F01}[:2], 1.0)",
    "ssim": "tf.image.ssim(np.sin(np.arange(2 * 16 * 15 * 3) * 0.1).reshape(2, 16, 15, 3)"
            ".astype(np.float32), np.cos(np.arange(2 * 16 * 15 * 3) * 0.1).reshape(2, 16, 15, 3)"
            ".astype(np.float32), max_val=2.0)",
    "ssim_same": "tf.image.ssim(np.sin(np.arange(12 * 12 * 1) * 0.3).reshape(12, 12, 1)"
                 ".astype(np.float32), np.sin(np.arange(12 * 12 * 1) * 0.3).reshape(12, 12, 1)"
                 ".astype(np.float32), 1.0)",
    "ssim_small_filter": "tf.image.ssim(np.sin(np.arange(7 * 8 * 2) * 0.3).reshape(7, 8, 2)"
                         ".astype(np.float32), np.cos(np.arange(7 * 8 * 2) * 0.2).reshape(7, 8, 2)"
                         ".astype(np.float32), 1.0, filter_size=3, filter_sigma=0.8)",
    "ssim_uint8": "tf.image.ssim((np.arange(12 * 11 * 3) * 7 % 256).reshape(12, 11, 3)"
                  ".astype(np.uint8), (np.arange(12 * 11 * 3) * 5 % 256).reshape(12, 11, 3)"
                  ".astype(np.uint8), 255)",
    "ssim_index_map": "tf.image.ssim(np.sin(np.arange(7 * 8 * 2) * 0.3).reshape(7, 8, 2)"
                      ".astype(np.float32), np.cos(np.arange(7 * 8 * 2) * 0.2).reshape(7, 8, 2)"
                      ".astype(np.float32), 1.0, filter_size=3, return_index_map=True)",
    "total_variation_3d": f"tf.image.total_variation(tf.constant({IMG3}))",
    "total_variation_4d": f"tf.image.total_variation(tf.constant({IMG}))",
    "total_variation_int": f"tf.image.total_variation(tf.constant({U8}.astype(np.int32)))",
    "total_variation_rank2": "tf.image.total_variation(tf.ones((3, 3)))",
    "image_gradients": f"tf.image.image_gradients(tf.constant({IMG}))",
    "image_gradients_3d": f"tf.image.image_gradients(tf.constant({IMG3}))",
    "sobel_edges": f"tf.image.sobel_edges(tf.constant({IMG}))",
    "sobel_edges_f64": f"tf.image.sobel_edges(tf.constant({IMG}.astype(np.float64)[:, :4, :3]))",
    "extract_patches_valid": f"tf.image.extract_patches({IMG}, [1, 2, 3, 1], [1, 2, 2, 1], "
                             "[1, 1, 1, 1], 'VALID')",
    "extract_patches_same": f"tf.image.extract_patches({IMG}, [1, 3, 2, 1], [1, 2, 3, 1], "
                            "[1, 1, 1, 1], 'SAME')",
    "extract_patches_rates": f"tf.image.extract_patches({IMG}, [1, 2, 2, 1], [1, 1, 1, 1], "
                             "[1, 2, 3, 1], 'VALID')",
    "extract_patches_same_rates": f"tf.image.extract_patches({U8}[None], [1, 3, 3, 1], "
                                  "[1, 2, 2, 1], [1, 2, 1, 1], 'SAME')",
    "crop_and_resize": f"tf.image.crop_and_resize({IMG}, {B}, [0, 1, 1, 0], [3, 4])",
    "crop_and_resize_nearest": f"tf.image.crop_and_resize({IMG}, {B}, [1, 0, 0, 1], [4, 3], "
                               "method='nearest')",
    "crop_and_resize_1x1": f"tf.image.crop_and_resize({IMG}, {B}, [0, 1, 1, 0], [1, 1])",
    "crop_and_resize_extrapolate": f"tf.image.crop_and_resize({IMG}, {B}, [0, 0, 1, 1], [3, 5], "
                                   "extrapolation_value=-1.0)",
    "crop_and_resize_uint8": f"tf.image.crop_and_resize({U8}[None], {B}[:2], [0, 0], [2, 2])",
    "crop_and_resize_grad": f"""
img = tf.constant({IMG})
boxes = tf.constant({B})
with tf.GradientTape() as tape:
    tape.watch([img, boxes])
    y = tf.image.crop_and_resize(img, boxes, [0, 1, 1, 0], [3, 4])
    loss = tf.reduce_sum(y * tf.reshape(tf.range(4 * 3 * 4 * 3, dtype=tf.float32), [4, 3, 4, 3]))
result = tape.gradient(loss, img)
""",
    "nms": f"tf.image.non_max_suppression({NMS_BOXES}, {NMS_SCORES}, 3)",
    "nms_threshold": f"tf.image.non_max_suppression({NMS_BOXES}, {NMS_SCORES}, 10, 0.5, 0.4)",
    "nms_iou_low": f"tf.image.non_max_suppression({NMS_BOXES}, {NMS_SCORES}, 10, 0.0)",
    "nms_iou_high": f"tf.image.non_max_suppression({NMS_BOXES}, {NMS_SCORES}, 10, 1.0)",
    "nms_with_scores": f"tf.image.non_max_suppression_with_scores({NMS_BOXES}, {NMS_SCORES}, 4)",
    "nms_flipped_corners": "tf.image.non_max_suppression(np.array([[1, 1, 0, 0], [0, 0, 1, 0.9]],"
                           " np.float32), np.array([0.5, 0.6], np.float32), 2)",
    "nms_padded": f"tf.image.non_max_suppression_padded({NMS_BOXES}, {NMS_SCORES}, 5, "
                  "pad_to_max_output_size=True)",
    "nms_empty": "tf.image.non_max_suppression(np.zeros((0, 4), np.float32), "
                 "np.zeros((0,), np.float32), 3)",
    "nms_bad_iou": f"tf.image.non_max_suppression({NMS_BOXES}, {NMS_SCORES}, 3, 1.5)",
})
SNIPPETS.update({
    "rgb_to_hsv_tensor_f64": f"tf.image.rgb_to_hsv(tf.constant({F01}, tf.float64))",
    "rgb_to_hsv_tensor_int": "tf.image.rgb_to_hsv(tf.ones((2, 3), tf.int32))",
    "hsv_to_rgb_tensor_f64": f"tf.image.hsv_to_rgb(tf.constant({F01}, tf.float64))",
    "psnr_rank2": "tf.image.psnr(np.ones((3, 3), np.float32), np.ones((3, 3), np.float32), 1.0)",
})
# JPEG files written by TF 2.21's encode_jpeg (libjpeg-turbo), base64
JPEGS = {
    "c420": (
        "/9j/4AAQSkZJRgABAQEBLAEsAAD/2wBDAAIBAQEBAQIBAQECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJ"
        "BwYGCAsICQoKCgoKBggLDAsKDAkKCgr/2wBDAQICAgICAgUDAwUKBwYHCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoK"
        "CgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgr/wAARCAANABUDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAA"
        "AAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAk"
        "M2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKT"
        "lJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QA"
        "HwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdh"
        "cRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hp"
        "anN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk"
        "5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDf+DH/AAUW8ceIPDEQufDkuUgDqVhLHhg2cKNxwMZPQkEdxXhv"
        "xo/4KLPL4nWzsPCAvltpMSyLbBY7dQQSUZcqcBckgEbep9PvH4afsb/BpPhIt8+iqi6mBBItsvlsqqnA3ZII+cZ4"
        "BO0gkhsDwX9pf9iT4H6LeXNvZ6GDaWGq/ZrayeNfL3JFPvkbABYt5QwMjYCMHg5/IvDXLvBXK8LSqzyuLq1KUajn"
        "KCm7yTfLFOM4xUY6ylKE+ZyjGMY2lMvx44m8Kanh9gqX1CcbWSs/Ndn1fmkvwfBfB7/gprf2PhkXFj4b00tcBGkJ"
        "sJbs4xx86oy8g54A+9g5I4K+ifhD+xZ8HLLRZtLm8P2N4tqYkU32nrIAfKUkouQsYwQMKOdoySaK+9zHKvCieZYj"
        "l4bw9S1Sabm5QleM2mnGHNBcrTj7j5NLxsrJZ8G8W+C/+q2D58FVvyLs9Om6b27n/9k="
    ),
    "c444": (
        "/9j/4AAQSkZJRgABAQEBLAEsAAD/2wBDAAIBAQEBAQIBAQECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJ"
        "BwYGCAsICQoKCgoKBggLDAsKDAkKCgr/2wBDAQICAgICAgUDAwUKBwYHCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoK"
        "CgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgr/wAARCAANABUDAREAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAA"
        "AAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAk"
        "M2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKT"
        "lJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QA"
        "HwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdh"
        "cRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hp"
        "anN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk"
        "5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDf+DH/AAUW8ceIPDEQufDkuUgDqVhLHhg2cKNxwMZPQkEdxX8p"
        "cGfRXwnF2Li4XfM++6emjtZO6726aan9W8IeC+U4ThS3PdSstWtuXddG3fm1tpo/eVzw340f8FFnl8TrZ2HhAXy2"
        "0mJZFtgsduoIJKMuVOAuSQCNvU+n9Q8N/Rw8MaWAq/2Zhvr7glKrUc/Y4aEYKXtH7apBt2spc0YexcZcyrO3KfwP"
        "4yeDkqefJSr8sW3yrR9UlFx+ze97S102bendfB7/AIKa39j4ZFxY+G9NLXARpCbCW7OMcfOqMvIOeAPvYOSOJzj6"
        "MPAea51XjQhg6dOnyJRVLF4lK8Iydq+H5KVS8m37sY8mkHdxbP1nwr8D6s+G1S5qk+V3vFxi1e+j11200XdXTTf1"
        "v8NP2N/g0nwkW+fRVRdTAgkW2Xy2VVTgbskEfOM8AnaQSQ2B/P3DXGHEdHwow9OhXcfreJhhqjvNS9lKnVrSUXGc"
        "bc/sVTmneMqc6icbyufb8OeInEsMjm/aJqnTcrNJ3a26WTV1ZpXjay6W8F/aX/Yk+B+i3lzb2ehg2lhqv2a2snjX"
        "y9yRT75GwAWLeUMDI2AjB4Of2XDeKGbxy6mlRhKjhcd9UpUp87hzRdVSr1eSVN1JuNGUYQvCFOM1bmftXW/h7xR8"
        "TuJq/EEb1GpSTk5KTuvgnZdEv3iT0d+XXRpL0z4Q/sWfByy0WbS5vD9jeLamJFN9p6yAHylJKLkLGMEDCjnaMkmv"
        "Q4tz7O8y4mr4DMJU8V9XjR1rxm1z1aNOc5U6dGrQp0VJOClGMXzSg6jleVl+g+Fni1xRHh32kajjdtaOP2W1duUJ"
        "N3/Dba1v/9k="
    ),
    "prog": (
        "/9j/4AAQSkZJRgABAQEBLAEsAAD/2wBDAAIBAQEBAQIBAQECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJ"
        "BwYGCAsICQoKCgoKBggLDAsKDAkKCgr/2wBDAQICAgICAgUDAwUKBwYHCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoK"
        "CgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgr/wgARCAANABUDASIAAhEBAxEB/8QAGAAAAwEBAAAAAAAAAAAAAAAA"
        "AAYHBAX/xAAXAQADAQAAAAAAAAAAAAAAAAABAgUG/9oADAMBAAIQAxAAAAHejXlCyB4BRS+v/8QAGxAAAQUBAQAA"
        "AAAAAAAAAAAABQIDBAYHERX/2gAIAQEAAQUCDaLOkRjWi9kh9NWiMNpobybLSQbKxFLDoZ//xAAdEQABBAIDAAAA"
        "AAAAAAAAAAAGAAIDBQERExUx/9oACAEDAQE/ATyzFHD8LeDOFTWwX1cO4XeL/8QAIREBAAEDBAIDAAAAAAAAAAAA"
        "ARECBCEAAwYxBVESIkH/2gAIAQIBAT8B41b8KtdqmptT5VUlUpPf4YQg7UZkAMuri14o3O5Hjdur7Pcjh9EmOsY9"
        "a//EACMQAAECBQMFAAAAAAAAAAAAAAIBEgADBBEhIjGhEzIzQVH/2gAIAQEABj8CR1Ou3yGBSPauVbgYcFNL1b6F"
        "KH9HyYVuIIQkaQmtELY2XPELKWnA2275d/XEf//EACAQAQABBAICAwAAAAAAAAAAAAERACExQVFhgZGhwfH/2gAI"
        "AQEAAT8hxkpkT3Or0ow9ggHSW16q51g/agn7RCyFsJAHPn47rOgwFxKuZ9KO1REWjBjw4r//2gAMAwEAAgADAAAA"
        "EM8f/8QAHBEBAAAHAQAAAAAAAAAAAAAAAQARITFBUWGh/9oACAEDAQE/EKB9IJPTTl6B43V5dNMXFtuP/8QAGBEB"
        "AQEBAQAAAAAAAAAAAAAAAREhADH/2gAIAQIBAT8QUcaFdCwRNKNAOc8AVdSiMWh182CB/8QAGhABAQEAAwEAAAAA"
        "AAAAAAAAAREhADFBUf/aAAgBAQABPxAjvNkWCoKhK9KJ6cDnCJARWxQpQT0/DiAMXyZ7QbgeGphclOpAmkTNwWhU"
        "gMQ/P4eAqMKSkcauAHADZbARCDYqvP/Z"
    ),
    "gray": (
        "/9j/4AAQSkZJRgABAQEBLAEsAAD/2wBDAAIBAQEBAQIBAQECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJ"
        "BwYGCAsICQoKCgoKBggLDAsKDAkKCgr/wAALCAANABUBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcI"
        "CQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcY"
        "GRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKj"
        "pKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/AP0S"
        "/YVsYf8Ahl+GOewnmWe1jVQwRn2bFYyAD77fMJDnAwNp+YAj8Mf+CwDXUPx7isIXZrVLxxbQrChSDEiARhASIwRl"
        "sNnIHOWPy/W3/BLRNfi/Z0itNP0u41EiRJXlsbRZHQOGIDuAVbOCwwqfeJ+bINfoL+yjbva/srXWqS+Q8K6I8vkL"
        "aqrHykIUZ+6MGVMMqggIRnDDZ+JP/BXoR2/xme1tnmSOPUGWNRNjYUiE7YwAMMXVfUCMc4wB9Tf8EuPFV5pvwGmj"
        "WGF1iuktsSWkEgJjUguBJGwXO4cKBwoBJwMf/9k="
    ),
    "q20": (
        "/9j/4AAQSkZJRgABAQEBLAEsAAD/2wBDACgcHiMeGSgjISMtKygwPGRBPDc3PHtYXUlkkYCZlo+AjIqgtObDoKra"
        "rYqMyP/L2u71////m8H////6/+b9//j/2wBDASstLTw1PHZBQXb4pYyl+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4"
        "+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj/wAARCAANABUDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAA"
        "AAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAk"
        "M2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKT"
        "lJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QA"
        "HwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdh"
        "cRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hp"
        "anN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk"
        "5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwB0dyxXpUMlz83TNXEgTy+nWoZYEHbgGs4KmugVZQ5VoMS6+XoP"
        "yzRU6QJjGAfwoq2oX+EIyhbY/9k="
    ),
    "opt": (
        "/9j/4AAQSkZJRgABAQEBLAEsAAD/2wBDAAIBAQEBAQIBAQECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJ"
        "BwYGCAsICQoKCgoKBggLDAsKDAkKCgr/2wBDAQICAgICAgUDAwUKBwYHCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoK"
        "CgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgr/wAARCAANABUDASIAAhEBAxEB/8QAGAAAAwEBAAAAAAAAAAAAAAAA"
        "AAcIBQb/xAAnEAACAQIFBAIDAQAAAAAAAAABAgQDEQUGBxIhAAgJEyIxFDJBUf/EABcBAAMBAAAAAAAAAAAAAAAA"
        "AAIDBgf/xAAmEQACAAUCBgMBAAAAAAAAAAABAgMEBxESBQYAITFBUWEUFiKh/9oADAMBAAIRAxEAPwDf0Y8i2eMw"
        "ZYpCTlyrdKAdStEseGDXso3Gwtc/RII/o6RutHkWermdYcDKAnLGqWq1FjBacdQQSUZbqbBbkgEbfs/5eOmnZvo0"
        "mkiznwVUXEwKFRYy+tlVU4G65BHzF+ATtIJIawQvcv2SaH4LMkx4eBgxIGK/jRoT019e5KVffUawBYt6hYXGwEWP"
        "BvkVNdOorpcrCivpamLEhLELsgc3YE4qCrqoVebMyPkWVVVbM/B143NSmJT6ShfAdbWAsfY8HufYA/h4LR7yaz4O"
        "WRIg5bw0tICNUJgVZZtbj5qjLyDfgD9rG5HB1ROkPZZo5CwWthdbL8GYsU0kUzsPWoAfUpJRbhaYsQLKOdouSejq"
        "91HSqUPqUxjtuXiWiOCXLI11cggqmSDEgr+DhyuthYBezd20X+rSeclFvgPB5duoJ6eeP//Z"
    ),
}


def _jpeg(name: str, file: str, decode: str) -> None:
    SNIPPETS[f"jpeg_{name}"] = (f"import base64\ndata = base64.b64decode({JPEGS[file]!r})\n"
                                f"result = {decode}\n")


for _file in JPEGS:
    _jpeg(_file, _file, "tf.io.decode_jpeg(data)")
    _jpeg(f"{_file}_accurate", _file, "tf.io.decode_jpeg(data, dct_method='INTEGER_ACCURATE')")
_jpeg("c420_gray", "c420", "tf.io.decode_jpeg(data, channels=1)")
_jpeg("prog_gray", "prog", "tf.io.decode_jpeg(data, channels=1)")
_jpeg("gray_rgb", "gray", "tf.io.decode_jpeg(data, channels=3)")
_jpeg("c444_rgba", "c444", "tf.io.decode_image(data, channels=4)")
_jpeg("decode_image_float", "c420", "tf.io.decode_image(data, dtype=tf.float32)")
_jpeg("decode_png_reads_jpeg", "c444", "tf.io.decode_png(data)")
_jpeg("is_jpeg", "c420", "tf.io.is_jpeg(data)")
_jpeg("truncated", "c420", "tf.io.decode_jpeg(data[:200])")
_jpeg("bad_dct", "c420", "tf.io.decode_jpeg(data, dct_method='FLOAT')")
_jpeg("in_function", "prog", "tf.function(lambda s: tf.io.decode_jpeg(s))(tf.constant(data))")
_jpeg("encode_shape", "c420", "tf.io.encode_jpeg(tf.io.decode_jpeg(data)).shape")
_jpeg("encode_is_jpeg", "c420", "tf.io.is_jpeg(tf.io.encode_jpeg(tf.io.decode_jpeg(data)))")
SNIPPETS.update({
    "encode_jpeg_float": "tf.io.encode_jpeg(np.zeros((2, 2, 3), np.float32))",
    "encode_jpeg_2_channels": "tf.io.encode_jpeg(np.zeros((2, 2, 2), np.uint8))",
    "encode_jpeg_rank2": "tf.io.encode_jpeg(np.zeros((2, 2), np.uint8))",
    "encode_jpeg_bad_quality": "tf.io.encode_jpeg(np.zeros((2, 2, 3), np.uint8), quality=101)",
    "encode_jpeg_format_mismatch": "tf.io.encode_jpeg(np.zeros((2, 2, 3), np.uint8), "
                                   "format='grayscale')",
    "jpeg_round_trip_close": f"""
img = tf.constant({U8})
back = tf.io.decode_jpeg(tf.io.encode_jpeg(img, quality=100, chroma_downsampling=False))
diff = tf.abs(tf.cast(back, tf.float32) - tf.cast(img, tf.float32))
result = [tf.reduce_mean(diff) < 12.0, tf.reduce_mean(diff) > 1.0]
""",
})

# GIFs built with a plain LZW encoder (growing code sizes, a clear code when the table fills)
GIF_HELPER = '''
import struct
def lzw(indices, min_size):
    clear, end = 1 << min_size, (1 << min_size) + 1
    size, table, nxt = min_size + 1, {}, end + 1
    codes = [(clear, size)]
    cur = None
    for v in indices:
        key = (cur, v)
        if cur is not None and key in table:
            cur = table[key]
            continue
        if cur is not None:
            codes.append((cur, size))
            if nxt < 4096:
                table[key] = nxt
                nxt += 1
                if nxt - 1 == (1 << size) and size < 12:
                    size += 1
            else:
                codes.append((clear, size))
                table, nxt, size = {}, end + 1, min_size + 1
        cur = v
    codes += [(cur, size), (end, size)]
    acc = n = 0
    out = bytearray()
    for code, width in codes:
        acc |= code << n
        n += width
        while n >= 8:
            out.append(acc & 255)
            acc >>= 8
            n -= 8
    if n:
        out.append(acc & 255)
    return bytes(out)
def blocks(data):
    return b"".join(bytes([len(data[i:i + 255])]) + data[i:i + 255]
                    for i in range(0, len(data), 255)) + b"\\0"
def make_gif(w, h, frames, palette, local=None, transparent=None, interlace=False):
    bits = max(1, (len(palette) - 1).bit_length())
    out = b"GIF89a" + struct.pack("<HHBBB", w, h, 0x80 | (bits - 1), 0, 0)
    out += np.asarray(list(palette) + [[0, 0, 0]] * ((1 << bits) - len(palette)),
                      np.uint8).tobytes()
    for k, (left, top, idx) in enumerate(frames):
        if transparent is not None:
            out += b"\\x21\\xf9\\x04" + bytes([1, 0, 0, transparent]) + b"\\0"
        fh, fw = idx.shape
        flags = 0x40 if interlace else 0
        out += b"\\x2c" + struct.pack("<HHHHB", left, top, fw, fh, flags)
        rows = idx
        if interlace:
            order = list(range(0, fh, 8)) + list(range(4, fh, 8)) + list(range(2, fh, 4)) + \\
                list(range(1, fh, 2))
            rows = idx[order]
        size = max(2, bits)
        out += bytes([size]) + blocks(lzw(rows.reshape(-1).tolist(), size))
    return out + b"\\x3b"
'''
GIF_PALETTE = "(np.arange(16 * 3).reshape(16, 3) * 53 % 256)"


def _gif(name: str, build: str, decode: str = "tf.io.decode_gif(data)") -> None:
    SNIPPETS[f"gif_{name}"] = GIF_HELPER + f"data = {build}\nresult = {decode}\n"


_gif("one_frame", f"make_gif(7, 5, [(0, 0, np.arange(35).reshape(5, 7) % 16)], {GIF_PALETTE})")
_gif("big_lzw", "make_gif(60, 70, [(0, 0, (np.arange(4200).reshape(70, 60) // 7 * 13 + "
     "np.arange(4200).reshape(70, 60) % 5) % 256)], (np.arange(256 * 3).reshape(256, 3) * 7) "
     "% 256)")
_gif("frames", f"make_gif(6, 4, [(0, 0, np.arange(24).reshape(4, 6) % 16), (1, 1, "
     f"np.full((2, 3), 5)), (3, 0, np.full((4, 3), 9))], {GIF_PALETTE})")
_gif("transparent", f"make_gif(6, 4, [(0, 0, np.arange(24).reshape(4, 6) % 16), (0, 0, "
     f"np.arange(24).reshape(4, 6) % 4)], {GIF_PALETTE}, transparent=2)")
_gif("first_frame_partial", f"make_gif(6, 5, [(2, 1, np.arange(6).reshape(2, 3) % 16)], "
     f"{GIF_PALETTE})")
_gif("interlaced", f"make_gif(5, 19, [(0, 0, np.arange(95).reshape(19, 5) % 16)], "
     f"{GIF_PALETTE}, interlace=True)")
_gif("decode_image", f"make_gif(6, 4, [(0, 0, np.arange(24).reshape(4, 6) % 16), (1, 1, "
     f"np.full((2, 3), 5))], {GIF_PALETTE})", "tf.io.decode_image(data)")
_gif("decode_image_no_animation", f"make_gif(6, 4, [(0, 0, np.arange(24).reshape(4, 6) % 16), "
     f"(1, 1, np.full((2, 3), 5))], {GIF_PALETTE})",
     "tf.io.decode_image(data, expand_animations=False)")
_gif("decode_image_gray", f"make_gif(6, 4, [(0, 0, np.arange(24).reshape(4, 6) % 16)], "
     f"{GIF_PALETTE})", "tf.io.decode_image(data, channels=1)")
_gif("decode_image_float", f"make_gif(6, 4, [(0, 0, np.arange(24).reshape(4, 6) % 16)], "
     f"{GIF_PALETTE})", "tf.io.decode_image(data, dtype=tf.float32)")
_gif("index_out_of_range", "make_gif(4, 2, [(0, 0, np.arange(8).reshape(2, 4))], "
     "[[1, 2, 3], [4, 5, 6], [7, 8, 9]])")
_jpeg("extract_shape", "c420", "tf.io.extract_jpeg_shape(data)")
_jpeg("extract_shape_gray_int64", "gray", "tf.image.extract_jpeg_shape(data, tf.int64)")
_jpeg("decode_and_crop", "c420", "tf.io.decode_and_crop_jpeg(data, [2, 3, 7, 11])")
_jpeg("decode_and_crop_prog_gray", "prog", "tf.image.decode_and_crop_jpeg(data, "
      "tf.constant([0, 5, 13, 4]), channels=1)")
_jpeg("decode_and_crop_bad_window", "c420", "tf.io.decode_and_crop_jpeg(data, [2, 3, 20, 11])")
_jpeg("adjust_quality_shape", "c420", "tf.image.adjust_jpeg_quality(tf.io.decode_jpeg(data), "
      "50).shape")
_jpeg("adjust_quality_float", "c420", """tf.reduce_max(tf.abs(tf.image.adjust_jpeg_quality(
    tf.image.convert_image_dtype(tf.io.decode_jpeg(data), tf.float32), 90) -
    tf.image.convert_image_dtype(tf.io.decode_jpeg(data), tf.float32))) < 0.35""")
_jpeg("random_quality_dtype", "c444", "tf.image.random_jpeg_quality(tf.io.decode_jpeg(data), 40, "
      "60).dtype")
_jpeg("random_quality_bad", "c444", "tf.image.random_jpeg_quality(tf.io.decode_jpeg(data), 60, "
      "40)")
_jpeg("stateless_quality", "c444", "tf.image.stateless_random_jpeg_quality(tf.io.decode_jpeg("
      "data), 40, 60, seed=(1, 2)).shape")
SNIPPETS["extract_jpeg_shape_png"] = f"tf.io.extract_jpeg_shape(tf.io.encode_png({U8}))"
_jpeg("decode_and_crop_offset", "c420", "tf.io.decode_and_crop_jpeg(data, [1, 17, 10, 4])")
_jpeg("decode_and_crop_444", "c444", "tf.io.decode_and_crop_jpeg(data, [5, 9, 8, 12])")
_jpeg("decode_and_crop_full", "prog", "tf.io.decode_and_crop_jpeg(data, [0, 0, 13, 21])")

COMB_BOXES = "np.array([[[[0, 0, 1, 1]], [[0, 0.1, 1, 1.1]], [[0, 2, 1, 3]], [[-0.5, 0.2, 0.4, " \
             "0.9]]], [[[0, 0, 0.5, 0.5]], [[0.6, 0.6, 1, 1]], [[0, 0, 0.5, 0.52]], [[0, 0, 1, " \
             "1]]]], np.float32)"
COMB_SCORES = "np.array([[[0.9, 0.1], [0.8, 0.7], [0.3, 0.95], [0.6, 0.2]], [[0.5, 0.4], [0.45, " \
              "0.9], [0.44, 0.1], [0.2, 0.3]]], np.float32)"
SNIPPETS.update({
    "combined_nms": f"tf.image.combined_non_max_suppression({COMB_BOXES}, {COMB_SCORES}, 2, 5)",
    "combined_nms_threshold": f"tf.image.combined_non_max_suppression({COMB_BOXES}, "
                              f"{COMB_SCORES}, 3, 4, iou_threshold=0.3, score_threshold=0.35)",
    "combined_nms_no_clip": f"tf.image.combined_non_max_suppression({COMB_BOXES}, {COMB_SCORES}, "
                            "2, 6, clip_boxes=False)",
    "combined_nms_pad_per_class": f"tf.image.combined_non_max_suppression({COMB_BOXES}, "
                                  f"{COMB_SCORES}, 1, 10, pad_per_class=True)",
    "draw_bounding_boxes": "tf.image.draw_bounding_boxes(tf.zeros([2, 5, 6, 3]), "
                           "[[[0.2, 0.1, 0.8, 0.7], [0, 0, 1, 1]], [[0.5, 0.5, 1.2, 0.9], "
                           "[-0.2, 0.4, 0.3, 0.6]]], [[1.0, 0, 0], [0, 1, 0]])",
    "draw_bounding_boxes_default_colors": "tf.image.draw_bounding_boxes(tf.zeros([1, 4, 5, 4]), "
                                          "[[[0.2, 0.1, 0.8, 0.7], [0, 0, 1, 1], [0.1, 0.1, 0.6,"
                                          " 0.6]]], None)",
    "draw_bounding_boxes_gray": "tf.image.draw_bounding_boxes(tf.zeros([1, 4, 5, 1]), "
                                "[[[0.2, 0.1, 0.8, 0.7], [0, 0, 1, 1]]], None)",
    "sample_box_shapes": """
out = tf.image.sample_distorted_bounding_box([40, 60, 3], [[[0.1, 0.2, 0.5, 0.9]]],
                                             min_object_covered=0.3, seed=1)
result = [out[0].shape, out[1].shape, out[2].shape, out[0].dtype, out[2].dtype, out.size[2],
          out.begin[2]]
""",
    "sample_box_constraints": """
ok = []
for i in range(20):
    begin, size, box = tf.image.sample_distorted_bounding_box(
        [40, 60, 3], [[[0.1, 0.2, 0.5, 0.9]]], min_object_covered=0.5,
        aspect_ratio_range=(0.5, 2.0), area_range=(0.1, 0.8))
    h, w = int(size[0]), int(size[1])
    ok.append(0 <= int(begin[0]) and int(begin[0]) + h <= 40 and int(begin[1]) + w <= 60
              and (h * w <= 0.8 * 2400 + 60 or (h, w) == (40, 60)))
result = all(ok)
""",
    "sample_box_no_boxes": "tf.image.sample_distorted_bounding_box([40, 60, 3], tf.zeros([1, 0, 4]))",
    "sample_box_use_image": """
begin, size, box = tf.image.sample_distorted_bounding_box(
    [40, 60, 3], tf.zeros([1, 0, 4]), use_image_if_no_bounding_boxes=True)
result = size.shape
""",
    "stateless_sample_box_deterministic": """
a = tf.image.stateless_sample_distorted_bounding_box([40, 60, 3], [[[0.1, 0.2, 0.5, 0.9]]],
                                                     seed=[1, 2], min_object_covered=0.1)
b = tf.image.stateless_sample_distorted_bounding_box([40, 60, 3], [[[0.1, 0.2, 0.5, 0.9]]],
                                                     seed=[1, 2], min_object_covered=0.1)
result = [bool(tf.reduce_all(a.begin == b.begin)), bool(tf.reduce_all(a.size == b.size))]
""",
})
MS_A = "np.sin(np.arange(2 * 180 * 177 * 3) * 0.013).reshape(2, 180, 177, 3).astype(np.float32)"
MS_B = "np.cos(np.arange(2 * 180 * 177 * 3) * 0.011).reshape(2, 180, 177, 3).astype(np.float32)"
SNIPPETS.update({
    "ssim_multiscale": f"tf.image.ssim_multiscale({MS_A} * 0.5 + 0.5, {MS_B} * 0.5 + 0.5, 1.0)",
    "ssim_multiscale_same": f"tf.image.ssim_multiscale({MS_A}, {MS_A}, 2.0)",
    "ssim_multiscale_small_filter": "tf.image.ssim_multiscale(np.sin(np.arange(40 * 37 * 1) * 0.3)"
                                    ".reshape(40, 37, 1).astype(np.float32), np.cos(np.arange(40 "
                                    "* 37 * 1) * 0.2).reshape(40, 37, 1).astype(np.float32), 1.0,"
                                    " power_factors=(0.5, 0.3, 0.2), filter_size=3)",
    "ssim_multiscale_uint8": "tf.image.ssim_multiscale((np.arange(3 * 50 * 52 * 3) * 7 % 256)"
                             ".reshape(3, 50, 52, 3).astype(np.uint8), (np.arange(3 * 50 * 52 * "
                             "3) * 5 % 256).reshape(3, 50, 52, 3).astype(np.uint8), 255, "
                             "power_factors=(0.6, 0.4), filter_size=5)",
})
