"""Keras 3 reference snippets: operations on KerasTensors in functional models (x * 2,
ops.relu(x), x[:, :2], ops.concatenate) are graph nodes listed by summary() but not layers."""

_MODEL = """keras = tf.keras
i = keras.Input((4,), name="i")
x = keras.layers.Dense(3, name="d")(i)
z = keras.ops.relu(x * 2.0 + 1.0)
m = keras.Model(i, [z[:, 0:2], keras.ops.concatenate([z, x], axis=-1)])
lines = []
m.summary(print_fn=lambda s, **k: lines.append(s))
import re
"""
SNIPPETS = {
    "layers_exclude_ops": _MODEL + "result = [[l.name for l in m.layers], len(m.weights)]",
    "summary_types": _MODEL + "result = re.findall(r'\\((\\w+)\\)\\s', '\\n'.join(lines))",
    "summary_names": _MODEL + "result = [n.rstrip('_0123456789') for n in re.findall("
                              "r'[│|] (\\w+) \\(\\w+\\)', '\\n'.join(lines))]",
    "get_layer_op_missing": _MODEL + "m.get_layer('multiply')",
    "predict": _MODEL + "import numpy as np\nm.set_weights([np.ones((4, 3), 'float32'), "
                        "np.zeros(3, 'float32')])\nresult = m.predict(np.ones((1, 4), "
                        "'float32'), verbose=0)",
}
