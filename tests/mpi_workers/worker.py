"""One worker of the `mpirun -n 2` tests in tests/test_multi_worker.py.

`python worker.py MODE OUT_DIR` writes what this worker saw to OUT_DIR/<mode>_<rank>.json (and
.npz for weights); the test compares them with TF's values and with one process training on
the whole global batch (`train_custom_loop` / `train_fit` below, imported by the test).
Modes: train (collectives, sharding, training), timeout / health (worker 1 leaves early; the
other must raise instead of hanging), crash (worker 1 dies; mpirun must end the job).
"""
from __future__ import annotations

import json
import os
import sys
import time

import numpy as np

GLOBAL_BATCH = 8
STEPS_OVER = 2  # epochs over the 16 examples: 4 optimizer steps


def data() -> tuple:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 5)).astype(np.float32)
    y = (x @ rng.normal(size=(5, 1)) + 0.1).astype(np.float32)
    return x, y


def make_model(tf, seed: int):
    tf.random.set_seed(seed)  # each worker its own seed: broadcasting must make them equal
    model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation="relu"),
                                 tf.keras.layers.Dense(1)])
    model.build((None, 5))
    return model


def train_custom_loop(tf, strategy, seed: int, initial=None, use_function: bool = True):
    """GradientTape + a Keras optimizer inside `strategy.run`; returns (initial weights,
    final weights, losses)."""
    with strategy.scope():
        model = make_model(tf, seed)
        optimizer = tf.keras.optimizers.Adam(0.05)
    if initial is not None:
        model.set_weights(initial)
    start = [w.numpy() for w in model.weights]

    def replica_step(x, y):
        with tf.GradientTape() as tape:
            per_example = tf.reduce_sum(tf.square(model(x) - y), axis=1)
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=GLOBAL_BATCH)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    def step(x, y):
        return strategy.reduce("SUM", strategy.run(replica_step, args=(x, y)), axis=None)

    step = tf.function(step) if use_function else step
    dataset = tf.data.Dataset.from_tensor_slices(data()).batch(GLOBAL_BATCH)
    losses = []
    for _ in range(STEPS_OVER):
        for x, y in strategy.experimental_distribute_dataset(dataset):
            losses.append(float(step(x, y)))
    return start, [w.numpy() for w in model.weights], losses


def train_fit(tf, strategy, seed: int, initial=None):
    """Keras `fit` on the global batches under the strategy's scope."""
    with strategy.scope():
        model = make_model(tf, seed)
        model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss="mse")
    if initial is not None:
        model.set_weights(initial)
    start = [w.numpy() for w in model.weights]
    x, y = data()
    history = model.fit(x, y, batch_size=GLOBAL_BATCH, epochs=STEPS_OVER, shuffle=False,
                        verbose=0)
    return start, [w.numpy() for w in model.weights], history.history["loss"]


def _values(strategy, value) -> list:
    return [np.asarray(v).tolist() for v in strategy.experimental_local_results(value)]


def check_collectives(tf, strategy, rank: int) -> dict:
    """The values TF 2.21 gives on 2 workers (recorded with real TF, TF_CONFIG on localhost)."""
    ctx = tf.distribute.get_replica_context
    out = {"num_replicas": strategy.num_replicas_in_sync,
           "task": [strategy.cluster_resolver.task_type, strategy.cluster_resolver.task_id],
           "is_chief": strategy.extended._is_chief,
           "should_checkpoint": strategy.extended.should_checkpoint,
           "devices": list(strategy.extended.worker_devices),
           "cluster": strategy.cluster_resolver.cluster_spec().num_tasks("worker")}
    with strategy.scope():
        v = tf.Variable(float(rank + 1) * 10)
        total = tf.Variable(1.0, aggregation=tf.VariableAggregation.SUM)
        mean = tf.Variable(1.0, aggregation=tf.VariableAggregation.MEAN)
        none = tf.Variable(1.0)
    out["broadcast"] = float(v.numpy())
    out["mean"] = _values(strategy, strategy.run(
        lambda: ctx().all_reduce("MEAN", tf.constant(float(rank)))))
    summed = strategy.run(lambda: ctx().all_reduce("SUM", tf.constant(float(rank + 1))))
    out["sum"] = _values(strategy, summed) + [float(strategy.reduce("SUM", summed, None))]
    per_replica = strategy.run(lambda: tf.constant([1.0, 2.0]) * (rank + 1))
    out["reduce"] = [strategy.reduce("SUM", per_replica, axis=None).numpy().tolist(),
                     float(strategy.reduce("MEAN", per_replica, axis=0))]
    for var in (total, mean, none):
        strategy.run(lambda var=var: var.assign_add(float(rank + 1)))
    out["aggregation"] = [float(total.numpy()), float(mean.numpy()), float(none.numpy())]
    out["gather"] = strategy.gather(strategy.run(lambda: tf.constant([[float(rank)]])),
                                    axis=0).numpy().tolist()
    out["average_loss"] = _values(strategy, strategy.run(
        lambda: tf.nn.compute_average_loss(tf.constant([1.0, 2.0]))))
    out["replica_id"] = _values(strategy, strategy.run(lambda: ctx().replica_id_in_sync_group))
    nested = strategy.run(lambda: ctx().all_reduce("SUM", {"a": [None, tf.constant(rank)],
                                                           "b": tf.ones([2]) * rank}))
    out["nested"] = [nested["a"][0], _values(strategy, nested["a"][1]),
                     _values(strategy, nested["b"])]
    fn = tf.function(lambda x: strategy.run(
        lambda y: ctx().all_reduce("SUM", [y, tf.cast(y, tf.int32)]), args=(x,)))
    out["function"] = [[float(a), int(b)] for a, b in
                       (fn(tf.constant(float(rank + k))) for k in range(3))]
    out["datasets"] = check_datasets(tf, strategy)
    return out


def check_datasets(tf, strategy) -> dict:
    def batches(dataset):
        return [_values(strategy, b)[0] for b in strategy.experimental_distribute_dataset(dataset)]

    out = {f"{n}/{b}": batches(tf.data.Dataset.range(n).batch(b))
           for n, b in ((16, 8), (14, 7), (5, 5), (10, 4))}
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.OFF
    out["off"] = batches(tf.data.Dataset.range(8).batch(4).with_options(options))
    contexts = []

    def dataset_fn(context):
        contexts.append([context.num_input_pipelines, context.input_pipeline_id,
                         context.num_replicas_in_sync, context.get_per_replica_batch_size(8)])
        return tf.data.Dataset.range(8).batch(2)

    out["from_function"] = [_values(strategy, b)[0] for b in
                            strategy.distribute_datasets_from_function(dataset_fn)]
    out["contexts"] = contexts
    return out


def run_train(tf, out_dir: str, rank: int) -> None:
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    result = check_collectives(tf, strategy, rank)
    arrays = {}
    for name, fn in (("loop", lambda: train_custom_loop(tf, strategy, 100 + rank)),
                     ("eager", lambda: train_custom_loop(tf, strategy, 200 + rank,
                                                         use_function=False)),
                     ("fit", lambda: train_fit(tf, strategy, 300 + rank))):
        start, final, losses = fn()
        result[f"{name}_losses"] = losses
        arrays.update({f"{name}_start_{i}": w for i, w in enumerate(start)})
        arrays.update({f"{name}_final_{i}": w for i, w in enumerate(final)})
    np.savez(os.path.join(out_dir, f"train_{rank}.npz"), **arrays)
    _write(out_dir, "train", rank, result)


def run_failure(tf, out_dir: str, rank: int, mode: str) -> None:
    options = tf.distribute.experimental.CommunicationOptions(
        timeout_seconds=0.5 if mode == "timeout" else None)
    strategy = tf.distribute.MultiWorkerMirroredStrategy(communication_options=options)
    strategy.extended._check_health_interval = 0.2 if mode == "health" else 30.0
    strategy.extended._check_health_timeout = 0.3
    ctx = tf.distribute.get_replica_context
    step = lambda: strategy.run(lambda: ctx().all_reduce("SUM", tf.constant(1.0)))
    first = float(step())  # both workers are in the job
    if rank == 1:
        if mode == "crash":
            os._exit(3)
        return  # leaves early: its data ran out, it returned
    result = {"first": first, "errors": []}
    for _ in range(2):  # the second collective fails at once: the group is aborted
        started = time.monotonic()
        try:
            step()
            result["errors"].append(None)
        except tf.errors.OpError as exc:
            result["errors"].append([type(exc).__name__, str(exc),
                                     time.monotonic() - started])
    _write(out_dir, mode, rank, result)


def _write(out_dir: str, mode: str, rank: int, result: dict) -> None:
    with open(os.path.join(out_dir, f"{mode}_{rank}.json"), "w") as f:
        json.dump(result, f)


def main() -> None:
    mode, out_dir = sys.argv[1], sys.argv[2]
    import fluxion as tf  # noqa: PLC0415

    rank = int(os.environ.get("OMPI_COMM_WORLD_RANK", os.environ.get("PMI_RANK", "0")))
    if mode == "train":
        run_train(tf, out_dir, rank)
    else:
        run_failure(tf, out_dir, rank, mode)


if __name__ == "__main__":
    main()
