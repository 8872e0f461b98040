"""Keras 3 (TF 2.21) Model.summary() text: the rich table as printed without colours, the
parameter totals, and print_fn receiving the whole summary at once."""

_CAPTURE = """
lines = []
def grab(text, **kwargs):
    lines.append(text)
"""

SNIPPETS = {
    "sequential_cnn": _CAPTURE + """
layers = tf.keras.layers
m = tf.keras.Sequential([tf.keras.Input((28, 28, 1)), layers.Conv2D(8, 3, activation="relu",
    name="c"), layers.MaxPooling2D(name="p"), layers.Flatten(name="f"),
    layers.Dense(10, name="d")], name="seq")
m.summary(line_length=76, print_fn=grab)
result = lines""",
    "functional_chain": _CAPTURE + """
inp = tf.keras.Input((4,), name="x")
o = tf.keras.layers.Dense(2, name="out")(tf.keras.layers.Dense(3, name="h")(inp))
tf.keras.Model(inp, o, name="fn").summary(line_length=80, print_fn=grab)
result = lines""",
    "functional_two_inputs_trainable": _CAPTURE + """
a = tf.keras.Input((4,), name="a")
b = tf.keras.Input((2,), name="b_input_with_a_rather_long_name_here")
x = tf.keras.layers.concatenate([tf.keras.layers.Dense(3, name="da")(a), b], name="cat")
m = tf.keras.Model([a, b], [tf.keras.layers.Dense(1, name="o1")(x),
                            tf.keras.layers.Dense(2, name="o2")(x)], name="multi")
m.layers[1].trainable = False
m.summary(line_length=80, print_fn=grab, show_trainable=True)
result = lines""",
    "unbuilt_sequential": _CAPTURE + """
tf.keras.Sequential([tf.keras.layers.Dense(3, name="d3")], name="lazy").summary(line_length=70,
                                                                     print_fn=grab)
result = lines""",
}
