"""tf.distribute.MultiWorkerMirroredStrategy: one process (a one-worker strategy, no MPI) and
two workers under `mpirun -n 2` (tests/mpi_workers/worker.py), which must train to the weights
of one process on the whole global batch, give the values TF 2.21 gives (recorded with real TF,
two workers on localhost with TF_CONFIG), and report a worker that leaves instead of hanging.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import fluxion as tf
from fluxion.distribute.multi_worker import WorkerDistributedDataset
from tests.mpi_workers import worker

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKER = os.path.join(ROOT, "tests", "mpi_workers", "worker.py")
LAUNCHER_VARS = ("OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK", "PMI_SIZE", "PMI_RANK",
                 "PMIX_RANK", "MV2_COMM_WORLD_SIZE", "MV2_COMM_WORLD_RANK", "TF_CONFIG")
HAVE_MPI = shutil.which("mpirun") is not None and importlib.util.find_spec("mpi4py") is not None
needs_mpi = pytest.mark.skipif(not HAVE_MPI, reason="needs mpirun and mpi4py (pip install "
                                                    "'fluxion[mpi]', apt-get install openmpi-bin)")


@pytest.fixture
def single_process(monkeypatch):
    for name in LAUNCHER_VARS:
        monkeypatch.delenv(name, raising=False)


def local(strategy, value) -> list:
    return [np.asarray(v).tolist() for v in strategy.experimental_local_results(value)]


# --- one process ---------------------------------------------------------------------------------
def test_import_and_single_process_strategy_do_not_import_mpi4py():
    env = {k: v for k, v in os.environ.items() if k not in LAUNCHER_VARS}
    code = ("import sys, fluxion, fluxion.distribute as d\n"
            "s = d.MultiWorkerMirroredStrategy()\n"
            "print('mpi4py' in sys.modules, s.num_replicas_in_sync)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=60, check=False)
    assert out.stdout.split() == ["False", "1"], out.stderr


def test_single_process_is_one_worker(single_process):
    s = tf.distribute.MultiWorkerMirroredStrategy()
    # TF 2.21 without TF_CONFIG
    assert s.num_replicas_in_sync == 1
    assert s.extended.worker_devices == ("/job:localhost/replica:0/task:0/device:CPU:0",)
    resolver = s.cluster_resolver
    assert isinstance(resolver, tf.distribute.cluster_resolver.TFConfigClusterResolver)
    assert (resolver.task_type, resolver.task_id, resolver.rpc_layer) == (None, None, None)
    assert resolver.cluster_spec().as_dict() == {} and not resolver.cluster_spec()
    assert s.extended._is_chief and s.extended.should_checkpoint and s.extended.should_save_summary
    assert (s.extended._task_type, s.extended._task_id, s.extended._num_workers) == (None, None, 1)
    with s.scope():
        assert tf.distribute.get_strategy() is s
        v = tf.Variable(1.0, aggregation=tf.VariableAggregation.SUM)
    assert type(v).__name__ == "MirroredVariable" and s.extended.variable_created_in_scope(v)
    ctx = tf.distribute.get_replica_context
    assert float(s.run(lambda: ctx().all_reduce("MEAN", tf.constant(3.0)))) == 3.0
    s.run(lambda: v.assign_add(2.0))
    assert float(v.numpy()) == 3.0
    batches = list(s.experimental_distribute_dataset(tf.data.Dataset.range(6).batch(4)))
    assert [b.numpy().tolist() for b in batches] == [[0, 1, 2, 3], [4, 5]]  # not PerReplica


@pytest.mark.parametrize("use_function", [True, False])
def test_one_worker_trains_like_no_strategy(single_process, use_function):
    start, final, losses = worker.train_custom_loop(
        tf, tf.distribute.MultiWorkerMirroredStrategy(), 7, use_function=use_function)
    _, expected, expected_losses = worker.train_custom_loop(
        tf, tf.distribute.get_strategy(), 8, initial=start, use_function=use_function)
    np.testing.assert_allclose(losses, expected_losses, rtol=1e-6)
    for a, b in zip(final, expected):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_cluster_of_several_workers_needs_an_mpi_launcher(single_process, monkeypatch):
    monkeypatch.setenv("TF_CONFIG", json.dumps({
        "cluster": {"worker": ["localhost:1", "localhost:2"]},
        "task": {"type": "worker", "index": 0}}))
    with pytest.raises(NotImplementedError, match="mpirun -n 2"):
        tf.distribute.MultiWorkerMirroredStrategy()
    monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": {"worker": ["localhost:1"]},
                                                "task": {"type": "worker", "index": 0}}))
    s = tf.distribute.MultiWorkerMirroredStrategy()  # TF 2.21: a one-worker cluster
    assert s.extended.worker_devices == ("/job:worker/replica:0/task:0/device:CPU:0",)
    assert (s.cluster_resolver.task_type, s.cluster_resolver.task_id) == ("worker", 0)
    assert s.extended._is_chief and s.cluster_resolver.master() == ""


def test_communication_options():
    E = tf.distribute.experimental
    o = E.CommunicationOptions()
    assert (o.bytes_per_pack, o.timeout_seconds, o.implementation) == (
        0, None, E.CommunicationImplementation.AUTO)
    assert repr(o) == ("Options(bytes_per_pack=0,timeout_seconds=None, "
                       "implementation=CommunicationImplementation.AUTO)")
    assert [m.name for m in E.CommunicationImplementation] == ["AUTO", "RING", "NCCL"]
    assert E.CollectiveCommunication is E.CommunicationImplementation
    assert E.CommunicationOptions(implementation="RING").implementation is \
        E.CommunicationImplementation.RING
    a = E.CommunicationOptions(timeout_seconds=5)
    b = E.CommunicationOptions(bytes_per_pack=4,
                               implementation=E.CommunicationImplementation.RING)
    for merged in (a.merge(b), b.merge(a)):  # TF: set values win over defaults
        assert (merged.bytes_per_pack, merged.timeout_seconds, merged.implementation) == (
            4, 5, E.CommunicationImplementation.RING)
    with pytest.raises(ValueError, match="must be >=0, Received -1"):
        E.CommunicationOptions(bytes_per_pack=-1)
    with pytest.raises(ValueError, match="must be instance of"):
        E.CommunicationOptions(implementation=1)
    with pytest.raises(ValueError, match="communication_options must be an instance"):
        tf.distribute.MultiWorkerMirroredStrategy(communication_options=5)


def test_experimental_constructor(single_process):
    s = tf.distribute.experimental.MultiWorkerMirroredStrategy(
        tf.distribute.experimental.CollectiveCommunication.RING)
    assert isinstance(s, tf.distribute.MultiWorkerMirroredStrategy)
    assert s.extended._communication_options.implementation.name == "RING"


def test_cluster_spec_and_resolvers(monkeypatch):
    cr = tf.distribute.cluster_resolver
    spec = cr.SimpleClusterResolver({"worker": ["a:1", "b:2"], "ps": {3: "c:3"}}).cluster_spec()
    # TF 2.21's tf.train.ClusterSpec
    assert spec.as_dict() == {"worker": ["a:1", "b:2"], "ps": {3: "c:3"}}
    assert spec.jobs == ["worker", "ps"] and spec.num_tasks("worker") == 2
    assert spec.task_indices("ps") == [3] and spec.job_tasks("ps") == [None, None, None, "c:3"]
    with pytest.raises(ValueError, match="No task with index 0 in job 'ps'"):
        spec.task_address("ps", 0)
    with pytest.raises(ValueError, match="No such job in cluster: 'x'"):
        spec.num_tasks("x")
    r = cr.SimpleClusterResolver(spec, task_type="worker", task_id=1, rpc_layer="grpc")
    assert (r.master(), r.master("worker", 0), r.num_accelerators(), r.environment) == (
        "grpc://", "grpc://a:1", {}, "")
    monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": {"worker": ["h:1", "h:2"]},
                                                "task": {"type": "worker", "index": 1},
                                                "rpc_layer": "grpc"}))
    r = cr.TFConfigClusterResolver()
    assert (r.task_type, r.task_id, r.rpc_layer, r.environment) == ("worker", 1, "grpc", None)
    assert r.cluster_spec().as_dict() == {"worker": ["h:1", "h:2"]} and r.master() == ""


# the shares TF 2.21 gives 3 workers (one CPU replica each) of range(n).batch(b)
THREE_WORKERS = {
    (4, 4): [[[0, 1]], [[2, 3]], [[]]],
    (5, 5): [[[0, 1]], [[2, 3]], [[4]]],
    (11, 4): [[[0, 1], [4, 5], [8]], [[2, 3], [6, 7], [9]], [[], [], [10]]],
    (3, 1): [[[0], [1], [2]], [[], [], []], [[], [], []]],
    (7, 7): [[[0, 1, 2]], [[3, 4, 5]], [[6]]],
    (14, 5): [[[0, 1], [5, 6], [10, 11]], [[2, 3], [7, 8], [12, 13]], [[4], [9], []]],
}


@pytest.mark.parametrize("n, b", sorted(THREE_WORKERS))
def test_each_worker_takes_its_share_of_every_global_batch(n, b):
    for index in range(3):
        dataset = WorkerDistributedDataset(tf.data.Dataset.range(n).batch(b), 3, index, 1)
        got = [[np.asarray(v).tolist() for v in element] for element in dataset]
        assert all(isinstance(e, tf.distribute.PerReplica) for e in dataset)
        assert [g[0] for g in got] == THREE_WORKERS[n, b][index]


def test_dataset_nests_and_auto_shard_off():
    ds = tf.data.Dataset.from_tensor_slices({"x": np.arange(12.0).reshape(6, 2),
                                             "y": np.arange(6)}).batch(6)
    (element,) = list(WorkerDistributedDataset(ds, 3, 2, 1))
    assert element["y"][0].numpy().tolist() == [4, 5]
    assert element["x"][0].numpy().tolist() == [[8.0, 9.0], [10.0, 11.0]]
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.OFF
    off = tf.data.Dataset.range(8).batch(4).with_options(options)
    # TF: without sharding every worker runs every replica's share, one step each
    got = [e[0].numpy().tolist() for e in WorkerDistributedDataset(off, 2, 1, 1)]
    assert got == [[0, 1], [2, 3], [4, 5], [6, 7]]


def test_collective_is_a_graph_op_kept_by_the_passes():
    from fluxion.distribute import collective_ops

    key = collective_ops.local_group_key()
    fn = tf.function(lambda x: collective_ops.all_reduce_sum([x * 2.0, tf.ones([2])], key))
    assert [t.numpy().tolist() for t in fn(tf.constant([1.0, 2.0]))] == [[2.0, 4.0], [1.0, 1.0]]
    graph = fn.get_concrete_function(tf.constant([1.0, 2.0])).execution_graph
    assert [n.op for n in graph.nodes].count("collective_all_reduce") == 1


# --- two workers under mpirun ---------------------------------------------------------------------
class _MpiJob:
    """`mpirun -n 2 worker.py MODE OUT_DIR`, started at once; `finish` kills the job past its
    timeout (mpirun never hangs a test run)."""

    def __init__(self, mode: str, out_dir) -> None:
        env = {k: v for k, v in os.environ.items() if k not in LAUNCHER_VARS}
        env.update(PYTHONPATH=ROOT + os.pathsep + env.get("PYTHONPATH", ""),
                   OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                   OMPI_MCA_rmaps_base_oversubscribe="1",  # 2 workers on a 1-core machine
                   OMPI_MCA_btl_vader_single_copy_mechanism="none")  # containers forbid CMA
        self.mode, self.out_dir = mode, out_dir
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            ["mpirun", "-n", "2", sys.executable, WORKER, mode, str(out_dir)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT,
            start_new_session=True)
        self.done = None

    def finish(self, timeout: float = 120.0) -> tuple:
        """(exit code, output, seconds from start to end)."""
        if self.done is None:
            try:
                output, _ = self.proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                output, _ = self.proc.communicate()
                pytest.fail(f"mpirun {self.mode} hung for {timeout} s:\n{output}")
            self.done = (self.proc.returncode, output, time.monotonic() - self.started)
        return self.done

    def load(self, rank: int) -> dict:
        with open(os.path.join(self.out_dir, f"{self.mode}_{rank}.json")) as f:
            return json.load(f)


@pytest.fixture(scope="module")
def mpi_jobs(tmp_path_factory):
    """The four 2-worker jobs, run side by side (the failure jobs mostly wait)."""
    jobs = {mode: _MpiJob(mode, tmp_path_factory.mktemp(f"mpi_{mode}"))
            for mode in ("train", "timeout", "health", "crash")}
    yield jobs
    for job in jobs.values():
        if job.proc.poll() is None:
            os.killpg(job.proc.pid, signal.SIGKILL)
            job.proc.communicate()


@pytest.fixture(scope="module")
def two_workers(mpi_jobs):
    job = mpi_jobs["train"]
    code, output, _ = job.finish()
    assert code == 0, output
    arrays = [dict(np.load(os.path.join(job.out_dir, f"train_{r}.npz"))) for r in range(2)]
    return [job.load(r) for r in range(2)], arrays


@needs_mpi
def test_two_workers_collectives_match_tf(two_workers):
    (w0, w1), _ = two_workers
    assert [w0["task"], w1["task"]] == [["worker", 0], ["worker", 1]]
    assert (w0["is_chief"], w1["is_chief"]) == (True, False)
    assert (w0["should_checkpoint"], w1["should_checkpoint"]) == (True, False)
    assert w1["devices"] == ["/job:worker/replica:0/task:1/device:CPU:0"]
    for w in (w0, w1):
        assert w["num_replicas"] == 2 and w["cluster"] == 2
        assert w["broadcast"] == 10.0  # worker 0's initial value everywhere
        assert w["mean"] == [0.5] and w["sum"] == [3.0, 6.0]
        assert w["reduce"] == [[3.0, 6.0], 2.25]
        assert w["gather"] == [[0.0], [1.0]] and w["average_loss"] == [0.75]
        assert w["nested"] == [None, [1], [[1.0, 1.0]]]
        assert w["function"] == [[1.0, 1], [3.0, 3], [5.0, 5]]
    # SUM and MEAN updates combine all workers; NONE keeps each worker's own (TF)
    assert w0["aggregation"] == [4.0, 2.5, 2.0] and w1["aggregation"] == [4.0, 2.5, 3.0]
    assert (w0["replica_id"], w1["replica_id"]) == ([0], [1])


@needs_mpi
def test_two_workers_take_their_shares_like_tf(two_workers):
    (w0, w1), _ = two_workers
    assert w0["datasets"]["16/8"] == [[0, 1, 2, 3], [8, 9, 10, 11]]
    assert w1["datasets"]["16/8"] == [[4, 5, 6, 7], [12, 13, 14, 15]]
    assert w0["datasets"]["14/7"] == [[0, 1, 2, 3], [7, 8, 9, 10]]
    assert w1["datasets"]["14/7"] == [[4, 5, 6], [11, 12, 13]]
    assert (w0["datasets"]["5/5"], w1["datasets"]["5/5"]) == ([[0, 1, 2]], [[3, 4]])
    assert w0["datasets"]["10/4"] == [[0, 1], [4, 5], [8]]
    assert w1["datasets"]["10/4"] == [[2, 3], [6, 7], [9]]
    for rank, w in enumerate((w0, w1)):
        assert w["datasets"]["off"] == [[0, 1], [2, 3], [4, 5], [6, 7]]
        assert w["datasets"]["from_function"] == [[0, 1], [2, 3], [4, 5], [6, 7]]
        assert w["datasets"]["contexts"] == [[2, rank, 2, 4]]


@needs_mpi
@pytest.mark.parametrize("name, seed", [("loop", 100), ("eager", 200), ("fit", 300)])
def test_two_workers_train_like_one_process_on_the_global_batch(two_workers, name, seed):
    results, arrays = two_workers
    n = sum(1 for k in arrays[0] if k.startswith(f"{name}_start_"))
    starts = [[a[f"{name}_start_{i}"] for i in range(n)] for a in arrays]
    finals = [[a[f"{name}_final_{i}"] for i in range(n)] for a in arrays]
    own_start = [w.numpy() for w in worker.make_model(tf, seed + 1).weights]
    assert not np.allclose(starts[1][0], own_start[0])  # worker 1 did not keep its own init
    for a, b in zip(*starts):
        np.testing.assert_array_equal(a, b)  # broadcast from worker 0
    for a, b in zip(*finals):
        np.testing.assert_array_equal(a, b)  # the workers stay in lockstep
    train = worker.train_fit if name == "fit" else worker.train_custom_loop
    kwargs = {} if name == "fit" else {"use_function": name == "loop"}
    _, expected, expected_losses = train(tf, tf.distribute.get_strategy(), 0,
                                         initial=starts[0], **kwargs)
    assert not np.allclose(expected[0], starts[0][0])  # it trained
    for got, want in zip(finals[0], expected):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    for w in results:
        np.testing.assert_allclose(w[f"{name}_losses"], expected_losses, rtol=1e-5)


@needs_mpi
@pytest.mark.parametrize("mode, error, detail", [
    ("timeout", "DeadlineExceededError", "did not complete within 0.5 s"),
    ("health", "UnavailableError", "did not answer a health check within 0.3 s")])
def test_a_worker_that_leaves_is_reported_not_waited_for(mpi_jobs, mode, error, detail):
    job = mpi_jobs[mode]
    _, output, elapsed = job.finish()
    result = job.load(0)
    assert result["first"] == 2.0  # the collective before worker 1 left
    (cls, message, seconds), (cls2, message2, seconds2) = result["errors"]
    assert cls == error and detail in message and "Worker(s) 1" in message
    assert "all-reduce" in message and message.endswith("[Op:CollectiveReduceV2]")
    assert seconds < 5.0, seconds  # the deadline (plus a health check), not a hang
    # TF: once a collective failed, the next ones fail at once
    assert cls2 == error and message2.startswith("Collective ops is aborted by: ")
    assert "Restart your program to reset." in message2 and seconds2 < 0.5
    assert elapsed < 60.0, output


@needs_mpi
def test_a_crashed_worker_ends_the_job(mpi_jobs):
    job = mpi_jobs["crash"]
    code, output, elapsed = job.finish()
    assert code != 0 and elapsed < 60.0, output  # mpirun ends the job, nobody hangs
    assert not os.path.exists(os.path.join(job.out_dir, "crash_0.json"))
