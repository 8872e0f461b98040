"""Timing helpers shared by the benchmark scripts: medians over repeats, a printed table."""
from __future__ import annotations

import os
import pathlib
import statistics
import subprocess
import sys
import time


def per_call(fn, min_time: float = 0.2, repeats: int = 7) -> float:
    """Median seconds per call of `fn` over `repeats` rounds, each about `min_time` long."""
    fn()
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - t0 >= min_time / 5 or n >= 1 << 24:
            break
        n *= 4
    rounds = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        rounds.append((time.perf_counter() - t0) / n)
    return statistics.median(rounds)


def per_call_interleaved(fns: list, min_time: float = 0.2, repeats: int = 9) -> list:
    """Median seconds per call of each of `fns`, their rounds interleaved (a, b, a, b...) so
    that drifts of a shared, noisy machine hit all of them alike."""
    counts = []
    for fn in fns:
        fn()
        n = 1
        while True:
            t0 = time.perf_counter()
            for _ in range(n):
                fn()
            if time.perf_counter() - t0 >= min_time / 5 or n >= 1 << 24:
                break
            n *= 4
        counts.append(n)
    rounds: list = [[] for _ in fns]
    for _ in range(repeats):
        for i, (fn, n) in enumerate(zip(fns, counts)):
            t0 = time.perf_counter()
            for _ in range(n):
                fn()
            rounds[i].append((time.perf_counter() - t0) / n)
    return [statistics.median(r) for r in rounds]


def import_time(module: str, repeats: int = 7) -> float:
    """Median wall time of `python -c 'import module'` minus a bare interpreter start."""
    root = str(pathlib.Path(__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))

    def run(code: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env)
        return time.perf_counter() - t0

    bare = statistics.median(run("pass") for _ in range(repeats))
    full = statistics.median(run(f"import {module}") for _ in range(repeats))
    return full - bare


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:9.2f} us"
    if seconds < 1:
        return f"{seconds * 1e3:9.3f} ms"
    return f"{seconds:9.3f} s "


def table(title: str, rows: list[tuple], baseline: str = "numpy") -> None:
    """rows: (workload, framework, seconds). Prints each beside the baseline of its workload."""
    print(f"\n{title}")
    print(f"{'workload':34s} {'framework':12s} {'median':>12s} {'vs ' + baseline:>10s}"
          f" {'overhead':>12s}")
    base = {w: s for w, f, s in rows if f == baseline}
    for workload, framework, seconds in rows:
        b = base.get(workload)
        ratio = f"{seconds / b:9.2f}x" if b else ""
        over = fmt(seconds - b) if b and framework != baseline else ""
        print(f"{workload:34s} {framework:12s} {fmt(seconds):>12s} {ratio:>10s} {over:>12s}")


def blas_note() -> str:
    """Which OpenBLAS kernel NumPy runs (OPENBLAS_CORETYPE can force an older, slower one), so
    numbers are read with the BLAS they were measured on."""
    import ctypes  # noqa: PLC0415
    import glob  # noqa: PLC0415

    import numpy as np  # noqa: PLC0415

    forced = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
              if k in os.environ}
    libs = glob.glob(str(pathlib.Path(np.__file__).parent.parent / "numpy.libs" / "*openblas*"))
    core = "unknown"
    for path in libs:
        lib = ctypes.CDLL(path)
        for name in ("scipy_openblas_get_corename64_", "openblas_get_corename"):
            if hasattr(lib, name):
                fn = getattr(lib, name)
                fn.restype = ctypes.c_char_p
                core = fn().decode()
                break
    note = f"NumPy {np.__version__}, OpenBLAS core {core}"
    if forced:
        note += (f" (forced by {forced}; unset them for this command to benchmark NumPy's "
                 f"native kernel)")
    return note


def only_argument() -> str | None:
    """The framework named by `--only NAME` on the command line (a child of `isolated`)."""
    if "--only" in sys.argv:
        return sys.argv[sys.argv.index("--only") + 1]
    return None


def report(result) -> None:
    """Hands a child's measurements (JSON-serializable) back to `isolated`."""
    import json  # noqa: PLC0415

    print("RESULT " + json.dumps(result), flush=True)


def isolated(script: str, names: list, rounds: int = 2) -> dict:
    """Runs `script --only NAME` in a fresh interpreter for each name, `rounds` times in turn
    (a, b, c, a, b, c: drifts of a shared machine hit all alike), and returns name -> the
    list of what each run `report`ed. One framework per process: TensorFlow's thread pools
    keep spinning after its calls and slow whatever runs next in the same process (measured:
    fluxion's Estimator 2.8x slower right after TF's rounds in one process)."""
    import json  # noqa: PLC0415

    results: dict = {name: [] for name in names}
    for _ in range(rounds):
        for name in names:
            done = subprocess.run([sys.executable, script, "--only", name], check=True,
                                  capture_output=True, text=True)
            line = next(v for v in done.stdout.splitlines() if v.startswith("RESULT "))
            results[name].append(json.loads(line[len("RESULT "):]))
    return results
