"""TF2 reference snippets: tf.py_function / tf.numpy_function, slices of variables
(`v[1:3].assign`), Keras dataset utilities and Keras masks on eager outputs."""

_GRAPH_PY = """
@tf.function
def f(x):
    y = tf.py_function(lambda a: a * 2, [x], tf.float32)
    z = tf.numpy_function(lambda a: a + 1, [x], tf.float32)
    return y + z
result = [f(tf.constant([1.0, 2.0])), f(tf.constant([3.0, 4.0, 5.0]))]
"""

_PY_ERROR_GRAPH = """
def bad(x):
    raise {exc}("boom")
@tf.function
def f(x):
    return tf.{api}(bad, [x], tf.float32)
result = f(tf.constant(1.0))
"""

_PY_ERROR_EAGER = """
def bad(x):
    raise {exc}("boom")
result = tf.{api}(bad, [tf.constant(1.0)], tf.float32)
"""

_ERRORS = {
    f"{api}_{exc.lower()}_{mode}": (_PY_ERROR_GRAPH if mode == "graph" else _PY_ERROR_EAGER)
    .format(api=api, exc=exc)
    for api in ("py_function", "numpy_function")
    for exc in ("ValueError", "TypeError", "RuntimeError", "KeyError", "StopIteration",
                "NotImplementedError", "ZeroDivisionError")
    for mode in ("eager", "graph")}

_PY_FUNCTION = {
    "py_function_two_outputs": """
def f(x, y):
    return x * 2, y + 1
result = tf.py_function(f, [tf.constant([1.0, 2.0]), 3], [tf.float32, tf.int32])
""",
    "py_function_single_dtype": "tf.py_function(lambda x: x.numpy() * 2, [tf.constant([1.5])], "
                                "tf.float32)",
    "py_function_tuple_tout_gives_list": "tf.py_function(lambda x: (x, x + 1), [1.0], "
                                         "(tf.float32, tf.float32))",
    "py_function_list_of_one": "tf.py_function(lambda x: [x], [tf.constant([1.0, 2.0])], "
                               "[tf.float32])",
    "py_function_tensorspec_tout": "tf.py_function(lambda x: x, [tf.constant([1.0, 2.0])], "
                                   "tf.TensorSpec([2], tf.float32))",
    "py_function_nested_tout_error": "tf.py_function(lambda x: (x, (x, x)), [1.0], "
                                     "[tf.float32, [tf.float32, tf.float32]])",
    "py_function_dict_tout_error": "tf.py_function(lambda x: {'a': x}, [1.0], "
                                   "{'a': tf.float32})",
    "py_function_missing_tout": "tf.py_function(lambda x: x, [1.0])",
    "py_function_no_outputs": "tf.py_function(lambda: None, [], [])",
    "py_function_none_for_one_output": "tf.py_function(lambda x: None, [1.0], tf.float32)",
    "py_function_too_few_results": "tf.py_function(lambda x: [x], [1.0], "
                                   "[tf.float32, tf.float32])",
    "py_function_extra_results_dropped": "tf.py_function(lambda x: [1, 2], [1.0], tf.int64)",
    "py_function_converts_python_int": "tf.py_function(lambda x: 3, [1.0], tf.float32)",
    "py_function_converts_float64_array": "tf.py_function(lambda x: np.array([1.5]), [1.0], "
                                          "tf.float32)",
    "py_function_float_into_int_error": "tf.py_function(lambda x: 2.5, [1.0], tf.int32)",
    "py_function_tensor_dtype_error": "tf.py_function(lambda x: x, [tf.constant([1, 2])], "
                                      "tf.float32)",
    "py_function_string": "tf.py_function(lambda x: x, ['ab'], tf.string)",
    "py_function_numpy_input": "tf.py_function(lambda x: x, [np.array([1.5])], tf.float64)",
    "py_function_variable_input": "tf.py_function(lambda a: a * 2, [tf.Variable(2.0)], "
                                  "tf.float32)",
    "py_function_scalar_inp_error": "tf.py_function(lambda a: a, tf.constant(1.0), "
                                    "tf.float32)",
    "py_function_tout_string_name": "tf.py_function(lambda a: a, [1.0], 'float32')",
    "py_function_decorator": """
@tf.py_function(Tout=tf.float32)
def triple(x):
    return x * 3
result = triple(tf.constant(2.0))
""",
    "py_function_gradient": """
x = tf.constant([1.0, 2.0])
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.py_function(lambda a: a * a, [x], tf.float32)
result = tape.gradient(y, x)
""",
    "py_function_gradient_two_inputs": """
x = tf.constant([1.0, 2.0])
w = tf.constant(3.0)
with tf.GradientTape() as tape:
    tape.watch([x, w])
    y = tf.py_function(lambda a, b: tf.reduce_sum(a * b) + b, [x, w], tf.float32)
result = tape.gradient(y, [x, w])
""",
    "py_function_gradient_in_graph": """
@tf.function
def g(x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.py_function(lambda a: a * a * a, [x], tf.float32)
    return tape.gradient(y, x)
result = [g(tf.constant([1.0, 2.0])), g(tf.constant([3.0]))]
""",
    "py_function_in_graph": _GRAPH_PY,
    "py_function_no_gradient_for_captured_variable": """
v = tf.Variable(2.0)
with tf.GradientTape() as tape:
    y = tf.py_function(lambda x: x * v, [3.0], tf.float32)
result = tape.gradient(y, v) is None
""",
    "py_function_no_second_order": """
x = tf.constant(3.0)
with tf.GradientTape() as outer:
    outer.watch(x)
    with tf.GradientTape() as inner:
        inner.watch(x)
        y = tf.py_function(lambda a: a * a * a, [x], tf.float32)
    g = inner.gradient(y, x)
result = [g, outer.gradient(g, x) is None]
""",
    "py_function_graph_shape_unknown": """
@tf.function
def f(x):
    y = tf.py_function(lambda a: a * 2, [x], tf.float32)
    return tf.ensure_shape(y, [2])
result = f(tf.constant([1.0, 2.0]))
""",
    "py_function_in_dataset_map": """
ds = tf.data.Dataset.from_tensor_slices([1.0, 2.0, 3.0])
ds = ds.map(lambda a: tf.py_function(lambda b: b + 10, [a], tf.float32))
result = list(ds)
""",
    "numpy_function_in_dataset_map": """
ds = tf.data.Dataset.from_tensor_slices(([1.0, 2.0], [5, 6]))
ds = ds.map(lambda a, b: tf.numpy_function(lambda c, d: (c * 2, d + np.int32(1)), [a, b],
                                          (tf.float32, tf.int32)))
result = list(ds)
""",
    "numpy_function_eager": "tf.numpy_function(lambda x: x * 2, [tf.constant([1.0, 2.0])], "
                            "tf.float32)",
    "numpy_function_eager_keeps_returned_dtype": "tf.numpy_function(lambda x: 3, [1.0], "
                                                "tf.int64)",
    "numpy_function_eager_python_float_input": "tf.numpy_function(lambda x: x, [1.0], "
                                               "tf.float32)",
    "numpy_function_eager_one_of_list": "tf.numpy_function(lambda x: [x], "
                                        "[tf.constant(1.0)], [tf.float32, tf.float32])",
    "numpy_function_eager_none": "tf.numpy_function(lambda x: None, [1.0], tf.float32)",
    "numpy_function_eager_tuple": "tf.numpy_function(lambda x: (x, x), [tf.constant(1.0)], "
                                  "(tf.float32, tf.float32))",
    "numpy_function_eager_strings": "tf.numpy_function(lambda a: np.array(['hi', 'yo']), [3], "
                                    "tf.string)",
    "numpy_function_no_gradient": """
x = tf.constant([1.0, 2.0])
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.numpy_function(lambda a: a * a, [x], tf.float32)
result = tape.gradient(y, x) is None
""",
    "numpy_function_graph_dtype_error": """
@tf.function
def f(x):
    return tf.numpy_function(lambda a: np.array([1.5]), [x], tf.float32)
result = f(tf.constant(1.0))
""",
    "numpy_function_graph_python_int_int64": """
@tf.function
def f(x):
    return tf.numpy_function(lambda a: 3, [x], tf.int64)
result = f(tf.constant(1.0))
""",
    "numpy_function_graph_two_outputs": """
@tf.function
def f(x):
    return tf.numpy_function(lambda a: (a * 2, a.astype(np.int32)), [x], [tf.float32, tf.int32])
result = f(tf.constant([1.5, 2.5]))
""",
    "numpy_function_graph_string": """
@tf.function
def f(x):
    return tf.numpy_function(lambda a: np.char.upper(a.astype(str)).astype(object), [x],
                             tf.string)
result = f(tf.constant(['ab', 'c']))
""",
}

_SLICE_ASSIGN = {
    "slice_assign_row": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
r = v[0].assign([9.0, 9.0])
result = [r, v]
""",
    "slice_assign_broadcast_scalar": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
v[0].assign(7.0)
result = v
""",
    "slice_assign_broadcast_rows": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
v[0:2].assign([1.0, 2.0])
result = v
""",
    "slice_assign_column": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
v[:, 1].assign([0.0, -1.0, -2.0])
result = v
""",
    "slice_assign_strided_int": """
u = tf.Variable([1, 2, 3])
result = u[::2].assign([7, 8])
""",
    "slice_assign_reversed": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
result = v[::-1, 0].assign([10.0, 20.0, 30.0])
""",
    "slice_assign_ellipsis_newaxis": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
v[..., 0].assign([0.0, 0.0, 0.0])
v[tf.newaxis, 1].assign([[3.0, 3.0]])
result = v
""",
    "slice_assign_extra_leading_one": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
v[0].assign([[5.0, 6.0]])
result = v
""",
    "slice_assign_python_ints_to_float": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
result = v[1].assign([1, 2])
""",
    "slice_assign_tensor_index": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
v[tf.constant(1)].assign([8.0, 8.0])
result = v
""",
    "slice_assign_element_then_read": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
result = v[1, 1].assign(0.5)[1]
""",
    "slice_assign_dtype_error": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
v[0].assign(tf.constant([1, 2]))
""",
    "slice_assign_shape_error": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
v[0].assign([1.0, 2.0, 3.0])
""",
    "slice_assign_rank_error": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
v[:, 1].assign([[1.0], [2.0], [3.0]])
""",
    "slice_assign_out_of_range": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
v[5].assign([1.0, 2.0])
""",
    "slice_assign_read_value_kwarg_error": """
v = tf.Variable([1.0, 2.0])
v[0].assign(1.0, read_value=False)
""",
    "slice_has_no_assign_add": "hasattr(tf.Variable([1.0, 2.0])[0], 'assign_add')",
    "tensor_slice_has_no_assign": "hasattr(tf.constant([1.0, 2.0])[0], 'assign')",
    "variable_slice_has_assign": "hasattr(tf.Variable([1.0, 2.0])[0], 'assign')",
    "slice_assign_in_function": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
@tf.function
def f(x):
    v[1].assign(x)
    return v[1] * 2
result = [f(tf.constant([5.0, 5.0])), f(tf.constant([6.0, 7.0])), v]
""",
    "slice_assign_in_function_tensor_index": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
@tf.function
def f(i, x):
    v[i].assign(x)
    return v.read_value()
result = [f(tf.constant(0), tf.constant([4.0, 4.0])), f(tf.constant(2), tf.constant([0.0, 1.0]))]
""",
    "slice_of_variable_gradient": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
with tf.GradientTape() as tape:
    y = tf.reduce_sum(v[0] * 3.0)
result = tape.gradient(y, v)
""",
}

_TIMESERIES = """
data = np.arange(30, dtype=np.float32).reshape(15, 2)
ds = tf.keras.utils.timeseries_dataset_from_array(
    data, np.arange(15) * 10, sequence_length=4, sequence_stride=2, sampling_rate=2,
    batch_size=3, start_index={start}, end_index={end})
result = [list(batch) for batch in ds]
"""

_TEXT_DIR = """
import os, tempfile
root = tempfile.mkdtemp()
classes = {"neg": ["bad movie", "awful plot", "meh"], "pos": ["great", "loved it"]}
for label, texts in classes.items():
    os.makedirs(os.path.join(root, label))
    for i, text in enumerate(texts):
        with open(os.path.join(root, label, str(i) + ".txt"), "w") as f:
            f.write(text)
"""

_DATASET_UTILS = {
    "timeseries_windows": _TIMESERIES.format(start=1, end=14),
    "timeseries_defaults": _TIMESERIES.format(start=None, end=None),
    "timeseries_no_targets_unbatched": """
ds = tf.keras.utils.timeseries_dataset_from_array(np.arange(10), None, sequence_length=3,
                                                  batch_size=None)
result = list(ds)
""",
    "timeseries_float64_kept": """
ds = tf.keras.utils.timeseries_dataset_from_array(np.linspace(0, 1, 8), None,
                                                  sequence_length=4, batch_size=2)
result = list(ds)
""",
    "timeseries_bad_start": "tf.keras.utils.timeseries_dataset_from_array(np.arange(10), "
                            "None, sequence_length=3, start_index=20)",
    "timeseries_bad_rate": "tf.keras.utils.timeseries_dataset_from_array(np.arange(10), "
                           "None, sequence_length=3, sampling_rate=0)",
    "text_dataset_int": _TEXT_DIR + """
ds = tf.keras.utils.text_dataset_from_directory(root, batch_size=2, shuffle=False)
result = [ds.class_names] + [list(b) for b in ds]
""",
    "text_dataset_categorical_max_length": _TEXT_DIR + """
ds = tf.keras.utils.text_dataset_from_directory(root, batch_size=None, shuffle=False,
                                                label_mode="categorical", max_length=4)
result = [list(item) for item in ds]
""",
    "text_dataset_binary": _TEXT_DIR + """
ds = tf.keras.utils.text_dataset_from_directory(root, shuffle=False, label_mode="binary")
result = [list(b) for b in ds]
""",
    "text_dataset_no_labels": _TEXT_DIR + """
ds = tf.keras.utils.text_dataset_from_directory(root, shuffle=False, label_mode=None)
result = list(ds)
""",
    "text_dataset_split_seeded": _TEXT_DIR + """
train, val = tf.keras.utils.text_dataset_from_directory(root, validation_split=0.4,
                                                        subset="both", seed=7, shuffle=False)
result = [list(train.unbatch().map(lambda x, y: y)), list(val.unbatch().map(lambda x, y: y))]
""",
    "text_dataset_class_names_order": _TEXT_DIR + """
ds = tf.keras.utils.text_dataset_from_directory(root, class_names=["pos", "neg"],
                                                shuffle=False)
result = list(next(iter(ds)))
""",
    "text_dataset_bad_label_mode": _TEXT_DIR + """
tf.keras.utils.text_dataset_from_directory(root, label_mode="sparse")
""",
    "text_dataset_split_needs_seed": _TEXT_DIR + """
tf.keras.utils.text_dataset_from_directory(root, validation_split=0.2, subset="training")
""",
    "split_dataset_fraction": """
left, right = tf.keras.utils.split_dataset((np.arange(10), np.arange(10.0)), left_size=0.8)
result = [list(left), list(right)]
""",
    "split_dataset_shuffled": """
left, right = tf.keras.utils.split_dataset((np.arange(10), np.arange(10.0)), right_size=3,
                                           shuffle=True, seed=5)
result = [list(left), list(right)]
""",
    "split_dataset_batched": """
left, right = tf.keras.utils.split_dataset(tf.data.Dataset.range(10).batch(3), left_size=4)
result = [list(left), list(right)]
""",
    "split_dataset_bad_size": "tf.keras.utils.split_dataset(np.arange(10), left_size=1.5)",
    "split_dataset_no_size": "tf.keras.utils.split_dataset(np.arange(10))",
    "split_dataset_bad_type": "tf.keras.utils.split_dataset(np.arange(10), left_size='a')",
}

_EMB = "tf.keras.layers.Embedding(10, 3, mask_zero=True)(tf.constant([[1, 2, 0], [3, 0, 0]]))"

_MASKS = {
    "mask_embedding": f"{_EMB}._keras_mask",
    "mask_through_dense": f"tf.keras.layers.Dense(2)({_EMB})._keras_mask",
    "mask_through_activation": f"tf.keras.layers.Activation('tanh')({_EMB})._keras_mask",
    "mask_through_lstm_sequences": f"tf.keras.layers.LSTM(2, return_sequences=True)({_EMB})"
                                   f"._keras_mask",
    "mask_dropped_by_lstm": f"hasattr(tf.keras.layers.LSTM(2)({_EMB}), '_keras_mask')",
    "mask_dropped_by_pooling": f"hasattr(tf.keras.layers.GlobalAveragePooling1D()({_EMB}), "
                               f"'_keras_mask')",
    "mask_not_on_plain_ops": f"hasattr({_EMB} * 2.0, '_keras_mask')",
    "mask_not_without_mask_zero": "hasattr(tf.keras.layers.Embedding(10, 3)(tf.constant([[1, "
                                  "0]])), '_keras_mask')",
    "mask_masking_layer": "tf.keras.layers.Masking(0.0)(tf.constant([[[1.0], [0.0]], [[0.0], "
                          "[2.0]]]))._keras_mask",
    "mask_on_sequential_output": """
model = tf.keras.Sequential([tf.keras.layers.Embedding(10, 3, mask_zero=True),
                             tf.keras.layers.Dense(1)])
result = model(tf.constant([[1, 0, 2]]))._keras_mask
""",
    "mask_compute_mask": "tf.keras.layers.Embedding(10, 3, mask_zero=True).compute_mask("
                         "tf.constant([[1, 0, 2]]))",
}

SNIPPETS = {**_PY_FUNCTION, **_ERRORS, **_SLICE_ASSIGN, **_DATASET_UTILS, **_MASKS}
