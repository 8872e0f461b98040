"""Keras 3 reference snippets: the layer entries `Model.get_config()` writes for operations
applied to KerasTensors (`x * 2.0`, `2.0 - x`, `x[:, 0:2]`, `keras.ops.mean(x, axis=1)`,
activations): module, class name, config (the op class's constructor arguments),
registered name and `inbound_nodes` (the call arguments, constants and slices included).

Each snippet starts a fresh session so the automatic names (`multiply`, `multiply_1`...) are
the same in both frameworks, and compares the JSON of the non-input entries, sorted by name.
"""


def entries(outputs: str, error: bool = False) -> str:
    inputs = "[x, y]" if "y" in outputs.replace("keras", "") else "x"
    return ("import json\n"
            "tf.keras.backend.clear_session()\n"
            "ops, A = tf.keras.ops, tf.keras.activations\n"
            "x = tf.keras.Input((4,), name='x')\n"
            "y = tf.keras.Input((4,), name='y')\n"
            f"model = tf.keras.Model({inputs}, {outputs})\n"
            "config = model.get_config()\n"
            "ops_only = [e for e in config['layers'] if e['class_name'] != 'InputLayer']\n"
            "result = json.dumps(sorted(ops_only, key=lambda e: e['name']), sort_keys=True)")


SNIPPETS = {
    # Python operators on KerasTensors (reflected ones write the constant first)
    "arithmetic": entries("[x * 2.0, x + y, x - 1, x / 255.0, x // 2, x % 3, x ** 2]"),
    "reflected": entries("[2.0 - x, 1.0 + x, 3.0 * x, 1.0 / x, 3 ** x, 2 // x, 5 % x]"),
    "unary": entries("[-x, abs(x)]"),
    "comparisons": entries("[x < y, x <= 0.5, x > 0, x >= y]"),
    "logical": entries("[(x > 0) & (y > 0), (x > 0) | (y > 0), ~(x > 0)]"),
    "matmul_constant": entries("x @ ops.ones((4, 3))"),
    "matmul_inputs": entries("ops.matmul(x, ops.transpose(y))"),
    "getitem_slices": entries("[x[:, 0:2], x[:, ::2], x[..., None, 1], x[:, -1]]"),
    # keras.ops functions: constructor arguments in config, tensors in inbound_nodes
    "nn_activations": entries("[ops.relu(x), ops.sigmoid(x), ops.tanh(x), ops.silu(x), "
                              "ops.softmax(x, axis=-1), ops.gelu(x), ops.gelu(x, False)]"),
    "nn_more": entries("[ops.elu(x), ops.leaky_relu(x, 0.3), ops.log_softmax(x), "
                       "ops.softplus(x), ops.relu6(x), ops.selu(x), ops.hard_sigmoid(x)]"),
    "elementwise": entries("[ops.exp(x), ops.log(x), ops.sqrt(x), ops.square(x), ops.abs(x), "
                           "ops.erf(x), ops.power(x, 2), ops.maximum(x, 0.0), "
                           "ops.minimum(x, y)]"),
    "binary_functions": entries("[ops.add(x, 1.0), ops.subtract(x, y), ops.multiply(2.0, x), "
                                "ops.divide(x, y), ops.true_divide(x, 3.0)]"),
    "reductions": entries("[ops.mean(x, axis=1, keepdims=True), ops.sum(x), "
                          "ops.max(x, axis=-1), ops.min(x, axis=1)]"),
    "concatenate_stack": entries("[ops.concatenate([x, y], axis=-1), ops.stack([x, y], axis=1)]"),
    "shape_ops": entries("[ops.squeeze(ops.expand_dims(x, 1), axis=1), "
                         "ops.reshape(x, (-1, 2, 2)), ops.transpose(ops.expand_dims(x, 1), "
                         "(0, 2, 1))]"),
    "cast": entries("[ops.cast(x, 'int32'), ops.cast(x, 'float16')]"),
    "clip_where": entries("[ops.clip(x, 0.0, 1.0), ops.where(x > 0, x, y), ops.where(x > 0)]"),
    "split": entries("ops.split(x, 2, axis=-1)"),
    # activations called on KerasTensors: relu is an operation of its own, others are ops'
    "activations": entries("[A.relu(x), A.relu(x, negative_slope=0.1, max_value=6.0), "
                           "A.softmax(x), A.gelu(x), A.sigmoid(x), A.swish(x), A.exponential(x), "
                           "A.elu(x), A.tanh(x)]"),
    "activation_linear_is_identity": "x = tf.keras.Input((4,))\n"
                                     "result = tf.keras.activations.linear(x) is x",
    # a whole TF2-style model: scaling, a layer, arithmetic on its output
    "preprocess_model": "import json\n"
                        "tf.keras.backend.clear_session()\n"
                        "inputs = tf.keras.Input((6,), name='pixels')\n"
                        "h = tf.keras.layers.Dense(3, name='dense')(inputs / 255.0)\n"
                        "out = tf.keras.ops.relu(h) + h[:, 0:1]\n"
                        "model = tf.keras.Model(inputs, out)\n"
                        "layers = model.get_config()['layers']\n"
                        "keep = [e for e in layers if e['module'].startswith('keras.src.ops')]\n"
                        "result = [[e['name'] for e in layers], json.dumps(keep, sort_keys=True)]",
}
