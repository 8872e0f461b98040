"""Keras 3 reference snippets for tf.keras.callbacks: EarlyStopping, ReduceLROnPlateau,
LearningRateScheduler, CSVLogger, TerminateOnNaN, ModelCheckpoint, LambdaCallback, the logs
callbacks see, and the progress bar's text (with a fake clock).

Most snippets drive a callback with a scripted sequence of epoch logs (on a compiled model, so
`model.optimizer` and `model.stop_training` are real); some run a real `fit` and inject the
monitored values from a LambdaCallback placed before the callback under test."""

_MODEL = """
import os, tempfile
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss=tf.keras.losses.MeanSquaredError())
x = np.array([[0.1, 0.2], [0.3, -0.1], [0.5, 0.4], [-0.2, 0.3]], 'float32')
y = np.array([[0.3], [0.1], [0.8], [0.2]], 'float32')
"""

# EarlyStopping driven with scripted values: which epochs ask to stop, then its state
_EARLY = _MODEL + """
cb = tf.keras.callbacks.EarlyStopping({args})
cb.set_model(model)
cb.on_train_begin()
stops = []
for epoch, value in enumerate({values}):
    model.stop_training = False
    cb.on_epoch_end(epoch, {{'{key}': value}})
    stops.append(bool(model.stop_training))
result = [stops, cb.wait, cb.best, cb.stopped_epoch, cb.best_epoch]
"""

# a real fit whose monitored value comes from a scripted sequence
_EARLY_FIT = _MODEL + """
values = {values}
def inject(epoch, logs):
    logs['{key}'] = values[epoch]
cb = tf.keras.callbacks.EarlyStopping({args})
h = model.fit(x, y, epochs=len(values), batch_size=2, verbose=0, shuffle=False,
              callbacks=[tf.keras.callbacks.LambdaCallback(on_epoch_end=inject), cb])
result = [len(h.history['loss']), h.history['{key}'], cb.stopped_epoch, cb.best_epoch]
"""

_RESTORE = _MODEL + """
values = {values}
weights = []
def inject(epoch, logs):
    logs['val_loss'] = values[epoch]
    weights.append(model.get_weights())
cb = tf.keras.callbacks.EarlyStopping(restore_best_weights=True, {args})
h = model.fit(x, y, epochs=len(values), batch_size=2, verbose=0, shuffle=False,
              callbacks=[tf.keras.callbacks.LambdaCallback(on_epoch_end=inject), cb])
final = model.get_weights()
result = [len(h.history['loss']),
          [all(np.allclose(a, b) for a, b in zip(final, w)) for w in weights]]
"""

_REDUCE = _MODEL + """
cb = tf.keras.callbacks.ReduceLROnPlateau({args})
cb.set_model(model)
cb.on_train_begin()
lrs, logged, waits = [], [], []
for epoch, value in enumerate({values}):
    logs = {{'{key}': value}}
    cb.on_epoch_end(epoch, logs)
    lrs.append(float(model.optimizer.learning_rate.numpy()))
    logged.append(logs['learning_rate'])
    waits.append([cb.wait, cb.cooldown_counter])
result = [lrs, logged, waits]
"""

_SCHEDULE = _MODEL + """
cb = tf.keras.callbacks.LearningRateScheduler({schedule})
h = model.fit(x, y, epochs=4, batch_size=2, verbose=0, shuffle=False, callbacks=[cb])
result = [h.history['learning_rate'], float(model.optimizer.learning_rate.numpy()),
          list(h.history)]
"""

_CSV = _MODEL + """
path = os.path.join(tempfile.mkdtemp(), 'log.csv')
{before}
cb = tf.keras.callbacks.CSVLogger(path, {args})
cb.set_model(model)
cb.on_train_begin()
for epoch, logs in enumerate({logs}):
    cb.on_epoch_end(epoch, logs)
cb.on_train_end()
with open(path, newline='') as f:
    result = f.read()
"""

_CHECKPOINT = """
import os, tempfile
saved = []
class Recorder(tf.keras.Sequential):
    def save(self, filepath, overwrite=True, **kwargs):
        saved.append(('save', os.path.basename(filepath)))
    def save_weights(self, filepath, overwrite=True, **kwargs):
        saved.append(('weights', os.path.basename(filepath)))
model = Recorder([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss=tf.keras.losses.MeanSquaredError())
x = np.zeros((8, 2), 'float32')
y = np.zeros((8, 1), 'float32')
values = {values}
def inject(epoch, logs):
    logs['val_loss'] = values[epoch]
    logs['acc'] = 0.5 + 0.125 * epoch
cb = tf.keras.callbacks.ModelCheckpoint(os.path.join(tempfile.mkdtemp(), {path!r}), {args})
model.fit(x, y, epochs=len(values), batch_size=2, verbose=0, shuffle=False,
          callbacks=[tf.keras.callbacks.LambdaCallback(on_epoch_end=inject), cb])
result = [saved, cb.best]
"""

# the progress bar's exact text, with a clock that advances `dt` seconds per reading
_PROGBAR = """
import io, sys, time, contextlib
class Tty(io.StringIO):
    def isatty(self):
        return True
clock = [1000.0]
def fake_time():
    clock[0] += {dt}
    return clock[0]
real_time, time.time = time.time, fake_time
out = Tty()
try:
    with contextlib.redirect_stdout(out):
        cbs = tf.keras.callbacks.CallbackList([tf.keras.callbacks.ProgbarLogger()],
                                              verbose={verbose}, epochs=2, steps={steps})
        cbs.on_train_begin()
        for epoch in range(2):
            cbs.on_epoch_begin(epoch)
            for step in range({batches}):
                cbs.on_train_batch_begin(step)
                cbs.on_train_batch_end(step, {{'loss': 1.0 / (step + 1 + epoch),
                                               'accuracy': 0.25 * step}})
            cbs.on_epoch_end(epoch, {{'loss': 0.5 / (epoch + 1), 'accuracy': 0.75,
                                      'val_loss': 1e-4 * epoch - 1e-5}})
        cbs.on_train_end()
finally:
    time.time = real_time
result = out.getvalue()
"""

_ES_VALUES = "[1.0, 0.8, 0.85, 0.9, 0.7, 0.75, 0.76, 0.77, 0.6]"
_BASELINE_VALUES = "[0.9, 0.8, 0.7, 0.6, 0.55, 0.45, 0.5, 0.52, 0.53, 0.4]"

SNIPPETS = {
    # --- EarlyStopping -------------------------------------------------------------------------
    "early_patience_0": _EARLY.format(args="", values=_ES_VALUES, key="val_loss"),
    "early_patience_2": _EARLY.format(args="patience=2", values=_ES_VALUES, key="val_loss"),
    "early_min_delta": _EARLY.format(args="patience=1, min_delta=0.12", values=_ES_VALUES,
                                     key="val_loss"),
    "early_mode_max": _EARLY.format(args="monitor='val_auc', mode='max', patience=1",
                                    values=_ES_VALUES, key="val_auc"),
    "early_max_min_delta": _EARLY.format(
        args="monitor='acc', mode='max', patience=1, min_delta=-0.05",
        values="[0.5, 0.53, 0.56, 0.6, 0.58, 0.59]", key="acc"),
    "early_baseline_never_beaten": _EARLY.format(args="patience=3, baseline=0.5",
                                                 values=_BASELINE_VALUES, key="val_loss"),
    "early_baseline_beaten": _EARLY.format(args="patience=2, baseline=0.58",
                                           values=_BASELINE_VALUES, key="val_loss"),
    "early_start_from_epoch": _EARLY.format(args="patience=1, start_from_epoch=3",
                                            values=_ES_VALUES, key="val_loss"),
    "early_float32_comparison": _EARLY.format(args="monitor='loss'",
                                              values="[1.0, 1.0 - 1e-9, 0.5]", key="loss"),
    "early_monitor_missing": _EARLY.format(args="", values="[1.0, 0.5]", key="loss"),
    "early_unknown_direction": _EARLY.format(args="monitor='val_thing'", values="[1.0, 0.5]",
                                             key="val_thing"),
    "early_unknown_mode_is_auto": _EARLY.format(args="mode='lowest', patience=1",
                                                values=_ES_VALUES, key="val_loss"),
    "early_fit_stops": _EARLY_FIT.format(args="patience=2", values=_ES_VALUES, key="val_loss"),
    "early_fit_baseline": _EARLY_FIT.format(args="patience=3, baseline=0.5",
                                            values=_BASELINE_VALUES, key="val_loss"),
    "early_fit_restore_best": _RESTORE.format(args="patience=2", values=_ES_VALUES),
    "early_fit_restore_baseline": _RESTORE.format(args="patience=3, baseline=0.1",
                                                  values="[0.9, 0.7, 0.8, 0.75, 0.72, 0.6]"),
    "early_fit_restore_no_stop": _RESTORE.format(args="patience=5",
                                                 values="[0.9, 0.7, 0.8, 0.75]"),
    "early_defaults": "cb = tf.keras.callbacks.EarlyStopping()\n"
                      "result = [cb.monitor, cb.min_delta, cb.patience, cb.verbose, cb.mode, "
                      "cb.baseline, cb.restore_best_weights, cb.start_from_epoch]",
    "early_negative_min_delta_kept_abs": "result = tf.keras.callbacks.EarlyStopping("
                                         "min_delta=-0.5).min_delta",
    # --- ReduceLROnPlateau ---------------------------------------------------------------------
    "reduce_patience_2": _REDUCE.format(
        args="factor=0.5, patience=2", key="val_loss",
        values="[1.0, 1.0, 0.99999, 1.2, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95]"),
    "reduce_cooldown": _REDUCE.format(
        args="factor=0.5, patience=1, cooldown=2", key="val_loss",
        values="[1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 0.5, 0.6, 0.7, 0.8]"),
    "reduce_min_lr": _REDUCE.format(args="monitor='loss', factor=0.2, patience=0, min_lr=0.005",
                                    key="loss",
                                    values="[1.0, 1.0, 1.0, 1.0, 1.0, 1.0]"),
    "reduce_min_delta": _REDUCE.format(args="patience=1, min_delta=0.1", key="val_loss",
                                       values="[1.0, 0.95, 0.85, 0.8, 0.6, 0.55]"),
    "reduce_mode_max": _REDUCE.format(args="monitor='val_acc', mode='max', patience=1, "
                                      "factor=0.3", key="val_acc",
                                      values="[0.5, 0.6, 0.6, 0.7, 0.65, 0.64]"),
    "reduce_missing_monitor": _REDUCE.format(args="patience=0", key="loss",
                                             values="[1.0, 1.0]"),
    "reduce_factor_error": "tf.keras.callbacks.ReduceLROnPlateau(factor=1.0)",
    "reduce_defaults": "cb = tf.keras.callbacks.ReduceLROnPlateau()\n"
                       "result = [cb.monitor, cb.factor, cb.patience, cb.min_delta, "
                       "cb.cooldown, cb.min_lr, cb.mode]",
    # --- LearningRateScheduler -----------------------------------------------------------------
    "schedule_two_args": _SCHEDULE.format(schedule="lambda epoch, lr: lr * 0.5 if epoch else lr"),
    "schedule_one_arg": _SCHEDULE.format(schedule="lambda epoch: 0.1 / (epoch + 1)"),
    "schedule_numpy_float": _SCHEDULE.format(schedule="lambda epoch, lr: np.float32(0.25)"),
    "schedule_int_error": _SCHEDULE.format(schedule="lambda epoch, lr: 1"),
    # --- CSVLogger -----------------------------------------------------------------------------
    "csv_train_only": _CSV.format(before="", args="", logs=(
        "[{'loss': 0.5, 'accuracy': 0.25}, {'loss': 0.125, 'accuracy': 1.0 / 3}]")),
    "csv_with_val": _CSV.format(before="", args="", logs=(
        "[{'val_loss': 0.5, 'loss': 0.75}, {'val_loss': 0.25, 'loss': 0.5, 'extra': 2.0}]")),
    "csv_separator_and_missing": _CSV.format(before="", args="separator=';'", logs=(
        "[{'loss': 1.5, 'b': 2.0}, {'loss': 1.25}]")),
    "csv_sequences": _CSV.format(before="", args="", logs=(
        "[{'loss': 0.5, 'v': np.array([1.5, 2.0]), 's': 'text', 'z': np.array(3.0)}]")),
    "csv_append": _CSV.format(before="open(path, 'w').write('epoch,loss\\r\\n0,1.0\\r\\n')",
                              args="append=True", logs="[{'loss': 0.5}]"),
    "csv_append_empty_file": _CSV.format(before="open(path, 'w').close()", args="append=True",
                                         logs="[{'loss': 0.5}]"),
    # --- TerminateOnNaN ------------------------------------------------------------------------
    "nan_stops_fit": _MODEL + (
        "x[2, 0] = np.nan\n"
        "h = model.fit(x, y, epochs=3, batch_size=2, verbose=0, shuffle=False,\n"
        "              callbacks=[tf.keras.callbacks.TerminateOnNaN()])\n"
        "result = [len(h.history['loss']), bool(np.isnan(h.history['loss'][0]))]"),
    "nan_raise_error": _MODEL + (
        "cb = tf.keras.callbacks.TerminateOnNaN(raise_error=True)\n"
        "cb.set_model(model)\n"
        "cb.on_train_batch_end(3, {'loss': float('inf')})"),
    "nan_scripted": _MODEL + (
        "cb = tf.keras.callbacks.TerminateOnNaN()\n"
        "cb.set_model(model)\n"
        "cb.on_train_batch_end(0, {'loss': 1.0})\n"
        "first = model.stop_training\n"
        "cb.on_train_batch_end(1, {'loss': float('nan')})\n"
        "result = [first, model.stop_training]"),
    # --- ModelCheckpoint -----------------------------------------------------------------------
    "checkpoint_every_epoch": _CHECKPOINT.format(
        path="m.{epoch:02d}-{val_loss:.2f}.keras", args="", values="[0.5, 0.75, 0.25]"),
    "checkpoint_best_only": _CHECKPOINT.format(
        path="best.keras", args="save_best_only=True", values="[0.5, 0.75, 0.25, 0.3]"),
    "checkpoint_weights_max": _CHECKPOINT.format(
        path="w-{epoch}-{acc:.3f}.weights.h5",
        args="monitor='acc', mode='max', save_best_only=True, save_weights_only=True",
        values="[0.5, 0.75, 0.25, 0.3]"),
    "checkpoint_threshold": _CHECKPOINT.format(
        path="t{epoch}.keras", args="save_best_only=True, initial_value_threshold=0.4",
        values="[0.5, 0.45, 0.3, 0.35, 0.2]"),
    "checkpoint_save_freq_batches": _CHECKPOINT.format(
        path="b{epoch}-{batch}.keras", args="save_freq=3", values="[0.5, 0.75, 0.25]"),
    "checkpoint_missing_key": _CHECKPOINT.format(
        path="m{nope}.keras", args="", values="[0.5]"),
    "checkpoint_bad_extension": "tf.keras.callbacks.ModelCheckpoint('model.ckpt')",
    "checkpoint_weights_bad_extension": (
        "tf.keras.callbacks.ModelCheckpoint('model.h5', save_weights_only=True)"),
    "checkpoint_bad_save_freq": "tf.keras.callbacks.ModelCheckpoint('m.keras', save_freq='x')",
    # --- LambdaCallback and the logs callbacks see ---------------------------------------------
    "lambda_all_hooks": _MODEL + """
calls = []
def rec(name):
    def hook(*args, **kwargs):
        args = args + tuple(kwargs.values())
        index = args[0] if args and not isinstance(args[0], dict) else None
        logs = sorted(args[-1]) if args and isinstance(args[-1], dict) else None
        calls.append((name, index, logs))
    return hook
cb = tf.keras.callbacks.LambdaCallback(
    on_epoch_begin=rec('epoch_begin'), on_epoch_end=rec('epoch_end'),
    on_train_begin=rec('train_begin'), on_train_end=rec('train_end'),
    on_train_batch_begin=rec('batch_begin'), on_train_batch_end=rec('batch_end'),
    on_test_begin=rec('test_begin'), on_predict_end=rec('predict_end'))
model.fit(x, y, epochs=2, batch_size=2, verbose=0, shuffle=False, callbacks=[cb])
model.predict(x, verbose=0, callbacks=[cb])
result = calls
""",
    "logs_sorted_and_floats": _MODEL.replace(
        "loss=tf.keras.losses.MeanSquaredError())",
        "loss=tf.keras.losses.MeanSquaredError(), metrics=['accuracy'])") + """
seen = []
class Probe(tf.keras.callbacks.Callback):
    def on_train_batch_end(self, batch, logs=None):
        seen.append(('batch', list(logs), [type(v).__name__ for v in logs.values()]))
    def on_epoch_end(self, epoch, logs=None):
        seen.append(('epoch', list(logs), [type(v).__name__ for v in logs.values()]))
h = model.fit(x, y, epochs=1, batch_size=2, verbose=0, shuffle=False,
              validation_data=(x, y), callbacks=[Probe()])
result = [seen, list(h.history), model.history is h]
""",
    "on_batch_end_called_for_train_batches": _MODEL + """
seen = []
class Old(tf.keras.callbacks.Callback):
    def on_batch_begin(self, batch, logs=None):
        seen.append(('begin', batch))
    def on_batch_end(self, batch, logs=None):
        seen.append(('end', batch, sorted(logs)))
model.fit(x, y, epochs=1, batch_size=2, verbose=0, shuffle=False, callbacks=[Old()])
result = seen
""",
    # --- SwapEMAWeights ------------------------------------------------------------------------
    "swap_ema_weights": """
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
model.set_weights([np.array([[0.5], [-0.25]], 'float32'), np.array([0.125], 'float32')])
model.compile(optimizer=tf.keras.optimizers.SGD(0.1, use_ema=True, ema_momentum=0.5),
              loss=tf.keras.losses.MeanSquaredError())
x = np.array([[0.1, 0.2], [0.3, -0.1], [0.5, 0.4], [-0.2, 0.3]], 'float32')
y = np.array([[0.3], [0.1], [0.8], [0.2]], 'float32')
for _ in range(3):
    model.train_on_batch(x, y)
cb = tf.keras.callbacks.SwapEMAWeights()
cb.set_model(model)
seen = [model.get_weights()]
cb.on_test_begin()
seen.append(model.get_weights())
cb.on_test_end()
seen.append(model.get_weights())
cb.on_predict_begin()
cb.on_predict_end()
seen.append(model.get_weights())
result = seen
""",
    "swap_ema_weights_needs_ema": _MODEL + """
cb = tf.keras.callbacks.SwapEMAWeights()
cb.set_model(model)
model.train_on_batch(x, y)
cb.on_test_begin()
""",
    # --- progress bar --------------------------------------------------------------------------
    "progbar_fit_verbose1": _PROGBAR.format(dt=0.03, verbose=1, steps=4, batches=4),
    "progbar_fit_verbose2": _PROGBAR.format(dt=0.4, verbose=2, steps=4, batches=4),
    "progbar_fit_unknown_steps": _PROGBAR.format(dt=0.02, verbose=1, steps=None, batches=3),
    "progbar_fit_slow": _PROGBAR.format(dt=70.0, verbose=1, steps=12, batches=12),
}
