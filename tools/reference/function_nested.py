"""TF2 reference snippets: tf.function input_signature with nested arguments (lists, tuples,
dicts of TensorSpecs), their concrete functions, and SavedModels of them (call convention,
signature input names)."""

_SAVE = """import tempfile
class M(tf.Module):
    @tf.function(input_signature=[[tf.TensorSpec([None, 2], tf.float32),
                                   tf.TensorSpec([None, 1], tf.float32)],
                                  {'k': tf.TensorSpec([], tf.int32)}])
    def serve(self, xs, d):
        return {'out': tf.concat(xs, 1) * tf.cast(d['k'], tf.float32)}
path = tempfile.mkdtemp()
tf.saved_model.save(M(), path)
loaded = tf.saved_model.load(path)
"""
SNIPPETS = {
    "list_arg": "f = tf.function(lambda xs: xs[0] + xs[1], input_signature=[[tf.TensorSpec("
                "[None], tf.float32), tf.TensorSpec([None], tf.float32)]])\n"
                "result = [f([tf.ones(2), tf.ones(2)]), f([[1., 2., 3.], [1., 1., 1.]]), "
                "f.experimental_get_tracing_count()]",
    "tuple_and_scalar": "f = tf.function(lambda xs, y: xs[0] + xs[1] * y, input_signature=["
                        "(tf.TensorSpec([None], tf.float32), tf.TensorSpec([None], tf.float32)),"
                        " tf.TensorSpec([], tf.float32)])\nresult = f((tf.ones(2), tf.ones(2)), 3.0)",
    "dict_arg": "f = tf.function(lambda d: d['a'] * 2 + d['b'], input_signature=[{'a': "
                "tf.TensorSpec([None], tf.int32), 'b': tf.TensorSpec([], tf.int32)}])\n"
                "result = f({'b': 1, 'a': [1, 2]})",
    "wrong_structure": "f = tf.function(lambda xs: xs[0], input_signature=[[tf.TensorSpec([], "
                       "tf.float32), tf.TensorSpec([], tf.float32)]])\nresult = f([1.0])",
    "wrong_dtype_inside": "f = tf.function(lambda xs: xs[0], input_signature=[[tf.TensorSpec("
                          "[], tf.float32), tf.TensorSpec([], tf.float32)]])\n"
                          "result = f([tf.constant(1), tf.constant(2)])",
    "concrete_no_args": "f = tf.function(lambda d: d['a'] * 2, input_signature=[{'a': "
                        "tf.TensorSpec([None], tf.int32)}])\nc = f.get_concrete_function()\n"
                        "result = c({'a': tf.constant([3, 4])})",
    "saved_call": _SAVE + "result = loaded.serve([tf.ones((1, 2)), tf.zeros((1, 1))], "
                          "{'k': tf.constant(3)})",
    "saved_signature_names": _SAVE + "result = sorted(loaded.signatures['serving_default']"
                                     ".structured_input_signature[1])",
    "saved_signature_call": _SAVE + "result = loaded.signatures['serving_default'](xs=tf.ones(("
                                    "1, 2)), xs_1=tf.zeros((1, 1)), k=tf.constant(2))",
    "saved_wrong_call": _SAVE + "result = loaded.serve(tf.ones((1, 2)), tf.zeros((1, 1)), "
                                "{'k': tf.constant(3)})",
}
