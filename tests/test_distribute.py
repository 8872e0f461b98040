"""tf.distribute on one machine: logical CPU devices, MirroredStrategy, replica contexts,
distributed datasets, mirrored variables, and a training loop that must give the same weights
on 2 replicas as on 1 (TF 2.21 behaviour checked with real TensorFlow)."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from fluxion import config


@pytest.fixture
def cpus():
    """Splits the CPU into logical devices; back to one uninitialized CPU afterwards."""
    def split(n: int):
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(n)])
        return cpu

    config._reset_logical_devices()
    yield split
    config._reset_logical_devices()


def replica_id() -> tf.Tensor:
    return tf.distribute.get_replica_context().replica_id_in_sync_group


def local(value) -> list:
    return [np.asarray(v).tolist() for v in
            tf.distribute.get_strategy().experimental_local_results(value)]


# --- devices ---------------------------------------------------------------------------------
def test_logical_devices_split_and_freeze(cpus):
    assert [d.name for d in tf.config.list_logical_devices("CPU")] == ["/device:CPU:0"]
    config._reset_logical_devices()
    cpu = cpus(3)
    assert len(tf.config.get_logical_device_configuration(cpu)) == 3
    names = [d.name for d in tf.config.list_logical_devices("CPU")]
    assert names == ["/device:CPU:0", "/device:CPU:1", "/device:CPU:2"]
    assert tf.config.list_logical_devices("GPU") == []
    with pytest.raises(RuntimeError, match="cannot be modified after being initialized"):
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration()] * 2)


def test_strategy_initializes_devices(cpus):
    cpu = cpus(2)
    strategy = tf.distribute.MirroredStrategy()
    assert strategy.num_replicas_in_sync == 2
    assert strategy.extended.worker_devices == ("/job:localhost/replica:0/task:0/device:CPU:0",
                                                "/job:localhost/replica:0/task:0/device:CPU:1")
    with pytest.raises(RuntimeError):
        tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()])
    assert tf.distribute.MirroredStrategy(["/cpu:1"]).num_replicas_in_sync == 1
    tf.config.set_logical_device_configuration(  # the same split again is accepted (TF)
        cpu, [tf.config.LogicalDeviceConfiguration()] * 2)


# --- contexts and collectives ------------------------------------------------------------------
def test_default_strategy_and_contexts(cpus):
    cpus(2)
    default = tf.distribute.get_strategy()
    assert not tf.distribute.has_strategy() and not tf.distribute.in_cross_replica_context()
    assert default.num_replicas_in_sync == 1 and int(replica_id()) == 0
    assert float(default.reduce("SUM", tf.constant([1.0, 2.0]), axis=0)) == 3.0
    strategy = tf.distribute.MirroredStrategy()
    with strategy.scope():
        assert tf.distribute.has_strategy() and tf.distribute.get_strategy() is strategy
        assert tf.distribute.in_cross_replica_context()
        assert tf.distribute.get_replica_context() is None
    assert tf.distribute.get_strategy() is default
    other = tf.distribute.MirroredStrategy(["/cpu:0"])
    with strategy.scope(), pytest.raises(RuntimeError, match="Mixing different"), other.scope():
        pass

    def fn():
        ctx = tf.distribute.get_replica_context()
        assert tf.distribute.get_strategy() is strategy
        assert not tf.distribute.in_cross_replica_context()
        return ctx.replica_id_in_sync_group

    ids = strategy.run(fn)
    assert isinstance(ids, tf.distribute.PerReplica) and local(ids) == [0, 1]
    assert ids.values[1].dtype == tf.int32


def test_all_reduce_and_reduce(cpus):
    cpus(2)
    s = tf.distribute.MirroredStrategy()
    ctx = tf.distribute.get_replica_context
    summed = s.run(lambda: ctx().all_reduce(tf.distribute.ReduceOp.SUM,
                                            tf.cast(replica_id(), tf.float32) + 1.0))
    assert local(summed) == [3.0, 3.0]
    nested = s.run(lambda: ctx().all_reduce("MEAN", {"a": tf.cast(replica_id(), tf.float32),
                                                     "b": [tf.ones([2]) * 4.0]}))
    assert local(nested["a"]) == [0.5, 0.5] and local(nested["b"][0]) == [[4.0, 4.0]] * 2
    with_none = s.run(lambda: ctx().all_reduce("SUM", [None, tf.constant(1.0)]))
    assert with_none[0] is None and local(with_none[1]) == [2.0, 2.0]
    pr = s.run(lambda: tf.ones([2, 3]) * tf.cast(replica_id() + 1, tf.float32))
    np.testing.assert_allclose(s.reduce("SUM", pr, axis=None).numpy(), np.full((2, 3), 3.0))
    np.testing.assert_allclose(s.reduce("SUM", pr, axis=0).numpy(), [6.0] * 3)
    np.testing.assert_allclose(s.reduce("MEAN", pr, axis=0).numpy(), [1.5] * 3)
    assert float(s.reduce("MEAN", s.run(lambda: tf.cast(replica_id(), tf.float32)), None)) == 0.5
    with pytest.raises(ValueError, match="cannot be reduced"):
        s.reduce("SUM", tf.constant(2.0), axis=None)
    assert float(s.reduce("MEAN", tf.constant(2.0), axis=None)) == 2.0  # TF: MEAN passes it
    with pytest.raises(ValueError):
        s.reduce("MAX", pr, axis=None)
    one = tf.distribute.MirroredStrategy(["/cpu:0"])
    assert float(one.reduce("SUM", one.run(lambda: tf.constant(2.0)), axis=None)) == 2.0
    assert s.experimental_local_results(3.0) == (3.0,)
    out = s.run(lambda: (tf.constant(1.0), {"a": tf.constant(2)}))
    assert isinstance(out[0], tf.distribute.PerReplica) and local(out[1]["a"]) == [2, 2]
    assert s.run(lambda: 2.0) == 2.0


def test_run_with_per_replica_args_and_errors(cpus):
    cpus(2)
    s = tf.distribute.MirroredStrategy()
    arg = tf.distribute.PerReplica([tf.constant(1.0), tf.constant(10.0)])
    assert local(s.run(lambda x, k: x * k, args=(arg,), kwargs={"k": 2.0})) == [2.0, 20.0]

    def bad():
        if int(replica_id()) == 1:
            raise KeyError("replica 1 failed")
        return tf.distribute.get_replica_context().all_reduce("SUM", tf.constant(1.0))

    with pytest.raises(KeyError, match="replica 1 failed"):
        s.run(bad)

    def uneven():
        if int(replica_id()) == 0:
            tf.distribute.get_replica_context().all_reduce("SUM", tf.constant(1.0))
        return 0

    with pytest.raises(RuntimeError, match="different numbers of merge points"):
        s.run(uneven)


def test_merge_call(cpus):
    cpus(2)
    s = tf.distribute.MirroredStrategy()

    def fn():
        x = tf.cast(replica_id(), tf.float32) + 1.0
        return tf.distribute.get_replica_context().merge_call(
            lambda strategy, v: strategy.reduce("SUM", v, axis=None), args=(x,))

    assert float(s.run(fn)) == 3.0  # one result for all replicas: not per replica (TF)


# --- datasets ------------------------------------------------------------------------------------
@pytest.mark.parametrize("replicas, batch, expected", [
    (2, 5, [[0, 1, 2], [3, 4]]), (2, 1, [[0], []]), (2, 3, [[0, 1], [2]]),
    (4, 5, [[0, 1], [2, 3], [4], []]), (4, 7, [[0, 1], [2, 3], [4, 5], [6]]),
    (4, 9, [[0, 1, 2], [3, 4, 5], [6, 7, 8], []])])
def test_distribute_dataset_split(cpus, replicas, batch, expected):
    cpus(replicas)
    s = tf.distribute.MirroredStrategy()
    batches = list(s.experimental_distribute_dataset(tf.data.Dataset.range(batch).batch(batch)))
    assert len(batches) == 1 and isinstance(batches[0], tf.distribute.PerReplica)
    assert local(batches[0]) == expected


def test_distribute_dataset_short_last_batch_and_nests(cpus):
    cpus(4)
    s = tf.distribute.MirroredStrategy()
    got = [local(b) for b in s.experimental_distribute_dataset(
        tf.data.Dataset.range(10).batch(4))]
    assert got[2] == [[8], [9], [], []]  # the split size comes from the global batch (TF)
    ds = tf.data.Dataset.from_tensor_slices({"x": np.arange(8.0).reshape(4, 2),
                                             "y": np.arange(4)}).batch(4)
    (element,) = list(s.experimental_distribute_dataset(ds))
    assert local(element["y"]) == [[0], [1], [2], [3]]
    assert local(element["x"])[3] == [[6.0, 7.0]]


def test_distribute_datasets_from_function(cpus):
    cpus(2)
    s = tf.distribute.MirroredStrategy()
    seen = []

    def dataset_fn(ctx):
        seen.append((ctx.num_input_pipelines, ctx.input_pipeline_id, ctx.num_replicas_in_sync,
                     ctx.get_per_replica_batch_size(8)))
        return tf.data.Dataset.range(10).batch(2)

    got = [local(b) for b in s.distribute_datasets_from_function(dataset_fn)]
    assert seen == [(1, 0, 2, 4)]
    assert got == [[[0, 1], [2, 3]], [[4, 5], [6, 7]], [[8, 9], []]]
    with pytest.raises(ValueError, match="not divisible"):
        tf.distribute.InputContext(1, 0, 2).get_per_replica_batch_size(7)


# --- mirrored variables ---------------------------------------------------------------------------
def test_mirrored_variable_updates_follow_aggregation(cpus):
    cpus(2)
    s = tf.distribute.MirroredStrategy()
    outside = tf.Variable(1.0)
    with s.scope():
        none = tf.Variable(1.0)
        total = tf.Variable(1.0, aggregation=tf.VariableAggregation.SUM)
        mean = tf.Variable(1.0, aggregation=tf.VariableAggregation.MEAN)
    assert type(none).__name__ == "MirroredVariable" and type(outside) is tf.Variable
    assert s.extended.variable_created_in_scope(none)
    assert not s.extended.variable_created_in_scope(outside)
    step = lambda v: s.run(lambda: v.assign_add(tf.cast(replica_id() + 1, tf.float32)))  # noqa: E731
    for v, expected in ((none, 2.0), (total, 4.0), (mean, 2.5)):
        assert step(v) is v and float(v.numpy()) == expected  # values TF 2.21 gives
    s.run(lambda: none.assign(5.0))
    assert float(none.numpy()) == 5.0
    with s.scope():
        total.assign_sub(1.0)  # cross-replica context: applied directly
    assert float(total.numpy()) == 3.0


# --- training: 2 replicas give the weights of 1 replica -------------------------------------------
def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(24, 5)).astype(np.float32)
    y = (x @ rng.normal(size=(5, 1)) + 0.1).astype(np.float32)
    return tf.data.Dataset.from_tensor_slices((x, y)).batch(8)


def _train(strategy, use_function: bool, steps_over: int = 2) -> list:
    rng = np.random.default_rng(1)
    with strategy.scope():
        w1 = tf.Variable(rng.normal(size=(5, 4)).astype(np.float32))
        b1 = tf.Variable(np.zeros(4, np.float32))
        w2 = tf.Variable(rng.normal(size=(4, 1)).astype(np.float32))
    variables = [w1, b1, w2]

    def replica_step(x, y):
        with tf.GradientTape() as tape:
            pred = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2)
            per_example = tf.reduce_sum(tf.square(pred - y), axis=1)
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=8)
        grads = tape.gradient(loss, variables)
        grads = tf.distribute.get_replica_context().all_reduce("SUM", grads)
        for v, g in zip(variables, grads):
            v.assign_sub(0.05 * g)
        return loss

    def step(x, y):
        return strategy.reduce("SUM", strategy.run(replica_step, args=(x, y)), axis=None)

    step = tf.function(step) if use_function else step
    losses = []
    for _ in range(steps_over):
        for x, y in strategy.experimental_distribute_dataset(_data()):
            losses.append(float(step(x, y)))
    return [v.numpy() for v in variables] + [np.array(losses)]


@pytest.mark.parametrize("use_function", [False, True])
@pytest.mark.parametrize("parallel", [False, True])
def test_two_replicas_train_like_one(cpus, use_function, parallel):
    cpus(2)
    one = _train(tf.distribute.MirroredStrategy(["/cpu:0"]), use_function)
    two_strategy = tf.distribute.MirroredStrategy(_parallel=parallel)
    assert two_strategy.num_replicas_in_sync == 2
    two = _train(two_strategy, use_function)
    default = _train(tf.distribute.get_strategy(), use_function)
    assert not np.allclose(one[0], _train(two_strategy, use_function, steps_over=1)[0])
    for a, b, c in zip(one, two, default):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(c, a, rtol=1e-5, atol=1e-6)


def test_keras_dense_under_scope(cpus):
    cpus(2)
    s = tf.distribute.MirroredStrategy()
    x = np.random.default_rng(2).normal(size=(6, 3)).astype(np.float32)
    results = []
    for strategy in (s, tf.distribute.MirroredStrategy(["/cpu:0"])):
        tf.random.set_seed(3)
        with strategy.scope():
            layer = tf.keras.layers.Dense(2)
            layer.build((None, 3))
            layer.kernel.assign(np.ones((3, 2), np.float32))

        def replica_step(xb, layer=layer):
            with tf.GradientTape() as tape:
                loss = tf.nn.compute_average_loss(tf.reduce_sum(layer(xb) ** 2, axis=1),
                                                  global_batch_size=6)
            grads = tape.gradient(loss, layer.trainable_variables)
            grads = tf.distribute.get_replica_context().all_reduce("SUM", grads)
            for v, g in zip(layer.trainable_variables, grads):
                v.assign_sub(0.1 * g)

        ds = tf.data.Dataset.from_tensor_slices(x).batch(6)
        for xb in strategy.experimental_distribute_dataset(ds):
            strategy.run(replica_step, args=(xb,))
        results.append([v.numpy() for v in layer.trainable_variables])
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def _keras_adam_train(strategy) -> list:
    """The usual TF pattern: keras optimizer.apply_gradients inside strategy.run, no manual
    all-reduce (the optimizer sums the replicas' gradients)."""
    with strategy.scope():
        layer = tf.keras.layers.Dense(1, kernel_initializer="ones")
        layer.build((None, 5))
        opt = tf.keras.optimizers.Adam(0.05)

    def replica_step(x, y):
        with tf.GradientTape() as tape:
            per_example = tf.reduce_sum(tf.square(layer(x) - y), axis=1)
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=8)
        grads = tape.gradient(loss, layer.trainable_variables)
        opt.apply_gradients(zip(grads, layer.trainable_variables))
        return loss

    for x, y in strategy.experimental_distribute_dataset(_data()):
        strategy.run(replica_step, args=(x, y))
    return [v.numpy() for v in layer.weights] + [int(opt.iterations.numpy())]


def test_keras_optimizer_sums_gradients_across_replicas(cpus):
    cpus(2)
    one = _keras_adam_train(tf.distribute.MirroredStrategy(["/cpu:0"]))
    two = _keras_adam_train(tf.distribute.MirroredStrategy())
    for a, b in zip(one[:-1], two[:-1]):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)
    assert one[-1] == two[-1] == 3  # one optimizer step per global batch


def test_average_loss_defaults_to_the_global_batch_inside_replicas(cpus):
    cpus(2)
    strategy = tf.distribute.MirroredStrategy()

    def replica_fn():
        return (tf.nn.compute_average_loss(tf.constant([1.0, 2.0, 3.0])),
                tf.nn.scale_regularization_loss(tf.constant(4.0)))

    avg, reg = strategy.run(replica_fn)
    # TF: sum / (per-replica batch 3 * 2 replicas) = 1.0; regularization / 2 replicas
    assert local(avg) == [1.0, 1.0] and local(reg) == [2.0, 2.0]
    assert float(tf.nn.compute_average_loss([1.0, 2.0, 3.0])) == 2.0  # outside: one replica
