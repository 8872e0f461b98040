"""Reference snippets for ``tf.variable_creator_scope``: the keyword arguments creators get,
their order (innermost first), creators that change the arguments or return another object,
Keras weights going through creators, and errors."""

LOGGER = """log = []
def creator(next_creator, **kwargs):
    log.append(kwargs)
    return next_creator(**kwargs)
"""

SNIPPETS = {
    "kwarg_names": LOGGER + "with tf.variable_creator_scope(creator):\n"
                   "    v = tf.Variable(1.0, name='a')\nresult = sorted(log[0])",
    "kwarg_values": LOGGER + "with tf.variable_creator_scope(creator):\n"
                    "    v = tf.Variable(1.0, name='a', trainable=False)\nkw = log[0]\n"
                    "result = [kw['name'], kw['trainable'], kw['validate_shape'], kw['dtype'],\n"
                    "          kw['shape'], kw['constraint'], kw['caching_device'],\n"
                    "          kw['experimental_enable_variable_lifting'],\n"
                    "          float(kw['initial_value'])]",
    "kwarg_defaults": LOGGER + "with tf.variable_creator_scope(creator):\n"
                      "    v = tf.Variable([1, 2])\nkw = log[0]\n"
                      "result = [kw['name'], kw['trainable'], kw['initial_value']]",
    "callable_initial_value": LOGGER + "with tf.variable_creator_scope(creator):\n"
                              "    v = tf.Variable(lambda: 3.0)\n"
                              "result = [callable(log[0]['initial_value']), v.numpy()]",
    "positional_args": LOGGER + "with tf.variable_creator_scope(creator):\n"
                       "    v = tf.Variable(2.0, False)\n"
                       "result = [log[0]['trainable'], v.trainable, v.numpy()]",
    "value_passes_through": LOGGER + "with tf.variable_creator_scope(creator):\n"
                            "    v = tf.Variable([[1.0, 2.0]], name='w')\n"
                            "result = [v.name, v.numpy(), v.trainable]",
    "change_trainable": "def c(nxt, **kw):\n    kw['trainable'] = False\n    return nxt(**kw)\n"
                        "with tf.variable_creator_scope(c):\n    v = tf.Variable(1.0)\n"
                        "result = [v.trainable, isinstance(v, tf.Variable)]",
    "change_value_and_name": "def c(nxt, **kw):\n    kw['initial_value'] = 7.0\n"
                             "    kw['name'] = 'zz'\n    return nxt(**kw)\n"
                             "with tf.variable_creator_scope(c):\n    v = tf.Variable(2.0)\n"
                             "result = [v.name, v.numpy()]",
    "change_dtype": "def c(nxt, **kw):\n    kw['dtype'] = tf.float64\n    return nxt(**kw)\n"
                    "with tf.variable_creator_scope(c):\n    v = tf.Variable(2.0)\n"
                    "result = v.dtype.name",
    "return_other_object": "with tf.variable_creator_scope(lambda nxt, **kw: 'hello'):\n"
                           "    v = tf.Variable(1.0)\nresult = v",
    "return_existing_variable": "w = tf.Variable(5.0)\n"
                                "with tf.variable_creator_scope(lambda nxt, **kw: w):\n"
                                "    v = tf.Variable(1.0)\nresult = [v is w, v.numpy()]",
    "nested_order": "order = []\ndef a(n, **kw):\n    order.append('a')\n    return n(**kw)\n"
                    "def b(n, **kw):\n    order.append('b')\n    return n(**kw)\n"
                    "with tf.variable_creator_scope(a):\n"
                    "    with tf.variable_creator_scope(b):\n        tf.Variable(1.0)\n"
                    "    tf.Variable(1.0)\nresult = order",
    "outer_sees_inner_changes": "seen = []\n"
                                "def outer(n, **kw):\n    seen.append(kw['name'])\n"
                                "    return n(**kw)\n"
                                "def inner(n, **kw):\n    kw['name'] = 'renamed'\n"
                                "    return n(**kw)\n"
                                "with tf.variable_creator_scope(outer):\n"
                                "    with tf.variable_creator_scope(inner):\n"
                                "        v = tf.Variable(1.0, name='orig')\n"
                                "result = [seen, v.name]",
    "scope_ends": LOGGER + "with tf.variable_creator_scope(creator):\n    pass\n"
                  "tf.Variable(1.0)\nresult = len(log)",
    "scope_ends_after_error": LOGGER + "try:\n    with tf.variable_creator_scope(creator):\n"
                              "        raise KeyError('x')\nexcept KeyError:\n    pass\n"
                              "tf.Variable(1.0)\nresult = len(log)",
    "creator_called_per_variable": LOGGER + "with tf.variable_creator_scope(creator):\n"
                                   "    for i in range(3):\n        tf.Variable(float(i))\n"
                                   "result = len(log)",
    "not_callable_creator": "with tf.variable_creator_scope(5):\n    tf.Variable(1.0)\n"
                            "result = 0",
    "positional_next_creator": "def c(nxt, **kw):\n    return nxt(kw['initial_value'])\n"
                               "with tf.variable_creator_scope(c):\n    v = tf.Variable(2.0)\n"
                               "result = 0",
    "no_initial_value": LOGGER + "with tf.variable_creator_scope(creator):\n"
                        "    tf.Variable()\nresult = 0",
    "keras_dense_weights": LOGGER + "with tf.variable_creator_scope(creator):\n"
                           "    d = tf.keras.layers.Dense(2, name='vc_dense')\n"
                           "    d.build((None, 3))\n"
                           "result = [[kw['name'], kw['trainable'], kw['dtype']] for kw in log]",
    "keras_weights_changed_value": "def c(nxt, **kw):\n"
                                   "    kw['initial_value'] = tf.ones((3, 2)) * 5\n"
                                   "    return nxt(**kw)\n"
                                   "with tf.variable_creator_scope(c):\n"
                                   "    d = tf.keras.layers.Dense(2, name='vc_dense2',\n"
                                   "                              use_bias=False)\n"
                                   "    d.build((None, 3))\n"
                                   "result = d(tf.ones((1, 3)))",
    "keras_weights_keep_trainable": "def c(nxt, **kw):\n    kw['trainable'] = False\n"
                                    "    return nxt(**kw)\n"
                                    "with tf.variable_creator_scope(c):\n"
                                    "    d = tf.keras.layers.Dense(2, name='vc_dense3')\n"
                                    "    d.build((None, 3))\n"
                                    "result = [d.kernel.trainable, len(d.trainable_weights)]",
    "keras_variable": LOGGER + "with tf.variable_creator_scope(creator):\n"
                      "    w = tf.keras.Variable(1.0)\nresult = len(log)",
}
