"""TF2 reference snippets: tf.train.Checkpoint, CheckpointManager and the checkpoint readers.

Each snippet writes into a fresh temporary folder; results compare keys, shapes, values, paths
relative to that folder and the exception classes."""

_MODULE = """
import os, tempfile
d = tempfile.mkdtemp()
class M(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable([1.0, 2.0])
        self.lst = [tf.Variable(3.0), tf.Variable(4)]
        self.d = {"a": tf.Variable(5.0)}
        self.sub = tf.Module()
        self.sub.v = tf.Variable(6.0)
"""

_KERAS = """
import os, tempfile
d = tempfile.mkdtemp()
x = tf.constant(np.linspace(-1, 1, 12, dtype="float32").reshape(4, 3))
y = tf.constant(np.linspace(0, 1, 4, dtype="float32").reshape(4, 1))
def make(built=False):
    layers = [tf.keras.layers.Dense(4, activation="tanh"), tf.keras.layers.Dense(1)]
    inputs = [tf.keras.Input((3,))] if built else []
    return tf.keras.Sequential(inputs + layers), tf.keras.optimizers.Adam(0.05)
def step(model, opt):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((model(x) - y) ** 2)
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
"""

SNIPPETS = {
    # --- keys and values ----------------------------------------------------------------------
    "module_keys": _MODULE + """
result = tf.train.list_variables(tf.train.Checkpoint(m=M(), v=tf.Variable(7.0)).write(d + "/w"))
""",
    "save_keys_with_counter": _MODULE + """
result = [k for k, _ in tf.train.list_variables(tf.train.Checkpoint(m=M()).save(d + "/s"))]
""",
    "shared_variable_first_path": """
import tempfile
d = tempfile.mkdtemp()
v = tf.Variable(1.0)
m = tf.Module(); m.a = v; m.b = [v]
result = tf.train.list_variables(tf.train.Checkpoint(x=m, y=v).write(d + "/w"))
""",
    "dtype_map": _MODULE + """
r = tf.train.load_checkpoint(tf.train.Checkpoint(m=M()).save(d + "/s"))
result = sorted((k, v.name) for k, v in r.get_variable_to_dtype_map().items())
""",
    "shape_map": _MODULE + """
r = tf.train.load_checkpoint(tf.train.Checkpoint(m=M()).write(d + "/w"))
result = r.get_variable_to_shape_map()
""",
    "get_tensor_scalar": _MODULE + """
r = tf.train.load_checkpoint(tf.train.Checkpoint(m=M()).write(d + "/w"))
result = r.get_tensor("m/sub/v/.ATTRIBUTES/VARIABLE_VALUE")
""",
    "get_tensor_vector": _MODULE + """
r = tf.train.load_checkpoint(tf.train.Checkpoint(m=M()).write(d + "/w"))
key = "m/w/.ATTRIBUTES/VARIABLE_VALUE"
result = [r.get_tensor(key), r.has_tensor(key), r.has_tensor("nope")]
""",
    "get_tensor_missing": _MODULE + """
r = tf.train.load_checkpoint(tf.train.Checkpoint(m=M()).write(d + "/w"))
r.get_tensor("nope")
""",
    "load_variable_dir_and_colon": """
import tempfile
d = tempfile.mkdtemp()
tf.train.Checkpoint(v=tf.Variable([1, 2], dtype=tf.int64)).save(d + "/s")
result = tf.train.load_variable(d, "v/.ATTRIBUTES/VARIABLE_VALUE:0")
""",
    "load_variable_missing_key": """
import tempfile
d = tempfile.mkdtemp()
p = tf.train.Checkpoint(v=tf.Variable(1.0)).write(d + "/w")
tf.train.load_variable(p, "w/.ATTRIBUTES/VARIABLE_VALUE")
""",
    "load_checkpoint_empty_dir": """
import tempfile
tf.train.load_checkpoint(tempfile.mkdtemp())
""",
    "list_variables_missing_file": """
import tempfile
tf.train.list_variables(tempfile.mkdtemp() + "/nothing-1")
""",
    # --- save / write / state file ---------------------------------------------------------------
    "save_numbering_and_state_file": """
import os, tempfile
d = tempfile.mkdtemp()
ck = tf.train.Checkpoint(v=tf.Variable(1.0))
paths = [os.path.basename(ck.save(d + "/ck")) for _ in range(3)]
state = open(d + "/checkpoint").read()
result = [paths, state, os.path.basename(tf.train.latest_checkpoint(d)), ck.save_counter]
""",
    "save_counter_starts_at_zero": "tf.train.Checkpoint(v=tf.Variable(1.0)).save_counter",
    "write_makes_no_state_file": """
import os, tempfile
d = tempfile.mkdtemp()
p = tf.train.Checkpoint(v=tf.Variable(1.0)).write(d + "/sub/w")
result = [os.path.relpath(p, d), sorted(os.listdir(d + "/sub")),
          tf.train.latest_checkpoint(d + "/sub")]
""",
    "latest_checkpoint_missing_dir": "tf.train.latest_checkpoint('/nonexistent/fluxion/dir')",
    "get_checkpoint_state": """
import os, tempfile
d = tempfile.mkdtemp()
ck = tf.train.Checkpoint(v=tf.Variable(1.0))
ck.save(d + "/a"); ck.save(d + "/a")
s = tf.train.get_checkpoint_state(d)
result = [os.path.relpath(s.model_checkpoint_path, d),
          [os.path.relpath(p, d) for p in s.all_model_checkpoint_paths]]
""",
    "non_trackable_kwarg": "tf.train.Checkpoint(a=1)",
    "attribute_is_tracked": """
import tempfile
ck = tf.train.Checkpoint(v=tf.Variable(1.0))
ck.q = tf.Variable(2.0)
ck.n = 3
result = [k for k, _ in tf.train.list_variables(ck.write(tempfile.mkdtemp() + "/w"))] + [ck.n]
""",
    "nested_checkpoint_and_dict": """
import tempfile
inner = tf.train.Checkpoint(a=tf.Variable(1.0))
ck = tf.train.Checkpoint(inner=inner, d={"x": tf.Variable(2), "y": [tf.Variable(3.0)]})
result = tf.train.list_variables(ck.write(tempfile.mkdtemp() + "/w"))
""",
    # --- restoring --------------------------------------------------------------------------------
    "restore_values": _MODULE + """
m = M(); p = tf.train.Checkpoint(m=m).save(d + "/s")
m.w.assign([9.0, 9.0]); m.lst[1].assign(0); m.sub.v.assign(0.0)
ck = tf.train.Checkpoint(m=m)
ck.restore(p).assert_consumed()
result = [m.w, m.lst[1], m.sub.v, ck.save_counter]
""",
    "restore_into_new_objects": _MODULE + """
p = tf.train.Checkpoint(m=M()).write(d + "/w")
m2 = M(); m2.w.assign([0.0, 0.0]); m2.d["a"].assign(0.0)
status = tf.train.Checkpoint(m=m2).read(p)
result = [m2.w, m2.d["a"]]
""",
    "status_partial_consumed": """
import tempfile
p = tf.train.Checkpoint(v=tf.Variable(1.0), w=tf.Variable(2)).save(tempfile.mkdtemp() + "/s")
tf.train.Checkpoint(v=tf.Variable(0.0)).restore(p).assert_consumed()
""",
    "status_partial_existing": """
import tempfile
p = tf.train.Checkpoint(v=tf.Variable(1.0), w=tf.Variable(2)).save(tempfile.mkdtemp() + "/s")
v = tf.Variable(0.0)
tf.train.Checkpoint(v=v).restore(p).assert_existing_objects_matched().assert_nontrivial_match()
result = v
""",
    "status_extra_live_object": """
import tempfile
p = tf.train.Checkpoint(v=tf.Variable(1.0)).save(tempfile.mkdtemp() + "/s")
status = tf.train.Checkpoint(v=tf.Variable(0.0), z=tf.Variable(3.0)).restore(p)
status.assert_existing_objects_matched()
""",
    "status_write_has_no_counter": """
import tempfile
p = tf.train.Checkpoint(v=tf.Variable(1.0)).write(tempfile.mkdtemp() + "/w")
tf.train.Checkpoint(v=tf.Variable(0.0)).restore(p).assert_existing_objects_matched()
""",
    "status_nontrivial_fails": """
import tempfile
p = tf.train.Checkpoint(v=tf.Variable(1.0)).write(tempfile.mkdtemp() + "/w")
tf.train.Checkpoint(z=tf.Variable(0.0)).restore(p).assert_nontrivial_match()
""",
    "status_expect_partial": """
import tempfile
p = tf.train.Checkpoint(v=tf.Variable(1.0), w=tf.Variable(2)).save(tempfile.mkdtemp() + "/s")
s = tf.train.Checkpoint(v=tf.Variable(0.0)).restore(p)
result = [s.expect_partial() is s, s.run_restore_ops()]
""",
    "restore_none_status_asserts":
        "tf.train.Checkpoint(v=tf.Variable(1.0)).restore(None).assert_consumed()",
    "restore_none_expect_partial": """
s = tf.train.Checkpoint(v=tf.Variable(1.0)).restore(None)
result = s.expect_partial() is s
""",
    "restore_missing_path": """
import tempfile
tf.train.Checkpoint(v=tf.Variable(1.0)).restore(tempfile.mkdtemp() + "/nothing-1")
""",
    "read_missing_path": """
import tempfile
tf.train.Checkpoint(v=tf.Variable(1.0)).read(tempfile.mkdtemp() + "/nothing-1")
""",
    "restore_shape_mismatch": """
import tempfile
p = tf.train.Checkpoint(v=tf.Variable([1.0, 2.0])).write(tempfile.mkdtemp() + "/w")
tf.train.Checkpoint(v=tf.Variable([0.0, 0.0, 0.0])).restore(p)
""",
    "restore_dtype_mismatch": """
import tempfile
p = tf.train.Checkpoint(v=tf.Variable([1.0, 2.0])).write(tempfile.mkdtemp() + "/w")
tf.train.Checkpoint(v=tf.Variable([0, 0])).restore(p)
""",
    # --- Keras models and optimizers --------------------------------------------------------------
    "keras_lazy_restore_consumed_after_first_step": _KERAS + """
m, o = make()
step(m, o); step(m, o)
p = tf.train.Checkpoint(model=m, optimizer=o).save(d + "/ck")
m2, o2 = make()
status = tf.train.Checkpoint(model=m2, optimizer=o2).restore(p)
status.assert_existing_objects_matched()
try:
    status.assert_consumed()
    early = "consumed"
except AssertionError:
    early = "pending"
m2(x)
same = all(np.array_equal(a.numpy(), b.numpy()) for a, b in zip(m.weights, m2.weights))
step(m2, o2)
status.assert_consumed()
result = [early, same, o2.iterations]
""",
    "keras_resume_is_bit_exact": _KERAS + """
m1, o1 = make(True)
start = [w.numpy() for w in m1.weights]
for _ in range(6):
    step(m1, o1)
m2, o2 = make(True)
for w, v in zip(m2.weights, start):
    w.assign(v)
for _ in range(3):
    step(m2, o2)
p = tf.train.Checkpoint(model=m2, optimizer=o2).save(d + "/ck")
m3, o3 = make(False)
tf.train.Checkpoint(model=m3, optimizer=o3).restore(p)
for _ in range(3):
    step(m3, o3)
result = [all(np.array_equal(a.numpy(), b.numpy()) for a, b in zip(m1.weights, m3.weights)),
          o3.iterations]
""",
    "keras_optimizer_alone_restores_model_variables": _KERAS + """
m, o = make(True)
step(m, o)
p = tf.train.Checkpoint(optimizer=o).write(d + "/w")
saved = [w.numpy() for w in m.weights]
for w in m.weights:
    w.assign(tf.zeros_like(w))
tf.train.Checkpoint(optimizer=o).read(p)
result = all(np.array_equal(a, b.numpy()) for a, b in zip(saved, m.weights))
""",
    # --- CheckpointManager ------------------------------------------------------------------------
    "manager_max_to_keep": """
import os, tempfile
d = tempfile.mkdtemp()
ck = tf.train.Checkpoint(v=tf.Variable(1.0))
m = tf.train.CheckpointManager(ck, d, max_to_keep=2)
before = [m.latest_checkpoint, m.checkpoints]
saved = [os.path.basename(m.save()), os.path.basename(m.save()),
         os.path.basename(m.save(checkpoint_number=10)),
         os.path.basename(m.save(checkpoint_number=tf.constant(11)))]
result = [before, saved, [os.path.basename(p) for p in m.checkpoints],
          sorted(f for f in os.listdir(d) if not f.startswith(".")),
          ck.save_counter, os.path.basename(m.latest_checkpoint)]
""",
    "manager_recovers_directory": """
import os, tempfile
d = tempfile.mkdtemp()
ck = tf.train.Checkpoint(v=tf.Variable(1.0))
m = tf.train.CheckpointManager(ck, d, max_to_keep=3)
for _ in range(4):
    m.save()
m2 = tf.train.CheckpointManager(ck, d, max_to_keep=2)
first = [os.path.basename(p) for p in m2.checkpoints]
m2.save()
result = [first, [os.path.basename(p) for p in m2.checkpoints],
          os.path.basename(m2.latest_checkpoint),
          sorted(f for f in os.listdir(d) if f.endswith(".index"))]
""",
    "manager_keep_all": """
import os, tempfile
d = tempfile.mkdtemp()
m = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable(1.0)), d, max_to_keep=None)
for _ in range(3):
    m.save()
result = [os.path.basename(p) for p in m.checkpoints]
""",
    "manager_bad_max_to_keep": """
import tempfile
ck = tf.train.Checkpoint(v=tf.Variable(1.0))
tf.train.CheckpointManager(ck, tempfile.mkdtemp(), max_to_keep=0)
""",
    "manager_interval_needs_step_counter": """
import tempfile
ck = tf.train.Checkpoint(v=tf.Variable(1.0))
tf.train.CheckpointManager(ck, tempfile.mkdtemp(), 3, checkpoint_interval=2)
""",
    "manager_interval": """
import os, tempfile
d = tempfile.mkdtemp()
step = tf.Variable(0, dtype=tf.int64)
ck = tf.train.Checkpoint(v=tf.Variable(1.0))
m = tf.train.CheckpointManager(ck, d, 3, step_counter=step, checkpoint_interval=2)
out = []
for _ in range(6):
    p = m.save()
    out.append(None if p is None else os.path.basename(p))
    step.assign_add(1)
out.append(os.path.basename(m.save(check_interval=False)))
out.append(m.save(check_interval=False))
result = [out, m.checkpoint_interval]
""",
    "manager_checkpoint_name": """
import os, tempfile
ck = tf.train.Checkpoint(v=tf.Variable(1.0))
m = tf.train.CheckpointManager(ck, tempfile.mkdtemp(), 3, checkpoint_name="model")
result = os.path.basename(m.save())
""",
    "manager_restore_or_initialize": """
import os, tempfile
d = tempfile.mkdtemp()
calls = []
v = tf.Variable(5.0)
m = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), d, 3, init_fn=lambda: calls.append(1))
first = m.restore_or_initialize()
m.save()
v.assign(0.0)
m2 = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), d, 3, init_fn=lambda: calls.append(2))
second = os.path.basename(m2.restore_or_initialize())
result = [first, second, calls, v, m2.checkpoint is not None, m2.directory == d]
""",
    "options_accepted": """
import tempfile
ck = tf.train.Checkpoint(v=tf.Variable(1.0))
o = tf.train.CheckpointOptions(experimental_io_device="/job:localhost", enable_async=False)
p = ck.save(tempfile.mkdtemp() + "/s", options=o)
s = ck.restore(p, options=o)
result = [o.experimental_io_device, o.experimental_skip_slot_variables, ck.save_counter]
""",
}

# The "Training checkpoints" guide of tensorflow.org, condensed.
SNIPPETS["guide_manual_graph_and_delayed_restore"] = """
__name__ = "__main__"  # as in a script: classes defined here get a module name
import tempfile
d = tempfile.mkdtemp()
class Net(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.l1 = tf.keras.layers.Dense(5)
    def call(self, x):
        return self.l1(x)
net = Net()
opt = tf.keras.optimizers.Adam(0.1)
x = tf.ones((2, 1))
with tf.GradientTape() as tape:
    loss = tf.reduce_mean(tf.abs(net(x) - 1.0))
grads = tape.gradient(loss, net.trainable_variables)
opt.apply_gradients(zip(grads, net.trainable_variables))
ckpt = tf.train.Checkpoint(step=tf.Variable(1), optimizer=opt, net=net)
manager = tf.train.CheckpointManager(ckpt, d, max_to_keep=3)
ckpt.step.assign_add(1)
manager.save()
to_restore = tf.Variable(tf.zeros([5]))
fake_layer = tf.train.Checkpoint(bias=to_restore)
fake_net = tf.train.Checkpoint(l1=fake_layer)
new_root = tf.train.Checkpoint(net=fake_net)
status = new_root.restore(tf.train.latest_checkpoint(d))
bias_ok = np.array_equal(to_restore.numpy(), net.l1.bias.numpy())
status.assert_existing_objects_matched()
late_layer = tf.train.Checkpoint()
late_root = tf.train.Checkpoint(net=tf.train.Checkpoint(l1=late_layer))
late_root.restore(tf.train.latest_checkpoint(d))
delayed = tf.Variable(tf.zeros([5]))
late_layer.bias = delayed  # restored when it is attached
result = [bias_ok, np.array_equal(delayed.numpy(), net.l1.bias.numpy()),
          tf.train.load_variable(d, "step/.ATTRIBUTES/VARIABLE_VALUE"),
          tf.train.load_variable(d, "net/l1/bias/.ATTRIBUTES/VARIABLE_VALUE").shape]
"""
