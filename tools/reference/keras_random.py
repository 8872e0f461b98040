"""Keras 3 reference snippets for ``tf.keras.random`` (TensorFlow backend).

Random streams differ from TF's by design, so snippets record what must match: shapes, dtypes,
bounds, seeding behaviour (an int seed repeats, a SeedGenerator moves on, in eager code and in
tf.function), the SeedGenerator's state, and error classes."""


def meta(expr: str) -> str:
    return f"x = {expr}\nresult = [tuple(x.shape), x.dtype.name]"


def repeats(expr: str) -> str:
    return f"a = np.asarray({expr})\nb = np.asarray({expr})\nresult = bool(np.array_equal(a, b))"


R = "tf.keras.random"
SNIPPETS = {
    "normal_meta": meta(f"{R}.normal((2, 3), seed=1)"),
    "normal_float64": meta(f"{R}.normal((4,), dtype='float64', seed=1)"),
    "normal_float16": meta(f"{R}.normal((4,), dtype='float16', seed=1)"),
    "normal_no_seed": meta(f"{R}.normal((3, 1))"),
    "uniform_meta": meta(f"{R}.uniform((5,), minval=2.0, maxval=3.0, seed=3)"),
    "truncated_normal_meta": meta(f"{R}.truncated_normal((2, 2), seed=4)"),
    "randint_meta": meta(f"{R}.randint((3, 3), 0, 5, seed=2)"),
    "randint_int64": meta(f"{R}.randint((3,), 0, 5, dtype='int64', seed=2)"),
    "categorical_meta": meta(f"{R}.categorical(tf.math.log([[0.5, 0.5], [0.1, 0.9]]), 4, seed=1)"),
    "dropout_meta": meta(f"{R}.dropout(tf.ones((4, 5)), 0.5, seed=1)"),
    "shuffle_meta": meta(f"{R}.shuffle(tf.reshape(tf.range(12), (3, 4)), axis=1, seed=1)"),
    "gamma_meta": meta(f"{R}.gamma((6,), alpha=2.0, seed=1)"),
    "beta_meta": meta(f"{R}.beta((6,), alpha=2.0, beta=3.0, seed=1)"),
    "binomial_meta": meta(f"{R}.binomial((6,), counts=5.0, probabilities=0.5, seed=1)"),
    "normal_int_seed_repeats": repeats(f"{R}.normal((8,), seed=7)"),
    "uniform_int_seed_repeats": repeats(f"{R}.uniform((8,), seed=7)"),
    "normal_no_seed_differs": f"a = np.asarray({R}.normal((8,)))\nb = np.asarray({R}.normal((8,)))\n"
                              "result = bool(np.array_equal(a, b))",
    "seed_generator_moves": f"g = {R}.SeedGenerator(42)\na = np.asarray({R}.normal((8,), seed=g))\n"
                            f"b = np.asarray({R}.normal((8,), seed=g))\n"
                            "result = bool(np.array_equal(a, b))",
    "seed_generator_replays": f"g = {R}.SeedGenerator(42)\na = np.asarray({R}.normal((8,), seed=g))\n"
                              f"h = {R}.SeedGenerator(42)\nb = np.asarray({R}.normal((8,), seed=h))\n"
                              "result = bool(np.array_equal(a, b))",
    "seed_generator_state": f"g = {R}.SeedGenerator(42)\ns0 = g.state.numpy()\n"
                            f"{R}.normal((2,), seed=g)\nresult = [s0, g.state.numpy(), str(np.asarray(g.state).dtype)]",
    "seed_generator_in_function": f"g = {R}.SeedGenerator(5)\n"
                                  f"f = tf.function(lambda: {R}.uniform((6,), seed=g))\n"
                                  "a = f().numpy()\nb = f().numpy()\n"
                                  "result = [bool(np.array_equal(a, b)), g.state.numpy()]",
    "int_seed_in_function": f"f = tf.function(lambda: {R}.uniform((6,), seed=3))\n"
                            "result = bool(np.array_equal(f().numpy(), f().numpy()))",
    "uniform_bounds": f"x = np.asarray({R}.uniform((1000,), minval=-2.0, maxval=-1.0, seed=1))\n"
                      "result = [bool(x.min() >= -2.0), bool(x.max() < -1.0)]",
    "randint_bounds": f"x = np.asarray({R}.randint((1000,), 3, 7, seed=1))\n"
                      "result = sorted(set(x.tolist()))",
    "truncated_bounds": f"x = np.asarray({R}.truncated_normal((1000,), mean=1.0, stddev=0.5, seed=1))\n"
                        "result = [bool(x.min() >= 0.0), bool(x.max() <= 2.0)]",
    "dropout_values": f"x = np.asarray({R}.dropout(tf.ones((50, 40)), 0.25, seed=1))\n"
                      "result = sorted(set(np.round(x, 5).tolist()[0] + np.round(x, 5).tolist()[1]))",
    "shuffle_permutes": f"x = np.asarray({R}.shuffle(tf.range(20), seed=4))\n"
                        "result = sorted(x.tolist())",
    "shuffle_axis1_rows_kept": f"x = np.asarray({R}.shuffle(tf.reshape(tf.range(12), (3, 4)), axis=1, seed=1))\n"
                               "result = [sorted(r.tolist()) for r in x]",
    "categorical_certain": f"{R}.categorical(tf.constant([[-1e9, 0.0], [0.0, -1e9]]), 3, seed=1)",
    "beta_in_unit": f"x = np.asarray({R}.beta((200,), 2.0, 3.0, seed=1))\n"
                    "result = [bool(x.min() > 0), bool(x.max() < 1)]",
    "binomial_bounds": f"x = np.asarray({R}.binomial((200,), 5.0, 0.5, seed=1))\n"
                       "result = [bool(x.min() >= 0), bool(x.max() <= 5), bool(np.all(x == np.round(x)))]",
    "bad_seed_string": f"{R}.normal((2,), seed='a')",
    "bad_seed_generator_seed": f"{R}.SeedGenerator('x')",
    "seed_generator_config": f"c = {R}.SeedGenerator(9, name='gen_a').get_config()\n"
                             f"d = {R}.SeedGenerator.from_config(c).get_config()\nresult = [c, d]",
    "seed_generator_default_name": f"result = {R}.SeedGenerator(9).name.startswith('seed_generator')",
}
