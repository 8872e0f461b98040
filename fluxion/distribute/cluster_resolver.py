"""``tf.distribute.cluster_resolver``: who the workers of a job are and which one this is.

Fluxion's workers find each other through MPI (`mpirun`), not gRPC addresses; these classes
describe the cluster as TF does (`strategy.cluster_resolver.task_type / task_id`), so code
that picks the chief worker or writes per-task files runs unchanged.
"""
from __future__ import annotations

import json
import os


class ClusterSpec:
    """``tf.train.ClusterSpec``: job name -> task addresses (a list, or a dict by index)."""

    def __init__(self, cluster) -> None:
        if isinstance(cluster, ClusterSpec):
            cluster = cluster.as_dict()
        self._jobs: dict = {}
        for job, tasks in dict(cluster or {}).items():
            if isinstance(tasks, dict):
                self._jobs[job] = {int(i): str(a) for i, a in tasks.items()}
            else:
                self._jobs[job] = {i: str(a) for i, a in enumerate(tasks)}

    def as_dict(self) -> dict:
        out = {}
        for job, tasks in self._jobs.items():
            indices = sorted(tasks)
            contiguous = indices == list(range(len(indices)))
            out[job] = [tasks[i] for i in indices] if contiguous else dict(tasks)
        return out

    @property
    def jobs(self) -> list:
        return list(self._jobs)

    def num_tasks(self, job_name: str) -> int:
        return len(self._job(job_name))

    def task_indices(self, job_name: str) -> list:
        return sorted(self._job(job_name))

    def task_address(self, job_name: str, task_index: int) -> str:
        tasks = self._job(job_name)
        if task_index not in tasks:
            raise ValueError(f"No task with index {task_index!r} in job {job_name!r}")
        return tasks[task_index]

    def job_tasks(self, job_name: str) -> list:
        tasks = self._job(job_name)
        return [tasks.get(i) for i in range(max(tasks) + 1)] if tasks else []

    def _job(self, job_name: str) -> dict:
        if job_name not in self._jobs:
            raise ValueError(f"No such job in cluster: {job_name!r}")
        return self._jobs[job_name]

    def __bool__(self) -> bool:
        return bool(self._jobs)

    def __eq__(self, other) -> bool:
        return isinstance(other, ClusterSpec) and self.as_dict() == other.as_dict()

    def __repr__(self) -> str:
        return f"ClusterSpec({self.as_dict()!r})"


class ClusterResolver:
    """Base of the resolvers: the cluster, this task, its accelerators."""

    task_type = None
    task_id = None
    rpc_layer = None
    environment = ""

    def cluster_spec(self) -> ClusterSpec:
        raise NotImplementedError

    def master(self, task_type=None, task_id=None, rpc_layer=None) -> str:
        """The address of the task named by `task_type` and `task_id` ('' without them)."""
        if task_type is None or task_id is None:
            return ""
        return _url(self.cluster_spec().task_address(task_type, task_id),
                    rpc_layer or self.rpc_layer)

    def num_accelerators(self, task_type=None, task_id=None, config_proto=None) -> dict:
        return {}


class SimpleClusterResolver(ClusterResolver):
    """A resolver that returns what it was given."""

    def __init__(self, cluster_spec, master: str = "", task_type=None, task_id=None,
                 environment: str = "", num_accelerators=None, rpc_layer=None) -> None:
        self._cluster_spec = ClusterSpec(cluster_spec)
        self._master = master
        self.task_type, self.task_id = task_type, task_id
        self.environment = environment
        self._num_accelerators = dict(num_accelerators or {})
        self.rpc_layer = rpc_layer

    def cluster_spec(self) -> ClusterSpec:
        return self._cluster_spec

    def master(self, task_type=None, task_id=None, rpc_layer=None) -> str:
        if task_type is not None and task_id is not None:
            return super().master(task_type, task_id, rpc_layer)
        return _url(self._master, rpc_layer or self.rpc_layer)

    def num_accelerators(self, task_type=None, task_id=None, config_proto=None) -> dict:
        return dict(self._num_accelerators)


class TFConfigClusterResolver(ClusterResolver):
    """The cluster described by the ``TF_CONFIG`` environment variable (JSON with "cluster",
    "task": {"type", "index"}, "rpc_layer", "environment"); empty when it is not set."""

    def __init__(self, task_type=None, task_id=None, rpc_layer=None, environment=None) -> None:
        config = _tf_config()
        task = config.get("task", {})
        self.task_type = task_type if task_type is not None else task.get("type")
        self.task_id = task_id if task_id is not None else (
            int(task["index"]) if "index" in task else None)
        self.rpc_layer = rpc_layer if rpc_layer is not None else config.get("rpc_layer")
        self.environment = environment if environment is not None else \
            config.get("environment")

    def cluster_spec(self) -> ClusterSpec:
        return ClusterSpec(_tf_config().get("cluster", {}))


def _url(address: str, rpc_layer) -> str:
    return f"{rpc_layer}://{address}" if rpc_layer else address


def _tf_config() -> dict:
    text = os.environ.get("TF_CONFIG", "")
    return json.loads(text) if text.strip() else {}


__all__ = ["ClusterResolver", "SimpleClusterResolver", "TFConfigClusterResolver"]
