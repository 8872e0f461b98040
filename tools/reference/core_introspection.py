"""TF2 reference snippets for tf.get_static_value, tf.inside_function, tf.is_symbolic_tensor,
tf.get_current_name_scope, tf.RegisterGradient / tf.no_gradient and tf.DeviceSpec."""


def in_fn(expr: str, arg: str = "tf.constant([1.0, 2.0])") -> str:
    """Code evaluating `expr` (a Python value) while tracing a tf.function called with `arg`."""
    return (f"seen = []\n@tf.function\ndef f(x):\n    seen.append({expr})\n    return x\n"
            f"f({arg})\nresult = seen[0]")


DS = "tf.DeviceSpec.from_string('/job:worker/replica:0/task:1/device:GPU:3')"

SNIPPETS = {
    "static_value_eager": "tf.get_static_value(tf.constant([[1, 2], [3, 4]]))",
    "static_value_python": "tf.get_static_value(3)",
    "static_value_list": "tf.get_static_value([1, 2])",
    "static_value_none": "tf.get_static_value(None) is None",
    "static_value_variable": "tf.get_static_value(tf.Variable(1.0)) is None",
    "static_value_dtype": "str(tf.get_static_value(tf.constant(2.0)).dtype)",
    "static_value_traced_input": in_fn("tf.get_static_value(x) is None"),
    "static_value_traced_shape": in_fn("tf.get_static_value(tf.shape(x))"),
    "static_value_traced_constant": in_fn("tf.get_static_value(tf.constant(3))"),
    "inside_function_eager": "tf.inside_function()",
    "inside_function_traced": in_fn("tf.inside_function()"),
    "symbolic_eager": "tf.is_symbolic_tensor(tf.constant(1.0))",
    "symbolic_python": "tf.is_symbolic_tensor(1.0)",
    "symbolic_traced_input": in_fn("tf.is_symbolic_tensor(x)"),
    "symbolic_traced_derived": in_fn("tf.is_symbolic_tensor(x * 2.0)"),
    "name_scope_empty": "tf.get_current_name_scope()",
    "name_scope_nested": """
with tf.name_scope("outer"):
    with tf.name_scope("inner"):
        result = tf.get_current_name_scope()""",
    "name_scope_after_exit": """
with tf.name_scope("outer"):
    pass
result = tf.get_current_name_scope()""",
    "register_gradient_returns_function": """
def _grad(op, g):
    return g
result = tf.RegisterGradient("FluxionTestOpA")(_grad) is _grad""",
    "register_gradient_twice_error": """
tf.RegisterGradient("FluxionTestOpB")(lambda op, g: g)
tf.RegisterGradient("FluxionTestOpB")(lambda op, g: g)""",
    "register_gradient_builtin_error": "tf.RegisterGradient('Sin')(lambda op, g: g)",
    "register_gradient_type_error": "tf.RegisterGradient(3)",
    "no_gradient_new": "tf.no_gradient('FluxionTestOpC')",
    "no_gradient_twice_error": "tf.no_gradient('FluxionTestOpD')\ntf.no_gradient('FluxionTestOpD')",
    "no_gradient_builtin_error": "tf.no_gradient('MatMul')",
    "no_gradient_type_error": "tf.no_gradient(None)",
    "device_spec_fields": f"d = {DS}\n"
                          "result = [d.job, d.replica, d.task, d.device_type, d.device_index]",
    "device_spec_to_string": f"{DS}.to_string()",
    "device_spec_repr": f"repr({DS})",
    "device_spec_ctor": "tf.DeviceSpec(job='ps', device_type='cpu', device_index=0).to_string()",
    "device_spec_short_forms": "[tf.DeviceSpec.from_string(s).to_string() "
                               "for s in ['/cpu:0', 'gpu:1', '/GPU:*', '', '/job:a/task:2']]",
    "device_spec_merged": f"{DS}.make_merged_spec(tf.DeviceSpec(job='ps', device_index=1))"
                          ".to_string()",
    "device_spec_replace": f"{DS}.replace(task=5).to_string()",
    "device_spec_eq_hash": f"d = {DS}\ne = tf.DeviceSpec.from_string(d.to_string())\n"
                           "result = [d == e, hash(d) == hash(e), d == d.replace(task=0)]",
    "device_spec_task_int": "type(tf.DeviceSpec.from_string('/job:a/task:2').task).__name__",
    "device_spec_bad_attr": "tf.DeviceSpec.from_string('/foo:bar')",
    "device_spec_bad_index": "tf.DeviceSpec(device_index='a')",
    "spec_from_tensor": "repr(tf.type_spec_from_value(tf.constant([1.0, 2.0])))",
    "spec_from_numpy": "repr(tf.type_spec_from_value(np.zeros((2, 3))))",
    "spec_from_python": "[repr(tf.type_spec_from_value(v)) for v in [3, [1, 2], (1.5, 2.0), 'a']]",
    "spec_from_none": "repr(tf.type_spec_from_value(None))",
    "spec_from_sparse": "repr(tf.type_spec_from_value(tf.sparse.from_dense([[1, 0]])))",
    "spec_from_ragged": "repr(tf.type_spec_from_value(tf.ragged.constant([[1], [2, 3]])))",
    "spec_from_dataset": "repr(tf.type_spec_from_value(tf.data.Dataset.range(3)))",
    "spec_from_indexed_slices": "repr(tf.type_spec_from_value(tf.IndexedSlices(tf.ones([2, 3]), "
                                "tf.constant([0, 2]), tf.constant([4, 3]))))",
    "spec_from_tensor_array": "repr(tf.type_spec_from_value(tf.TensorArray(tf.float32, size=2)))",
    "spec_from_optional": "repr(tf.type_spec_from_value("
                          "tf.experimental.Optional.from_value(tf.constant([1, 2]))))",
    "spec_from_dict_error": "tf.type_spec_from_value({'a': 1})",
    "spec_from_object_error": "tf.type_spec_from_value(object())",
    "spec_isinstance": "[isinstance(s, tf.TypeSpec) for s in [tf.TensorSpec([1]), "
                       "tf.SparseTensorSpec([2], tf.int32), tf.RaggedTensorSpec([2, None]), "
                       "tf.NoneTensorSpec(), tf.OptionalSpec(tf.TensorSpec([])), "
                       "tf.IndexedSlicesSpec(), tf.TensorArraySpec()]] + "
                       "[isinstance(tf.constant(1), tf.TypeSpec)]",
    "indexed_slices_spec_repr": "repr(tf.IndexedSlicesSpec([4, 3]))",
    "indexed_slices_spec_eq": "[tf.IndexedSlicesSpec([4, 3], tf.float64, tf.int32) == "
                              "tf.IndexedSlicesSpec([4, 3], tf.float64, tf.int32), "
                              "tf.IndexedSlicesSpec([4, 3]) == tf.IndexedSlicesSpec([4, 2]), "
                              "tf.IndexedSlicesSpec([4, 3]).value_type is tf.IndexedSlices]",
    "tensor_array_spec": "[repr(tf.TensorArraySpec([2], tf.int32)), "
                         "tf.TensorArraySpec([2]) == tf.TensorArraySpec([2]), "
                         "tf.TensorArraySpec().value_type is tf.TensorArray]",
    "none_tensor_spec": "[repr(tf.NoneTensorSpec()), tf.NoneTensorSpec() == tf.NoneTensorSpec(), "
                        "tf.NoneTensorSpec().is_compatible_with(None)]",
    "optional_spec": "s = tf.OptionalSpec(tf.TensorSpec([], tf.int32))\n"
                     "result = [repr(s), s == tf.OptionalSpec(tf.TensorSpec([], tf.int32)), "
                     "issubclass(s.value_type, tf.experimental.Optional), "
                     "s.is_compatible_with(tf.experimental.Optional.from_value(3))]",
    "optional_from_value": """
o = tf.experimental.Optional.from_value({"a": tf.constant(1), "b": tf.constant([1.0, 2.0])})
result = [o.has_value(), o.get_value(), repr(o.element_spec)]""",
    "optional_empty": """
o = tf.experimental.Optional.empty(tf.TensorSpec([], tf.int32))
result = [o.has_value(), repr(o.element_spec)]""",
    "optional_empty_get_error": "tf.experimental.Optional.empty(tf.TensorSpec([], tf.int32))"
                                ".get_value()",
    "iterator_get_next_as_optional": """
it = iter(tf.data.Dataset.range(2))
result = [it.get_next_as_optional().get_value(), it.get_next_as_optional().has_value(),
          it.get_next_as_optional().has_value()]""",
    "data_experimental_get_next_as_optional": """
it = iter(tf.data.Dataset.from_tensor_slices([[1.0, 2.0]]))
result = tf.data.experimental.get_next_as_optional(it).get_value()""",
    "types_experimental_functions": """
f = tf.function(lambda x: x + 1)
c = f.get_concrete_function(tf.TensorSpec([], tf.float32))
result = [isinstance(f, tf.types.experimental.GenericFunction),
          isinstance(c, tf.types.experimental.ConcreteFunction)]""",
    **{f"tensor_proto_{k}": f"p = tf.make_tensor_proto({v})\n"
                            "result = [str(p), p.SerializeToString(), tf.make_ndarray(p)]"
       for k, v in {"f32_matrix": "np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)",
                    "int_scalar": "3", "int_list": "[1, 2, 3]", "str_scalar": "'ab'",
                    "bytes_list": "[b'a', b'b\\nc\\x01\"']", "bool_scalar": "np.array(True)",
                    "bool_vector": "np.array([True, False])",
                    "f64_vector": "np.array([1.5, 2.5])", "i64_range": "np.arange(4)",
                    "complex64": "np.array([1 + 2j, 3j], np.complex64)",
                    "half_scalar": "np.float16(1.5)", "uint16": "np.array([1, 2], np.uint16)",
                    "uint32": "np.array([1, 2], np.uint32)", "empty": "np.array([], np.float32)",
                    "float_scalar": "np.float32(0.1)", "double_scalar": "np.float64(0.1)",
                    "int8_neg": "np.array(-3, np.int8)", "tensor": "tf.constant([1, 2])",
                    "broadcast": "1.0, dtype=tf.float64, shape=[2, 2]",
                    "fill_short": "[1.5], shape=[3]",
                    "string_shape": "[[b'x']], shape=[1, 1]"}.items()},
    "tensor_proto_too_many_error": "tf.make_tensor_proto([1, 2, 3], shape=[2])",
    "tensor_proto_verify_shape_error": "tf.make_tensor_proto([1, 2], shape=[3], "
                                       "verify_shape=True)",
    "make_ndarray_not_proto_error": "tf.make_ndarray(3)",
    "tensor_proto_fields": """
p = tf.make_tensor_proto([[1, 2]])
result = [p.dtype, [d.size for d in p.tensor_shape.dim], list(p.int_val), p.tensor_content]""",
}

SNIPPETS.update({
    "iterator_spec_repr": "repr(tf.type_spec_from_value(iter(tf.data.Dataset.range(3))))",
    "iterator_spec_eq": "result = tf.type_spec_from_value(iter(tf.data.Dataset.range(3))) == "
                        "tf.data.IteratorSpec(tf.TensorSpec([], tf.int64))",
    "iterator_spec_is_type_spec": "isinstance(tf.data.IteratorSpec(tf.TensorSpec([])), "
                                  "tf.TypeSpec)",
})
