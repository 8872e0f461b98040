"""Keras 3 reference snippets: optimizer updates over several steps (variables and slots),
clipping, weight decay, EMA, gradient accumulation, schedules, configs and identifiers."""

# Two variables and a fixed, step-dependent gradient sequence (no tape involved), so the
# snippets pin the optimizers' arithmetic alone.
_SETUP = """
v1 = tf.Variable(np.array([[0.5, -1.2, 2.0], [0.0, 3.0, -0.1]], dtype='{dtype}'))
v2 = tf.Variable(np.array([0.3, -0.7], dtype='{dtype}'))
def grads(step):
    g1 = np.sin(np.arange(6.0).reshape(2, 3) * 1.3 + step) * (step + 1)
    g2 = np.cos(np.arange(2.0) * 0.7 - step) * 0.5
    return [tf.constant(g1.astype('{dtype}')), tf.constant(g2.astype('{dtype}'))]
opt = {make}
"""

_EAGER = _SETUP + """
for step in range({steps}):
    opt.apply_gradients(zip(grads(step), [v1, v2]))
result = [v1, v2] + [tf.convert_to_tensor(v) for v in opt.variables]
"""

_GRAPH = _SETUP + """
@tf.function
def train(g1, g2):
    opt.apply_gradients([(g1, v1), (g2, v2)])
for step in range({steps}):
    train(*grads(step))
result = [v1, v2] + [tf.convert_to_tensor(v) for v in opt.variables]
"""

_OPTIMIZERS = {
    "sgd": "tf.keras.optimizers.SGD()",
    "sgd_momentum": "tf.keras.optimizers.SGD(0.1, momentum=0.9)",
    "sgd_nesterov": "tf.keras.optimizers.SGD(0.05, momentum=0.5, nesterov=True)",
    "adam": "tf.keras.optimizers.Adam()",
    "adam_custom": "tf.keras.optimizers.Adam(0.05, beta_1=0.8, beta_2=0.95, epsilon=1e-3)",
    "adam_amsgrad": "tf.keras.optimizers.Adam(0.1, amsgrad=True)",
    "adamw": "tf.keras.optimizers.AdamW(0.01)",
    "adamw_amsgrad": "tf.keras.optimizers.AdamW(0.02, weight_decay=0.1, amsgrad=True)",
    "rmsprop": "tf.keras.optimizers.RMSprop()",
    "rmsprop_centered_momentum":
        "tf.keras.optimizers.RMSprop(0.01, rho=0.8, momentum=0.5, centered=True)",
    "adagrad": "tf.keras.optimizers.Adagrad(0.1)",
    "adagrad_zero_init": "tf.keras.optimizers.Adagrad(0.1, initial_accumulator_value=0.0)",
    "adadelta": "tf.keras.optimizers.Adadelta(1.0)",
    "adamax": "tf.keras.optimizers.Adamax(0.02)",
    "nadam": "tf.keras.optimizers.Nadam(0.02)",
    "ftrl": "tf.keras.optimizers.Ftrl(0.1)",
    "ftrl_regularized": ("tf.keras.optimizers.Ftrl(0.2, learning_rate_power=-0.3, "
                         "l1_regularization_strength=0.05, l2_regularization_strength=0.1, "
                         "l2_shrinkage_regularization_strength=0.02, beta=0.5)"),
    "lion": "tf.keras.optimizers.Lion(0.01)",
    "lion_decay": "tf.keras.optimizers.Lion(0.01, beta_1=0.5, beta_2=0.9, weight_decay=0.1)",
    "lamb": "tf.keras.optimizers.Lamb(0.01)",
    "lamb_decay": "tf.keras.optimizers.Lamb(0.05, beta_1=0.8, epsilon=1e-4, weight_decay=0.01)",
    "adafactor": "tf.keras.optimizers.Adafactor()",
    "adafactor_custom": ("tf.keras.optimizers.Adafactor(0.05, beta_2_decay=-0.5, epsilon_2=0.01, "
                         "clip_threshold=0.5, relative_step=False)"),
    "sgd_clipnorm": "tf.keras.optimizers.SGD(0.1, clipnorm=1.0)",
    "sgd_clipvalue": "tf.keras.optimizers.SGD(0.1, clipvalue=0.5)",
    "adam_global_clipnorm": "tf.keras.optimizers.Adam(0.1, global_clipnorm=2.0)",
    "sgd_weight_decay": "tf.keras.optimizers.SGD(0.1, weight_decay=0.05)",
    "sgd_loss_scale": "tf.keras.optimizers.SGD(0.1, loss_scale_factor=4.0)",
    "adam_ema": "tf.keras.optimizers.Adam(0.1, use_ema=True, ema_momentum=0.9)",
    "sgd_ema_overwrite": ("tf.keras.optimizers.SGD(0.1, momentum=0.5, use_ema=True, "
                          "ema_momentum=0.8, ema_overwrite_frequency=2)"),
    "adam_accumulation": "tf.keras.optimizers.Adam(0.1, gradient_accumulation_steps=2)",
    "sgd_accumulation_ema": ("tf.keras.optimizers.SGD(0.1, gradient_accumulation_steps=3, "
                             "use_ema=True)"),
    "adam_exponential_decay": ("tf.keras.optimizers.Adam(tf.keras.optimizers.schedules."
                               "ExponentialDecay(0.1, 2, 0.5))"),
    "sgd_piecewise": ("tf.keras.optimizers.SGD(tf.keras.optimizers.schedules."
                      "PiecewiseConstantDecay([1, 3], [0.1, 0.05, 0.01]), momentum=0.9)"),
    "rmsprop_cosine_warmup": ("tf.keras.optimizers.RMSprop(tf.keras.optimizers.schedules."
                              "CosineDecay(0.0, 4, warmup_target=0.1, warmup_steps=2))"),
    "adamw_schedule": ("tf.keras.optimizers.AdamW(tf.keras.optimizers.schedules."
                       "InverseTimeDecay(0.1, 1, 0.5), weight_decay=0.1)"),
}

SNIPPETS = {}
for _name, _make in _OPTIMIZERS.items():
    SNIPPETS[f"{_name}_5_steps"] = _EAGER.format(dtype="float32", make=_make, steps=5)
for _name in ("sgd_momentum", "adam", "adam_amsgrad", "rmsprop_centered_momentum", "adadelta",
              "nadam", "ftrl_regularized", "lion", "adam_global_clipnorm", "adam_ema",
              "sgd_ema_overwrite", "adam_accumulation", "sgd_accumulation_ema",
              "adam_exponential_decay", "rmsprop_cosine_warmup", "lamb"):
    SNIPPETS[f"{_name}_in_function"] = _GRAPH.format(dtype="float32", make=_OPTIMIZERS[_name],
                                                     steps=5)
for _name in ("sgd_momentum", "adam", "rmsprop", "adagrad", "adamax", "nadam", "ftrl", "lion",
              "adamw"):
    SNIPPETS[f"{_name}_float64"] = _EAGER.format(dtype="float64", make=_OPTIMIZERS[_name],
                                                 steps=4)

_DEFAULTS = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam",
             "Ftrl", "Lion", "Lamb", "Adafactor"]
for _cls in _DEFAULTS:
    SNIPPETS[f"config_{_cls.lower()}"] = (
        f"result = {{k: v for k, v in tf.keras.optimizers.{_cls}().get_config().items() "
        f"if k != 'name'}}")

SNIPPETS.update({
    # --- construction and properties -----------------------------------------------------------
    "iterations_dtype": "tf.convert_to_tensor(tf.keras.optimizers.Adam().iterations)",
    "learning_rate_variable": "tf.convert_to_tensor(tf.keras.optimizers.SGD(0.25).learning_rate)",
    "learning_rate_set_float": """
opt = tf.keras.optimizers.SGD(0.25)
opt.learning_rate = 0.5
result = [tf.convert_to_tensor(opt.learning_rate), opt.get_config()['learning_rate']]
""",
    "learning_rate_set_on_schedule_error": """
opt = tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5))
opt.learning_rate = 0.3
result = 0
""",
    "learning_rate_schedule_value": """
opt = tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5))
v = tf.Variable([1.0])
for _ in range(3):
    opt.apply_gradients([(tf.constant([1.0]), v)])
result = [opt.learning_rate, v, [x.name for x in opt.variables]]
""",
    "learning_rate_callable": """
opt = tf.keras.optimizers.SGD(lambda: 0.5)
v = tf.Variable([1.0])
opt.apply_gradients([(tf.constant([1.0]), v)])
result = v
""",
    "learning_rate_int_error": "tf.keras.optimizers.SGD(1)",
    "learning_rate_tensor_error": "tf.keras.optimizers.SGD(tf.constant(0.1))",
    "sgd_momentum_int_error": "tf.keras.optimizers.SGD(0.1, momentum=1)",
    "sgd_momentum_range_error": "tf.keras.optimizers.SGD(0.1, momentum=1.5)",
    "two_clips_error": "tf.keras.optimizers.SGD(clipnorm=1.0, clipvalue=1.0)",
    "unknown_argument_error": "tf.keras.optimizers.Adam(foo=1)",
    "adamw_none_decay_error": "tf.keras.optimizers.AdamW(weight_decay=None)",
    "accumulation_steps_error": "tf.keras.optimizers.SGD(gradient_accumulation_steps=1)",
    "ema_momentum_error": "tf.keras.optimizers.SGD(use_ema=True, ema_momentum=1.5)",
    "lion_beta_error": "tf.keras.optimizers.Lion(beta_1=0.0)",
    "ftrl_power_error": "tf.keras.optimizers.Ftrl(learning_rate_power=0.5)",
    "ftrl_l1_error": "tf.keras.optimizers.Ftrl(l1_regularization_strength=-1.0)",
    "has_no_minimize": "hasattr(tf.keras.optimizers.Adam(), 'minimize')",
    "legacy_error": "tf.keras.optimizers.legacy.Adam()",
    "slot_names": """
opt = tf.keras.optimizers.Adam(amsgrad=True)
opt.build([tf.Variable([1.0]), tf.Variable([[2.0]], name='dense/kernel')])
result = [v.name for v in opt.variables]
""",
    "slot_names_nadam_ema_accumulation": """
opt = tf.keras.optimizers.Nadam(use_ema=True, gradient_accumulation_steps=2)
opt.build([tf.Variable([1.0], name='a'), tf.Variable([[2.0]], name='b')])
# the last is Nadam's unnamed product variable: its name counts Keras variables made so far
result = [[v.name, tf.as_dtype(v.dtype).name] for v in opt.variables[:-1]]
result.append(opt.variables[-1].name.startswith('variable'))
""",
    "adafactor_3d_and_vector": """
v = tf.Variable(np.linspace(-1.0, 1.0, 24).reshape(2, 3, 4).astype(np.float32))
w = tf.Variable([0.5, -2.0], name='b')
opt = tf.keras.optimizers.Adafactor(0.1)
for step in range(4):
    g = np.cos(np.arange(24.0).reshape(2, 3, 4) + step).astype(np.float32)
    opt.apply_gradients([(tf.constant(g), v), (tf.constant([1.0, -0.5 * step]), w)])
result = [v, w] + [tf.convert_to_tensor(x) for x in opt.variables]
result.append([[x.name, tf.as_dtype(x.dtype).name] for x in opt.variables])
""",
    "lamb_zero_variable": """
v = tf.Variable([0.0, 0.0])
opt = tf.keras.optimizers.Lamb(0.1)
opt.apply_gradients([(tf.constant([1.0, -2.0]), v)])
opt.apply_gradients([(tf.constant([0.0, 0.0]), v)])
result = v
""",
    "slots_float16": """
opt = tf.keras.optimizers.Adam(0.1)
v = tf.Variable(np.array([1.0, 2.0], np.float16))
opt.apply_gradients([(tf.constant(np.array([0.5, -0.5], np.float16)), v)])
result = [v] + [tf.convert_to_tensor(x) for x in opt.variables]
""",
    # --- apply / apply_gradients ---------------------------------------------------------------
    "apply_gradients_returns_iterations": """
v = tf.Variable([1.0])
result = tf.convert_to_tensor(
    tf.keras.optimizers.SGD().apply_gradients([(tf.constant([1.0]), v)]))
""",
    "apply_returns_none": """
v = tf.Variable([1.0])
result = tf.keras.optimizers.SGD().apply([tf.constant([1.0])], [v])
""",
    "apply_without_variables": """
v = tf.Variable([1.0, 2.0])
opt = tf.keras.optimizers.SGD(0.5)
opt.build([v])
opt.apply([tf.constant([1.0, -1.0])])
result = [v, tf.convert_to_tensor(opt.iterations)]
""",
    "apply_unbuilt_without_variables_error":
        "tf.keras.optimizers.SGD().apply([tf.constant([1.0])])",
    "apply_wrong_count_error": """
opt = tf.keras.optimizers.SGD()
opt.build([tf.Variable([1.0]), tf.Variable([2.0])])
opt.apply([tf.constant([1.0])])
result = 0
""",
    "apply_empty_is_noop": """
opt = tf.keras.optimizers.SGD()
result = [opt.apply([], []), tf.convert_to_tensor(opt.iterations)]
""",
    "none_gradient_skipped": """
import warnings
v, w = tf.Variable([1.0]), tf.Variable([2.0])
opt = tf.keras.optimizers.Adam(0.1)
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    opt.apply_gradients([(None, v), (tf.constant([1.0]), w)])
result = [v, w, tf.convert_to_tensor(opt.iterations), len(opt.variables)]
""",
    "all_none_gradients_error": """
v = tf.Variable([1.0])
tf.keras.optimizers.SGD().apply_gradients([(None, v)])
result = 0
""",
    "unknown_variable_error": """
opt = tf.keras.optimizers.SGD()
opt.apply_gradients([(tf.constant([1.0]), tf.Variable([1.0]))])
opt.apply_gradients([(tf.constant([1.0]), tf.Variable([1.0]))])
result = 0
""",
    "constraint_applied": """
v = tf.Variable([0.5, -0.5], constraint=lambda x: tf.clip_by_value(x, -0.6, 0.6))
opt = tf.keras.optimizers.SGD(1.0)
opt.apply_gradients([(tf.constant([-1.0, 1.0]), v)])
result = v
""",
    "gradient_dtype_cast": """
v = tf.Variable(np.array([1.0, 2.0]))
opt = tf.keras.optimizers.Adam(0.1)
opt.apply_gradients([(tf.constant([0.5, -1.0]), v)])
result = [v] + [tf.convert_to_tensor(x) for x in opt.variables]
""",
    "exclude_from_weight_decay_names": """
w = tf.Variable([1.0, 2.0], name='kernel')
b = tf.Variable([1.0, 2.0], name='bias')
opt = tf.keras.optimizers.AdamW(0.1, weight_decay=0.5)
opt.exclude_from_weight_decay(var_names=['bias'])
opt.apply_gradients([(tf.constant([0.0, 0.0]), w), (tf.constant([0.0, 0.0]), b)])
result = [w, b]
""",
    "exclude_from_weight_decay_list": """
w = tf.Variable([1.0, 2.0])
b = tf.Variable([1.0, 2.0])
opt = tf.keras.optimizers.SGD(0.1, weight_decay=0.5)
opt.exclude_from_weight_decay(var_list=[w])
opt.apply_gradients([(tf.constant([1.0, 1.0]), w), (tf.constant([1.0, 1.0]), b)])
result = [w, b]
""",
    "finalize_variable_values_ema": """
v = tf.Variable([1.0, -1.0])
opt = tf.keras.optimizers.SGD(0.5, use_ema=True, ema_momentum=0.5)
for g in ([1.0, 2.0], [0.5, -1.0], [2.0, 0.0]):
    opt.apply_gradients([(tf.constant(g), v)])
before = tf.identity(v)
opt.finalize_variable_values([v])
result = [before, v]
""",
    "clipnorm_zero_gradient": """
v = tf.Variable([1.0, 2.0])
opt = tf.keras.optimizers.SGD(1.0, clipnorm=1.0)
opt.apply_gradients([(tf.constant([0.0, 0.0]), v)])
result = v
""",
    "global_clipnorm_nonfinite": """
v = tf.Variable([1.0, 2.0])
opt = tf.keras.optimizers.SGD(1.0, global_clipnorm=1.0)
opt.apply_gradients([(tf.constant([np.inf, 1.0]), v)])
result = v
""",
    "tape_training_loop": """
w = tf.Variable([[0.1, -0.2], [0.3, 0.4]])
b = tf.Variable([0.0, 0.1])
x = tf.constant([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
y = tf.constant([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
opt = tf.keras.optimizers.Adam(0.05)
for _ in range(10):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((tf.matmul(x, w) + b - y) ** 2)
    opt.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b]))
result = [w, b, loss]
""",
    "set_weights": """
v = tf.Variable([1.0, 2.0])
opt = tf.keras.optimizers.SGD(0.1, momentum=0.9)
opt.build([v])
opt.set_weights([np.int64(5), np.float32(0.5), np.array([1.0, -1.0], np.float32)])
opt.apply_gradients([(tf.constant([1.0, 1.0]), v)])
result = [v] + [tf.convert_to_tensor(x) for x in opt.variables]
""",
    "scale_loss": "tf.keras.optimizers.SGD(loss_scale_factor=8.0).scale_loss(tf.constant(2.0))",
    # --- identifiers and configs ---------------------------------------------------------------
    "get_adam": "type(tf.keras.optimizers.get('adam')).__name__",
    "get_capitalised": "type(tf.keras.optimizers.get('RMSprop')).__name__",
    "get_upper": "type(tf.keras.optimizers.get('ADAMW')).__name__",
    "get_lamb_not_an_identifier": "tf.keras.optimizers.get('lamb')",
    "get_adafactor": "type(tf.keras.optimizers.get('Adafactor')).__name__",
    "get_config_dict": """
opt = tf.keras.optimizers.get({'class_name': 'SGD', 'config': {'learning_rate': 0.5,
                                                                'momentum': 0.9}})
result = [type(opt).__name__, tf.convert_to_tensor(opt.learning_rate), opt.momentum]
""",
    "get_instance_passthrough": """
opt = tf.keras.optimizers.Nadam()
result = tf.keras.optimizers.get(opt) is opt
""",
    "get_none": "tf.keras.optimizers.get(None)",
    "get_unknown_error": "tf.keras.optimizers.get('nope')",
    "get_unknown_dict_error": "tf.keras.optimizers.get({'class_name': 'Nope', 'config': {}})",
    "get_int_error": "tf.keras.optimizers.get(5)",
    "get_schedule_error": ("tf.keras.optimizers.get(tf.keras.optimizers.schedules."
                           "ExponentialDecay(0.1, 10, 0.9))"),
    "serialize_adam": """
config = tf.keras.optimizers.serialize(tf.keras.optimizers.Adam(0.01, amsgrad=True))
config['config'].pop('name')
result = config
""",
    "serialize_with_schedule": """
config = tf.keras.optimizers.serialize(tf.keras.optimizers.SGD(
    tf.keras.optimizers.schedules.PolynomialDecay(0.1, 100, power=2.0)))
config['config'].pop('name')
result = config
""",
    "deserialize_round_trip": """
config = tf.keras.optimizers.serialize(tf.keras.optimizers.RMSprop(0.01, centered=True))
opt = tf.keras.optimizers.deserialize(config)
result = [type(opt).__name__, tf.convert_to_tensor(opt.learning_rate), opt.centered,
          opt.rho]
""",
    "from_config_schedule": """
opt = tf.keras.optimizers.Adam(tf.keras.optimizers.schedules.CosineDecay(0.1, 10))
clone = tf.keras.optimizers.Adam.from_config(opt.get_config())
result = [type(clone._learning_rate).__name__, clone.learning_rate]
""",
    "config_clip_and_ema": """
config = tf.keras.optimizers.Lion(0.01, global_clipnorm=1.0, use_ema=True,
                                  ema_overwrite_frequency=5, weight_decay=0.1).get_config()
config.pop('name')
result = config
""",
    "config_learning_rate_float32": "tf.keras.optimizers.SGD(0.1).get_config()['learning_rate']",
})

# --- schedules ---------------------------------------------------------------------------------
_SCHEDULES = {
    "exponential": "ExponentialDecay(0.1, 3, 0.5)",
    "exponential_staircase": "ExponentialDecay(0.1, 3, 0.5, staircase=True)",
    "piecewise": "PiecewiseConstantDecay([2, 5], [1.0, 0.5, 0.1])",
    "piecewise_float_boundaries": "PiecewiseConstantDecay([2.5, 5.5], [1.0, 0.5, 0.1])",
    "polynomial": "PolynomialDecay(0.1, 6)",
    "polynomial_power_end": "PolynomialDecay(0.1, 6, end_learning_rate=0.01, power=2.0)",
    "polynomial_cycle": "PolynomialDecay(0.1, 3, end_learning_rate=0.01, cycle=True)",
    "inverse_time": "InverseTimeDecay(0.1, 2, 0.5)",
    "inverse_time_staircase": "InverseTimeDecay(0.1, 2, 0.5, staircase=True)",
    "cosine": "CosineDecay(0.1, 6)",
    "cosine_alpha": "CosineDecay(0.1, 6, alpha=0.2)",
    "cosine_warmup": "CosineDecay(0.0, 6, warmup_target=0.2, warmup_steps=3)",
    "cosine_warmup_alpha": "CosineDecay(0.05, 5, alpha=0.1, warmup_target=0.3, warmup_steps=2)",
    "cosine_restarts": "CosineDecayRestarts(0.1, 2)",
    "cosine_restarts_constant_period": "CosineDecayRestarts(0.1, 3, t_mul=1.0, m_mul=0.5)",
    "cosine_restarts_alpha": "CosineDecayRestarts(0.1, 2, t_mul=1.5, m_mul=0.8, alpha=0.1)",
}
for _name, _make in _SCHEDULES.items():
    SNIPPETS[f"schedule_{_name}"] = (
        f"s = tf.keras.optimizers.schedules.{_make}\n"
        f"result = [s(step) for step in range(14)]")
    SNIPPETS[f"schedule_{_name}_config"] = (
        f"tf.keras.optimizers.schedules.serialize(tf.keras.optimizers.schedules.{_make})")

SNIPPETS.update({
    "schedule_int64_variable_step": """
s = tf.keras.optimizers.schedules.PiecewiseConstantDecay([2, 5], [1.0, 0.5, 0.1])
step = tf.Variable(np.int64(3))
result = [s(step), tf.keras.optimizers.schedules.CosineDecay(0.1, 6)(step)]
""",
    "schedule_float64_initial": "tf.keras.optimizers.schedules.ExponentialDecay("
                                "np.float64(0.1), 3, 0.5)(4)",
    "schedule_zero_decay_steps_error": "tf.keras.optimizers.schedules.ExponentialDecay(0.1, 0, "
                                       "0.5)",
    "schedule_restarts_zero_steps_error":
        "tf.keras.optimizers.schedules.CosineDecayRestarts(0.1, 0)",
    "schedule_piecewise_length_error":
        "tf.keras.optimizers.schedules.PiecewiseConstantDecay([1, 2], [0.1])",
    "schedule_base_call_error": "tf.keras.optimizers.schedules.LearningRateSchedule()(1)",
    "schedule_deserialize": """
s = tf.keras.optimizers.schedules.deserialize({'module': 'keras.optimizers.schedules',
    'class_name': 'InverseTimeDecay', 'config': {'initial_learning_rate': 0.5,
    'decay_steps': 2, 'decay_rate': 1.0, 'staircase': False, 'name': 'x'},
    'registered_name': None})
result = [type(s).__name__, s(4), s.get_config()]
""",
    "schedule_in_function": """
s = tf.keras.optimizers.schedules.CosineDecay(0.0, 6, warmup_target=0.2, warmup_steps=3)
step = tf.Variable(np.int64(0))
@tf.function
def rate():
    value = s(step)
    step.assign_add(1)
    return value
result = [rate() for _ in range(10)]
""",
})
