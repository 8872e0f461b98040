"""TF2 tf.io.decode_csv / decode_raw / encode_base64 / decode_base64 (values, dtypes, errors,
graph mode in Dataset.map)."""

SNIPPETS = {
    "decode_csv_basic": "tf.io.decode_csv(tf.constant(['1,2.5,a', '3,,\"b,c\"']), "
                        "[[0], [0.0], ['x']])",
    "decode_csv_required_ok": "tf.io.decode_csv('1,2', [tf.constant([], tf.int32), [1]])",
    "decode_csv_required_missing": "tf.io.decode_csv('1,', [tf.constant([], tf.int32), "
                                   "tf.constant([], tf.int32)])",
    "decode_csv_too_many_fields": "tf.io.decode_csv('1,2,3', [[0], [0]])",
    "decode_csv_bad_int": "tf.io.decode_csv('a,2', [[0], [0]])",
    "decode_csv_delim": "tf.io.decode_csv('1;2', [[0], [0]], field_delim=';')",
    "decode_csv_na_value": "tf.io.decode_csv('1,NA', [[0], [7]], na_value='NA')",
    "decode_csv_select_cols": "tf.io.decode_csv('1,2,3', [[0], [0]], select_cols=[0, 2])",
    "decode_csv_2d": "tf.io.decode_csv(tf.constant([['1,2'], ['3,4']]), [[0], [0.]])",
    "decode_csv_int64_float64": "tf.io.decode_csv('9007199254740993,0.1', "
                                "[tf.constant([0], tf.int64), tf.constant([0], tf.float64)])",
    "decode_csv_in_dataset_map": """
ds = tf.data.Dataset.from_tensor_slices(['1,2.5', '3,4.5']).map(
    lambda line: tf.io.decode_csv(line, [[0], [0.0]]))
result = [[a.numpy(), b.numpy()] for a, b in ds]""",
    "decode_raw_int16": "tf.io.decode_raw(tf.constant([b'\\x01\\x00\\x02\\x00']), tf.int16)",
    "decode_raw_big_endian": "tf.io.decode_raw(b'\\x00\\x01', tf.uint16, little_endian=False)",
    "decode_raw_uint8_2d": "tf.io.decode_raw([b'ab', b'cd'], tf.uint8)",
    "decode_raw_float32": "tf.io.decode_raw(tf.constant(np.array([1.5, -2.0], np.float32)"
                          ".tobytes()), tf.float32)",
    "decode_raw_sizes_differ": "tf.io.decode_raw([b'abc', b'd'], tf.uint8)",
    "decode_raw_fixed_length": "tf.io.decode_raw([b'abc', b'd'], tf.uint8, fixed_length=4)",
    "encode_base64": "tf.io.encode_base64(b'hello?>')",
    "encode_base64_pad": "tf.io.encode_base64('hi', pad=True)",
    "base64_roundtrip": "tf.io.decode_base64(tf.io.encode_base64(b'\\xff\\xfe'))",
    "base64_vector": "tf.io.encode_base64(['a', 'bc', ''])",
}
