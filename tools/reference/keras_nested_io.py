"""Keras 3 reference snippets: input/output of models used inside other functional models
(a Sequential gives its first call's tensors; a functional model keeps its own)."""

_NESTED = """k = tf.keras
base = k.Sequential([k.Input((8,)), k.layers.Dense(4, name="nb1"), k.layers.Dense(3, name="nb2")],
                    name="nbase")
inp = k.Input((8,), name="outer_in")
m = k.Model(inp, k.layers.Dense(1, name="nhead")(base(inp)))
"""
_FUNC = """k = tf.keras
fi = k.Input((5,), name="f_in")
fb = k.Model(fi, k.layers.Dense(2, name="fd2")(k.layers.Dense(3, name="fd1")(fi)), name="fbase")
i2 = k.Input((5,), name="f_outer")
m2 = k.Model(i2, k.layers.Dense(1, name="fhead")(fb(i2)))
"""
SNIPPETS = {
    "sequential_output_is_outer_call": _NESTED + "sub = k.Model(m.input, m.get_layer('nbase')"
                                                 ".output)\nresult = sub(np.ones((2, 8))).shape",
    "sequential_input_is_outer": _NESTED + "result = m.get_layer('nbase').input.name == "
                                           "inp.name",
    "sequential_inner_disconnected": _NESTED + "k.Model(base.input, base.get_layer('nb1')"
                                               ".output)",
    "functional_keeps_own": _FUNC + "sub = k.Model(fb.input, fb.get_layer('fd1').output)\n"
                                    "result = [sub(np.ones((2, 5))).shape, fb.input.name]",
}

SNIPPETS.update({
    "sequential_of_string_layers_on_string_input": """k = tf.keras
s = k.Sequential([k.layers.StringLookup(vocabulary=["a", "b"], name="ns_lookup")],
                 name="ns_seq")
i = k.Input((1,), dtype="string", name="ns_in")
m = k.Model(i, s(i))
result = m(tf.constant([["a"], ["z"], ["b"]]))""",
})
