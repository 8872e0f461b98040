"""``tf.train.CheckpointManager``, ``latest_checkpoint``, ``get_checkpoint_state``,
``checkpoints_iterator`` and the folder's ``checkpoint`` state file.

The state file uses TF's text format (``model_checkpoint_path: "ckpt-3"`` ...), with paths
relative to the folder, and is replaced in one rename after each checkpoint is complete, so it
always names checkpoints that exist.
"""
from __future__ import annotations

import codecs
import collections
import glob
import os
import time
import warnings

from fluxion.train import _ckpt_format

__all__ = ["CheckpointManager", "checkpoints_iterator", "get_checkpoint_state",
           "latest_checkpoint"]

STATE_FILE = "checkpoint"


class CheckpointState:
    """The content of a `checkpoint` state file (TF's ``CheckpointState`` proto)."""

    def __init__(self, model_checkpoint_path: str = "", all_model_checkpoint_paths=(),
                 all_model_checkpoint_timestamps=(), last_preserved_timestamp: float = 0.0):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths)
        self.all_model_checkpoint_timestamps = list(all_model_checkpoint_timestamps)
        self.last_preserved_timestamp = last_preserved_timestamp

    def __str__(self) -> str:
        lines = [f"model_checkpoint_path: {_quote(self.model_checkpoint_path)}"]
        lines += [f"all_model_checkpoint_paths: {_quote(p)}"
                  for p in self.all_model_checkpoint_paths]
        lines += [f"all_model_checkpoint_timestamps: {t!r}"
                  for t in self.all_model_checkpoint_timestamps]
        if self.last_preserved_timestamp:
            lines.append(f"last_preserved_timestamp: {self.last_preserved_timestamp!r}")
        return "\n".join(lines) + "\n"

    __repr__ = __str__


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _unquote(text: str) -> str:
    return codecs.escape_decode(text[1:-1].encode())[0].decode()


def _parse_state(text: str, path: str) -> CheckpointState:
    state = CheckpointState()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        field, sep, value = line.partition(":")
        value = value.strip()
        if not sep:
            raise ValueError(f"{path}: cannot parse line {line!r}")
        if field == "model_checkpoint_path":
            state.model_checkpoint_path = _unquote(value)
        elif field == "all_model_checkpoint_paths":
            state.all_model_checkpoint_paths.append(_unquote(value))
        elif field == "all_model_checkpoint_timestamps":
            state.all_model_checkpoint_timestamps.append(float(value))
        elif field == "last_preserved_timestamp":
            state.last_preserved_timestamp = float(value)
        else:
            raise ValueError(f"{path}: unknown field {field!r}")
    return state


def get_checkpoint_state(checkpoint_dir, latest_filename=None) -> CheckpointState | None:
    """The folder's state file with paths made relative to the current directory, or None."""
    checkpoint_dir = os.fspath(checkpoint_dir)
    path = os.path.join(checkpoint_dir, latest_filename or STATE_FILE)
    if not os.path.isfile(path):
        return None
    try:
        with open(path, encoding="utf-8") as f:
            state = _parse_state(f.read(), path)
    except (OSError, ValueError, UnicodeDecodeError) as e:
        warnings.warn(f"{path}: not a checkpoint state file ({e})", stacklevel=2)
        return None

    def resolve(p: str) -> str:
        return p if os.path.isabs(p) else os.path.join(checkpoint_dir, p)
    state.model_checkpoint_path = resolve(state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [resolve(p) for p in state.all_model_checkpoint_paths]
    return state


def update_checkpoint_state_internal(save_dir, model_checkpoint_path,
                                     all_model_checkpoint_paths=None, latest_filename=None,
                                     save_relative_paths=False,
                                     all_model_checkpoint_timestamps=None,
                                     last_preserved_timestamp=None) -> None:
    """Replaces the state file of `save_dir` (atomically)."""
    save_dir = os.fspath(save_dir) or "."
    paths = list(all_model_checkpoint_paths or [])
    if model_checkpoint_path and model_checkpoint_path not in paths:
        paths.append(model_checkpoint_path)

    def relative(p: str) -> str:
        return os.path.relpath(p, save_dir) if save_relative_paths else p
    state = CheckpointState(relative(model_checkpoint_path), [relative(p) for p in paths],
                            all_model_checkpoint_timestamps or (),
                            last_preserved_timestamp or 0.0)
    _ckpt_format.write_text_atomic(os.path.join(save_dir, latest_filename or STATE_FILE),
                                   str(state))


def latest_checkpoint(checkpoint_dir, latest_filename=None) -> str | None:
    """The prefix of the folder's newest complete checkpoint, or None."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state is None or not state.model_checkpoint_path:
        return None
    path = state.model_checkpoint_path
    return path if _ckpt_format.exists(path) else None


def checkpoints_iterator(checkpoint_dir, min_interval_secs=0, timeout=None, timeout_fn=None):
    """Yields each new latest checkpoint of the folder as it appears (polling every second);
    stops after `timeout` seconds without one, unless `timeout_fn()` returns False."""
    previous = None
    while True:
        deadline = None if timeout is None else time.time() + timeout
        path = latest_checkpoint(checkpoint_dir)
        while path is None or path == previous:
            if deadline is not None and time.time() + 1 > deadline:
                path = None
                break
            time.sleep(1)
            path = latest_checkpoint(checkpoint_dir)
        if path is None:
            if timeout_fn is None or timeout_fn():
                return
            continue
        start = time.time()
        previous = path
        yield path
        pause = start + min_interval_secs - time.time()
        if pause > 0:
            time.sleep(pause)


def _delete_checkpoint_files(prefix: str) -> None:
    """Removes a checkpoint, its index first (so the prefix never looks complete but isn't)."""
    for path in [prefix + _ckpt_format.INDEX_SUFFIX] + glob.glob(
            glob.escape(prefix) + ".data-?????-of-?????"):
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def _number(value) -> int:
    if hasattr(value, "numpy"):
        value = value.numpy()
    return int(value)


class CheckpointManager:
    """Saves numbered checkpoints of `checkpoint` in `directory`, keeps the newest
    `max_to_keep` (and one every `keep_checkpoint_every_n_hours`), and records them in the
    folder's `checkpoint` file; a new manager picks up the list of an existing folder."""

    def __init__(self, checkpoint, directory, max_to_keep, keep_checkpoint_every_n_hours=None,
                 checkpoint_name="ckpt", step_counter=None, checkpoint_interval=None,
                 init_fn=None) -> None:
        self._checkpoint = checkpoint
        if max_to_keep is not None and max_to_keep <= 0:
            raise ValueError(f"Expected a positive integer or `None` for `max_to_keep`, got "
                             f"{max_to_keep}.")
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._directory = os.fspath(directory)
        self._checkpoint_prefix = os.path.join(self._directory, checkpoint_name)
        self._init_fn = init_fn
        if checkpoint_interval is not None and step_counter is None:
            raise ValueError("`step_counter` should be passed if `checkpoint_interval` is not "
                             "None.")
        self._step_counter = step_counter
        self._checkpoint_interval = checkpoint_interval
        self._last_checkpoint_step = None
        self._recover(time.time())

    def _recover(self, now: float) -> None:
        state = get_checkpoint_state(self._directory)
        self._maybe_delete: collections.OrderedDict = collections.OrderedDict()
        if state is None:
            self._latest_checkpoint = None
            self._last_preserved_timestamp = now - 1.0  # a manager re-created at once
            return
        self._latest_checkpoint = state.model_checkpoint_path
        self._last_preserved_timestamp = min(state.last_preserved_timestamp, now)
        timestamps = state.all_model_checkpoint_timestamps or \
            [self._last_preserved_timestamp] * len(state.all_model_checkpoint_paths)
        for path, stamp in zip(state.all_model_checkpoint_paths, timestamps):
            stamp = min(stamp, now)
            if stamp > self._last_preserved_timestamp:
                self._maybe_delete[path] = stamp

    # --- properties ----------------------------------------------------------------------------
    @property
    def directory(self) -> str:
        return self._directory

    @property
    def checkpoint(self):
        return self._checkpoint

    @property
    def checkpoint_interval(self):
        return self._checkpoint_interval

    @property
    def latest_checkpoint(self) -> str | None:
        return self._latest_checkpoint

    @property
    def checkpoints(self) -> list:
        """The managed checkpoints, oldest first."""
        return list(self._maybe_delete)

    # --- saving --------------------------------------------------------------------------------
    def _interval_allows(self, check_interval: bool) -> bool:
        if self._checkpoint_interval is None:
            return True
        step = _number(self._step_counter)
        if self._last_checkpoint_step is not None:
            if step == self._last_checkpoint_step:
                return False
            if check_interval and step < self._last_checkpoint_step + \
                    self._checkpoint_interval:
                return False
        self._last_checkpoint_step = step
        return True

    def save(self, checkpoint_number=None, check_interval=True, options=None) -> str | None:
        """Saves ``<directory>/<checkpoint_name>-<n>`` (n: `checkpoint_number`, or the
        checkpoint's save counter); None when `checkpoint_interval` steps have not passed."""
        if not self._interval_allows(check_interval):
            return None
        counter = self._checkpoint.save_counter
        counter.assign_add(1)
        number = _number(counter if checkpoint_number is None else checkpoint_number)
        path = self._checkpoint.write(f"{self._checkpoint_prefix}-{number}", options=options)
        self._maybe_delete.pop(path, None)  # re-written: it moves to the end of the queue
        self._maybe_delete[path] = time.time()
        self._latest_checkpoint = path
        self._record_state()  # the new checkpoint is recorded before any old one is deleted
        self._sweep()
        self._record_state()
        return path

    def _sweep(self) -> None:
        if not self._max_to_keep:
            return
        while len(self._maybe_delete) > self._max_to_keep:
            path, stamp = self._maybe_delete.popitem(last=False)
            hours = self._keep_checkpoint_every_n_hours
            if hours and stamp - hours * 3600.0 >= self._last_preserved_timestamp:
                self._last_preserved_timestamp = stamp
                continue
            _delete_checkpoint_files(path)

    def _record_state(self) -> None:
        update_checkpoint_state_internal(
            self._directory, self._latest_checkpoint, list(self._maybe_delete),
            save_relative_paths=True,
            all_model_checkpoint_timestamps=list(self._maybe_delete.values()),
            last_preserved_timestamp=self._last_preserved_timestamp)

    def restore_or_initialize(self) -> str | None:
        """Restores the latest checkpoint and returns its path, or calls `init_fn` (if any) and
        returns None when there is none."""
        if self._latest_checkpoint is not None:
            self._checkpoint.restore(self._latest_checkpoint)
            if self._checkpoint_interval is not None:
                self._last_checkpoint_step = _number(self._step_counter)
            return self._latest_checkpoint
        if self._init_fn is not None:
            self._init_fn()
        return None

    def sync(self) -> None:
        """Writes are synchronous: nothing to wait for."""
