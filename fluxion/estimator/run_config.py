"""``tf.estimator.RunConfig``: where and how often an Estimator checkpoints, its seed and its
distribution strategies.

Fluxion runs locally (one machine, one task): the cluster properties report a single chief
worker, as TF does when no ``TF_CONFIG`` is set.
"""
from __future__ import annotations

import copy
import os

_USE_DEFAULT = object()
_SAVE_CKPT_ERR = "`save_checkpoints_steps` and `save_checkpoints_secs` cannot be both set."

# the properties `replace` may change (TF's list)
_REPLACEABLE = ("model_dir", "tf_random_seed", "save_summary_steps", "save_checkpoints_steps",
                "save_checkpoints_secs", "session_config", "keep_checkpoint_max",
                "keep_checkpoint_every_n_hours", "log_step_count_steps", "train_distribute",
                "device_fn", "protocol", "eval_distribute", "experimental_distribute",
                "experimental_max_worker_delay_secs", "session_creation_timeout_secs",
                "checkpoint_save_graph_def")


class TaskType:
    MASTER = "master"
    PS = "ps"
    WORKER = "worker"
    CHIEF = "chief"
    EVALUATOR = "evaluator"


def _check_nonnegative(name: str, value) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{name} should be >= 0")


def _validate(config: RunConfig) -> None:
    if config.model_dir is not None and not config.model_dir:
        raise ValueError("model_dir should be non-empty")
    for name in ("save_summary_steps", "save_checkpoints_steps", "save_checkpoints_secs",
                 "keep_checkpoint_max", "log_step_count_steps"):
        _check_nonnegative(name, getattr(config, name))
    hours = config.keep_checkpoint_every_n_hours
    if hours is not None and hours <= 0:
        raise ValueError("keep_checkpoint_every_n_hours should be > 0")
    seed = config.tf_random_seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ValueError("tf_random_seed must be integer")
    if config.device_fn is not None and not callable(config.device_fn):
        raise ValueError("device_fn must be callable with exactly one argument \"op\".")
    timeout = config.session_creation_timeout_secs
    if timeout is not None and timeout <= 0:
        raise ValueError("session_creation_timeout_secs should be > 0")
    if config.session_config is not None and isinstance(config.session_config, dict):
        raise ValueError("session_config must be instance of ConfigProto")


def _save_settings(steps, secs):
    """TF's defaults: checkpoints every 600 seconds unless steps are given; both is an error."""
    if steps is _USE_DEFAULT and secs is _USE_DEFAULT:
        return None, 600
    if secs is _USE_DEFAULT:
        return steps, None
    if steps is _USE_DEFAULT:
        return None, secs
    if steps is not None and secs is not None:
        raise ValueError(_SAVE_CKPT_ERR)
    return steps, secs


class RunConfig:
    """This class specifies the configurations for an `Estimator` run."""

    def __init__(self, model_dir=None, tf_random_seed=None, save_summary_steps=100,
                 save_checkpoints_steps=_USE_DEFAULT, save_checkpoints_secs=_USE_DEFAULT,
                 session_config=None, keep_checkpoint_max=5, keep_checkpoint_every_n_hours=10000,
                 log_step_count_steps=100, train_distribute=None, device_fn=None, protocol=None,
                 eval_distribute=None, experimental_distribute=None,
                 experimental_max_worker_delay_secs=None, session_creation_timeout_secs=7200,
                 checkpoint_save_graph_def=True) -> None:
        steps, secs = _save_settings(save_checkpoints_steps, save_checkpoints_secs)
        self._model_dir = None if model_dir is None else os.fspath(model_dir)
        self._tf_random_seed = tf_random_seed
        self._save_summary_steps = save_summary_steps
        self._save_checkpoints_steps = steps
        self._save_checkpoints_secs = secs
        self._session_config = session_config
        self._keep_checkpoint_max = keep_checkpoint_max
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._log_step_count_steps = log_step_count_steps
        self._train_distribute = train_distribute
        self._eval_distribute = eval_distribute
        self._device_fn = device_fn
        self._protocol = protocol
        self._experimental_distribute = experimental_distribute
        self._experimental_max_worker_delay_secs = experimental_max_worker_delay_secs
        self._session_creation_timeout_secs = session_creation_timeout_secs
        self._checkpoint_save_graph_def = checkpoint_save_graph_def
        _validate(self)

    # --- the local single-task cluster ---------------------------------------------------------
    cluster_spec = property(lambda self: {})
    task_type = property(lambda self: TaskType.WORKER)
    task_id = property(lambda self: 0)
    master = property(lambda self: "")
    evaluation_master = property(lambda self: "")
    is_chief = property(lambda self: True)
    num_ps_replicas = property(lambda self: 0)
    num_worker_replicas = property(lambda self: 1)
    global_id_in_cluster = property(lambda self: 0)
    service = property(lambda self: None)

    # --- the settings --------------------------------------------------------------------------
    model_dir = property(lambda self: self._model_dir)
    tf_random_seed = property(lambda self: self._tf_random_seed)
    save_summary_steps = property(lambda self: self._save_summary_steps)
    save_checkpoints_steps = property(lambda self: self._save_checkpoints_steps)
    save_checkpoints_secs = property(lambda self: self._save_checkpoints_secs)
    session_config = property(lambda self: self._session_config)
    keep_checkpoint_max = property(lambda self: self._keep_checkpoint_max)
    keep_checkpoint_every_n_hours = property(lambda self: self._keep_checkpoint_every_n_hours)
    log_step_count_steps = property(lambda self: self._log_step_count_steps)
    train_distribute = property(lambda self: self._train_distribute)
    eval_distribute = property(lambda self: self._eval_distribute)
    device_fn = property(lambda self: self._device_fn)
    protocol = property(lambda self: self._protocol)
    experimental_max_worker_delay_secs = property(
        lambda self: self._experimental_max_worker_delay_secs)
    session_creation_timeout_secs = property(lambda self: self._session_creation_timeout_secs)
    checkpoint_save_graph_def = property(lambda self: self._checkpoint_save_graph_def)

    def replace(self, **kwargs) -> RunConfig:
        """A copy with the given properties changed (only TF's replaceable ones). Setting one of
        save_checkpoints_steps/secs to a value clears the other."""
        for key in kwargs:
            if key not in _REPLACEABLE:
                raise ValueError(f"Replacing {key} is not supported. Allowed properties are "
                                 f"{list(_REPLACEABLE)}.")
        new = copy.copy(self)
        steps_given = "save_checkpoints_steps" in kwargs
        secs_given = "save_checkpoints_secs" in kwargs
        for key, value in kwargs.items():
            if key == "model_dir" and value is not None:
                value = os.fspath(value)
            setattr(new, "_" + key, value)
        if steps_given and secs_given:
            if new._save_checkpoints_steps is not None and new._save_checkpoints_secs is not None:
                raise ValueError(_SAVE_CKPT_ERR)
        elif steps_given and new._save_checkpoints_steps is not None:
            new._save_checkpoints_secs = None
        elif secs_given and new._save_checkpoints_secs is not None:
            new._save_checkpoints_steps = None
        _validate(new)
        return new

    def __repr__(self) -> str:
        shown = ("model_dir", "tf_random_seed", "save_checkpoints_steps", "save_checkpoints_secs",
                 "keep_checkpoint_max", "log_step_count_steps", "train_distribute")
        body = ", ".join(f"{k}={getattr(self, k)!r}" for k in shown)
        return f"RunConfig({body})"
