"""``tf.train.ClusterSpec``: the jobs of a cluster and their tasks' addresses (as TF_CONFIG
gives them to multi-worker training)."""
from __future__ import annotations

__all__ = ["ClusterSpec"]


class ClusterSpec:
    """`ClusterSpec({"worker": ["host:port", ...], "ps": {0: "host:port"}})`."""

    def __init__(self, cluster) -> None:
        if isinstance(cluster, ClusterSpec):
            cluster = cluster.as_dict()
        if not isinstance(cluster, dict):
            raise TypeError("`cluster` must be a dictionary mapping one or more job names to "
                            "(i) a list of network addresses, or (ii) a dictionary mapping "
                            "integer task indices to network addresses; or a ClusterSpec")
        self._spec = {}
        for job, tasks in cluster.items():
            if not isinstance(job, str):
                raise TypeError(f"Job name {job!r} must be a string")
            if isinstance(tasks, (list, tuple)):
                self._spec[job] = dict(enumerate(tasks))
            elif isinstance(tasks, dict):
                if any(not isinstance(i, int) for i in tasks):
                    raise TypeError(f"Task indices of job {job!r} must be integers")
                self._spec[job] = dict(tasks)
            else:
                raise TypeError(f"The tasks for job {job!r} must be a list or a dictionary "
                                f"from integers to strings.")
        self._sparse = {job for job, tasks in cluster.items() if isinstance(tasks, dict)
                        and sorted(tasks) != list(range(len(tasks)))}

    def __bool__(self) -> bool:
        return bool(self._spec)

    def __eq__(self, other) -> bool:
        return isinstance(other, ClusterSpec) and self._spec == other._spec

    def __ne__(self, other) -> bool:
        return not self == other

    def __repr__(self) -> str:
        return f"ClusterSpec({dict(sorted(self.as_dict().items()))!r})"

    @property
    def jobs(self) -> list:
        return list(self._spec)

    def as_dict(self) -> dict:
        out = {}
        for job, tasks in self._spec.items():
            if job in self._sparse:
                out[job] = dict(tasks)
            else:
                out[job] = [tasks[i] for i in sorted(tasks)]
        return out

    def _tasks(self, job_name: str) -> dict:
        if job_name not in self._spec:
            raise ValueError(f"No such job in cluster: {job_name!r}")
        return self._spec[job_name]

    def num_tasks(self, job_name: str) -> int:
        return len(self._tasks(job_name))

    def task_indices(self, job_name: str) -> list:
        return sorted(self._tasks(job_name))

    def task_address(self, job_name: str, task_index: int) -> str:
        tasks = self._tasks(job_name)
        if task_index not in tasks:
            raise ValueError(f"No task with index {task_index!r} in job {job_name!r}")
        return tasks[task_index]

    def job_tasks(self, job_name: str) -> list:
        tasks = self._tasks(job_name)
        return [tasks.get(i) for i in range(max(tasks) + 1)] if tasks else []
