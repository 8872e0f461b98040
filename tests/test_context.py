"""tf.config, tf.debugging, tf.print, tf.device, tf.name_scope, tf.executing_eagerly."""
from __future__ import annotations

import io

import numpy as np
import pytest

import fluxion as tf


def test_devices_describe_one_cpu():
    assert [d.device_type for d in tf.config.list_physical_devices()] == ["CPU"]
    assert tf.config.list_physical_devices("GPU") == []
    tf.config.experimental.set_memory_growth(tf.config.list_physical_devices("CPU")[0], True)
    with tf.device("/GPU:0"):
        assert float(tf.constant(1.0) + 1.0) == 2.0
    with pytest.raises(ValueError):
        with tf.device(3):
            pass


def test_run_functions_eagerly_setting_round_trips():
    tf.config.run_functions_eagerly(True)
    assert tf.config.functions_run_eagerly()
    tf.config.run_functions_eagerly(False)
    assert not tf.config.functions_run_eagerly()


def test_executing_eagerly_and_name_scope():
    assert tf.executing_eagerly()
    with tf.name_scope("outer") as outer:
        with tf.name_scope("inner") as inner:
            assert inner == "outer/inner/"
    assert outer == "outer/"


def test_print_formats_like_tf(capsys):
    tf.print("x:", tf.constant([1.0, 2.5]), tf.constant(3), output_stream="stdout")
    assert capsys.readouterr().out == "x: [1 2.5] 3\n"
    buf = io.StringIO()
    tf.print(tf.constant(["a", "b"]), output_stream=buf)
    assert buf.getvalue() == "['a' 'b']\n"
    tf.print(tf.range(100) if hasattr(tf, "range") else tf.constant(np.arange(100)),
             output_stream=buf, summarize=2)
    assert "..." in buf.getvalue()


def test_debugging_assertions():
    tf.debugging.assert_equal(tf.constant([1, 2]), [1, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="x == y"):
        tf.debugging.assert_equal(tf.constant([1, 2]), [1, 3])
    tf.debugging.assert_less(tf.constant([1.0]), 2.0)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.debugging.assert_positive(tf.constant([0.0, 1.0]))
    tf.debugging.assert_near(tf.constant([1.0]), tf.constant([1.0 + 1e-7]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="tolerance"):
        tf.debugging.assert_near(tf.constant([1.0]), tf.constant([1.1]))
    with pytest.raises(ValueError, match="rank 2"):
        tf.debugging.assert_rank(tf.constant([1.0]), 2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="NaN"):
        tf.debugging.check_numerics(tf.constant([np.nan]), "bad values")
    t = tf.constant([1.0])
    assert tf.debugging.check_numerics(t, "ok") is t
    tf.debugging.assert_shapes([(tf.ones([2, 3]), ("N", 3)), (tf.ones([2]), ("N",))])
    with pytest.raises(ValueError, match="'N'"):
        tf.debugging.assert_shapes([(tf.ones([2, 3]), ("N", 3)), (tf.ones([4]), ("N",))])
    with pytest.raises(tf.errors.InvalidArgumentError, match="assertion failed"):
        tf.Assert(tf.constant(False), [tf.constant(1)])
    with pytest.raises(TypeError):
        tf.debugging.assert_type(tf.constant(1), tf.float32)


def test_allocator_tuning_can_be_applied_and_disabled(monkeypatch):
    import sys

    if sys.platform.startswith("linux"):
        assert tf.config._tune_allocator() in (True, False)
    monkeypatch.setenv("FLUXION_MALLOC_TUNING", "0")
    assert tf.config._tune_allocator() is False
