"""TF2 reference snippets for the `tf.compat.v1` subset Estimator model_fns use: losses
(weights, reductions, squeezable labels, shape errors), the eager global step, v1 optimizers'
updates with callable losses, and the calls TF2 refuses eagerly (metrics, placeholders)."""

_LOGITS = "[[1.0, 2.0, 0.5], [3.0, 1.0, -1.0], [0.2, 0.1, 0.4]]"

SNIPPETS = {
    # --- losses ----------------------------------------------------------------------------
    "sparse_softmax_ce_default": f"tf.compat.v1.losses.sparse_softmax_cross_entropy("
                                 f"[0, 1, 2], {_LOGITS})",
    "sparse_softmax_ce_squeezable_labels": f"tf.compat.v1.losses.sparse_softmax_cross_entropy("
                                           f"[[0], [1], [2]], {_LOGITS})",
    "sparse_softmax_ce_weights": f"tf.compat.v1.losses.sparse_softmax_cross_entropy("
                                 f"[0, 1, 2], {_LOGITS}, weights=[1.0, 0.0, 2.0])",
    "sparse_softmax_ce_reduction_none": f"tf.compat.v1.losses.sparse_softmax_cross_entropy("
                                        f"[0, 1, 2], {_LOGITS}, "
                                        f"reduction=tf.compat.v1.losses.Reduction.NONE)",
    "sparse_softmax_ce_reduction_sum": f"tf.compat.v1.losses.sparse_softmax_cross_entropy("
                                       f"[0, 1, 2], {_LOGITS}, weights=2.0, "
                                       f"reduction=tf.compat.v1.losses.Reduction.SUM)",
    "softmax_ce_smoothing": f"tf.compat.v1.losses.softmax_cross_entropy("
                            f"[[1, 0, 0], [0, 1, 0], [0, 0, 1]], {_LOGITS}, "
                            f"label_smoothing=0.2)",
    "sigmoid_ce": "tf.compat.v1.losses.sigmoid_cross_entropy([[1.0, 0.0], [0.0, 1.0]], "
                  "[[0.5, -1.0], [2.0, 0.3]])",
    "sigmoid_ce_smoothing_weights": "tf.compat.v1.losses.sigmoid_cross_entropy("
                                    "[[1.0, 0.0]], [[0.5, -1.0]], weights=[[2.0, 0.0]], "
                                    "label_smoothing=0.1)",
    "mse_default": "tf.compat.v1.losses.mean_squared_error([1.0, 2.0, 3.0], [1.5, 1.0, 3.0])",
    "mse_weights_nonzero": "tf.compat.v1.losses.mean_squared_error([1.0, 2.0, 3.0], "
                           "[1.5, 1.0, 3.0], weights=[0.0, 2.0, 1.0])",
    "mse_reduction_mean": "tf.compat.v1.losses.mean_squared_error([1.0, 2.0], [1.5, 1.0], "
                          "weights=[1.0, 3.0], reduction=tf.compat.v1.losses.Reduction.MEAN)",
    "mse_sum_over_batch": "tf.compat.v1.losses.mean_squared_error([[1.0], [2.0]], "
                          "[[1.5], [1.0]], weights=[[0.0], [1.0]], "
                          "reduction=tf.compat.v1.losses.Reduction.SUM_OVER_BATCH_SIZE)",
    "mse_all_zero_weights": "tf.compat.v1.losses.mean_squared_error([1.0, 2.0], [0.0, 0.0], "
                            "weights=0.0)",
    "mse_incompatible_shapes": "tf.compat.v1.losses.mean_squared_error(tf.ones([4, 1]), "
                               "tf.ones([4]))",
    "mse_labels_none": "tf.compat.v1.losses.mean_squared_error(None, [1.0])",
    "absolute_difference": "tf.compat.v1.losses.absolute_difference([1.0, 2.0, 3.0], "
                           "[1.5, 1.0, 3.0])",
    "huber": "tf.compat.v1.losses.huber_loss([0.0, 0.0, 0.0], [0.5, 2.0, -3.0], delta=1.5)",
    "log_loss": "tf.compat.v1.losses.log_loss([1.0, 0.0], [0.8, 0.3])",
    "hinge": "tf.compat.v1.losses.hinge_loss([1.0, 0.0, 1.0], [0.3, -2.0, 2.0])",
    "compute_weighted_loss": "tf.compat.v1.losses.compute_weighted_loss("
                             "[[1.0, 2.0], [3.0, 4.0]], weights=[[1.0], [0.0]])",
    "reduction_names": "list(tf.compat.v1.losses.Reduction.all())",
    "reduction_default_key": "tf.compat.v1.losses.Reduction.SUM_BY_NONZERO_WEIGHTS",
    "reduction_invalid": "tf.compat.v1.losses.compute_weighted_loss([1.0], "
                         "reduction='bogus')",
    # --- global step and optimizers (eager) -----------------------------------------------
    "global_step_eager": """
step = tf.compat.v1.train.get_or_create_global_step()
result = [step.name, step.dtype.name, step.trainable, step.shape.rank,
          tf.compat.v1.train.get_global_step() is step,
          tf.compat.v1.train.get_or_create_global_step() is step]
""",
    "create_global_step_twice": """
tf.compat.v1.train.get_or_create_global_step()
result = tf.compat.v1.train.create_global_step()
""",
    "sgd_minimize_callable": """
w = tf.Variable([2.0, -1.0])
opt = tf.compat.v1.train.GradientDescentOptimizer(0.1)
for _ in range(3):
    opt.minimize(lambda: tf.reduce_sum(w * w), var_list=[w])
result = w
""",
    "adam_minimize_callable": """
w = tf.Variable([2.0, -1.0])
opt = tf.compat.v1.train.AdamOptimizer(0.1)
for _ in range(3):
    opt.minimize(lambda: tf.reduce_sum(w * w * w), var_list=[w])
result = w
""",
    "adagrad_minimize_callable": """
w = tf.Variable([2.0, -1.0])
opt = tf.compat.v1.train.AdagradOptimizer(0.5)
for _ in range(3):
    opt.minimize(lambda: tf.reduce_sum(w * w), var_list=[w])
result = w
""",
    "rmsprop_minimize_callable": """
w = tf.Variable([2.0, -1.0])
opt = tf.compat.v1.train.RMSPropOptimizer(0.1)
for _ in range(3):
    opt.minimize(lambda: tf.reduce_sum(w * w), var_list=[w])
result = w
""",
    "momentum_minimize_callable": """
w = tf.Variable([2.0, -1.0])
opt = tf.compat.v1.train.MomentumOptimizer(0.1, momentum=0.9)
for _ in range(3):
    opt.minimize(lambda: tf.reduce_sum(w * w), var_list=[w])
result = w
""",
    "ftrl_minimize_callable": """
w = tf.Variable([2.0, -1.0])
opt = tf.compat.v1.train.FtrlOptimizer(0.5, l1_regularization_strength=0.01,
                                       l2_regularization_strength=0.1)
for _ in range(3):
    opt.minimize(lambda: tf.reduce_sum(w * w), var_list=[w])
result = w
""",
    "adagrad_bad_accumulator": "tf.compat.v1.train.AdagradOptimizer(0.1, "
                               "initial_accumulator_value=0.0)",
    # --- what TF2 refuses eagerly -------------------------------------------------------
    "metrics_accuracy_eager": "tf.compat.v1.metrics.accuracy([1, 0], [1, 1])",
    "metrics_mean_eager": "tf.compat.v1.metrics.mean([1.0, 2.0])",
    "placeholder_eager": "tf.compat.v1.placeholder(tf.float32, [None, 2])",
    # --- names ------------------------------------------------------------------------
    "compat_as_bytes": "tf.compat.as_bytes('abc')",
    "compat_as_text": "tf.compat.as_text(b'abc')",
    "compat_as_bytes_bad": "tf.compat.as_bytes(3)",
    "v1_fallback_reduce_sum": "tf.compat.v1.reduce_sum([1, 2, 3])",
    "graph_keys": "[tf.compat.v1.GraphKeys.UPDATE_OPS, tf.compat.v1.GraphKeys.LOSSES, "
                  "tf.compat.v1.GraphKeys.GLOBAL_STEP, tf.compat.v1.GraphKeys.TRAINABLE_VARIABLES]",
}
