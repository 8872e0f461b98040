"""TF2 reference snippets: text of every NumPy / Python kind becomes one string representation
(bytes; str encoded as UTF-8), so equality ops, functions and datasets see the same values."""

_F = """
@tf.function
def f(x):
    return tf.not_equal(x, '')
result = f({arg})
"""

SNIPPETS = {
    "constant_from_bytes_array": "tf.constant(np.array([b'a', b'']))",
    "constant_from_str_array": "tf.constant(np.array(['a', 'b\\u00e9']))",
    "constant_from_object_str_array": "tf.constant(np.array(['a', ''], object))",
    "constant_from_object_mixed_array": "tf.constant(np.array(['a', b'b'], object))",
    "constant_from_numpy_bytes_scalar": "tf.constant(np.bytes_(b'xy'))",
    "constant_from_numpy_str_scalar": "tf.constant(np.str_('xy'))",
    "constant_bytes_numpy_value": "tf.constant(np.array([b'a', b'bc'])).numpy()",
    "constant_str_numpy_value": "tf.constant(np.array(['a', 'bc'])).numpy()",
    "not_equal_object_str_array": "tf.not_equal(np.array(['a', ''], object), tf.constant(''))",
    "equal_bytes_array_str_constant": "tf.equal(np.array([b'a', b'']), tf.constant('a'))",
    "equal_str_array_bytes_constant": "tf.equal(tf.constant(np.array(['a', ''])), b'a')",
    "equal_unicode": "tf.equal(tf.constant(np.array(['\\u00e9'])), '\\u00e9'.encode('utf-8'))",
    "convert_bytes_array": "tf.convert_to_tensor(np.array([b'x', b'yz']))",
    "function_bytes_array": _F.format(arg="np.array([b'a', b''])"),
    "function_str_array": _F.format(arg="np.array(['a', ''])"),
    "function_object_array": _F.format(arg="np.array(['a', ''], object)"),
    "function_tensor": _F.format(arg="tf.constant(['a', ''])"),
    "dataset_bytes_elements": """
ds = tf.data.Dataset.from_tensor_slices(np.array([b'a', b'', b'c']))
result = [x for x in ds.filter(lambda x: tf.not_equal(x, ''))]
""",
    "dataset_str_elements": """
ds = tf.data.Dataset.from_tensor_slices(np.array(['a', '', 'c']))
result = [tf.equal(x, b'c') for x in ds]
""",
    "dataset_object_elements_map": """
ds = tf.data.Dataset.from_tensor_slices(np.array(['a', ''], object))
result = list(ds.map(lambda x: tf.equal(x, '')))
""",
}
