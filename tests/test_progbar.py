"""The Keras 3 progress bar (used by the demo and by fit/evaluate/predict). The expected
terminal bytes were recorded from keras.utils.Progbar (Keras 3.15.1) with the same fake clock."""
import io
import time

import pytest

from fluxion.utils import Progbar


class Tty(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture
def clock(monkeypatch):
    """time.time() advancing 0.1 s per reading (the bar reads it once when built and once
    per update, as Keras' does)."""
    now = [1000.0]

    def fake():
        now[0] += clock.dt
        return now[0]
    clock.dt = 0.1
    monkeypatch.setattr(time, "time", fake)
    return clock


def _bar(current, width, done, eta, metrics):
    head = f"\x1b[1m{current}\x1b[0m "
    green = f"\x1b[32m{'━' * done}\x1b[0m" if done else ""
    return f"\r{head}{green}\x1b[37m{'━' * (width - done)}\x1b[0m \x1b[1m{eta}\x1b[0m{metrics}"


def test_terminal_bytes_match_keras(clock):
    out = Tty()
    bar = Progbar(3, width=10, stream=out)
    for step, loss in enumerate([3.0, 1.0, 0.5], start=1):
        bar.update(step, [("loss", loss)])
    back = "\b" * 43
    expected = (_bar("1/3", 10, 3, "0s", " 100ms/step - loss: 3.0000") + back +
                _bar("2/3", 10, 6, "0s", " 100ms/step - loss: 2.0000") + back +
                _bar("3/3", 10, 10, "0s", " 100ms/step - loss: 0.5000") + "\n")
    # while running, the loss is averaged over steps; the final update shows the last value
    assert out.getvalue() == expected


def test_stateful_metrics_are_shown_as_given(clock):
    out = Tty()
    bar = Progbar(3, width=10, stateful_metrics=["acc"], stream=out)
    for step, loss in enumerate([3.0, 1.0, 0.5], start=1):
        bar.update(step, [("loss", loss), ("acc", loss / 4)], finalize=False)
    last = out.getvalue().rsplit("\r", 1)[1]
    assert last == ("\x1b[1m3/3\x1b[0m \x1b[32m━━━━━━━━━━\x1b[0m\x1b[37m\x1b[0m \x1b[1m0s\x1b[0m"
                    " 100ms/step - loss: 1.5000 - acc: 0.1250")


def test_eta_in_hours(clock):
    clock.dt = 2.0
    out = Tty()
    bar = Progbar(7200, width=10, stream=out)
    bar.update(1)
    bar.update(2)
    assert out.getvalue().endswith("\r\x1b[1m   2/7200\x1b[0m \x1b[37m━━━━━━━━━━\x1b[0m "
                                   "\x1b[1m3:59:56\x1b[0m 2s/step")


def test_not_a_terminal_writes_only_the_final_line_as_plain_text(clock):
    out = io.StringIO()
    bar = Progbar(4, stream=out)
    for step, loss in enumerate([4.0, 2.0, 2.0, 0.0], start=1):
        bar.update(step, [("loss", loss), ("accuracy", 0.9)])
    assert out.getvalue() == "4/4 ━━━━━━━━━━━━━━━━━━━━ 0s 100ms/step - loss: 0.0000e+00 - " \
                             "accuracy: 0.9000\n"


def test_verbose_2_one_line_at_the_end(clock):
    out = Tty()
    bar = Progbar(5, verbose=2, stream=out)
    for step, loss in enumerate([4.0, 2.0, 2.0, 0.0, 1e-4], start=1):
        bar.update(step, [("loss", loss), ("acc", -loss), ("margin", -0.5)])
        assert (out.getvalue() == "") == (step < 5)
    # Keras compares the signed value with 1e-3 here: negative values use the e format
    assert out.getvalue() == ("5/5 - 1s - 100ms/step - loss: 1.0000e-04 - acc: -1.0000e-04 - "
                              "margin: -5.0000e-01\n")


def test_unknown_target_and_add(clock):
    out = Tty()
    bar = Progbar(None, stream=out)
    bar.add(2, [("loss", 1.0)])
    bar.add(1, [("loss", 4.0)])
    # no first step seen: 0.2 s over 3 steps
    assert out.getvalue().rsplit("\r", 1)[1] == ("      3/Unknown \x1b[1m0s\x1b[0m 67ms/step - "
                                                 "loss: 2.0000")


def test_tensor_values_and_verbose_zero(clock):
    import fluxion as tf

    out = io.StringIO()
    bar = Progbar(2, stream=out)
    bar.update(1, [("loss", tf.constant(3.0))])
    bar.update(2, [("loss", tf.constant(0.25))])
    assert out.getvalue().endswith("- loss: 0.2500\n")
    out = io.StringIO()
    Progbar(2, verbose=0, stream=out).update(2)
    assert out.getvalue() == ""
    with pytest.raises(ValueError, match="Only one of"):
        Progbar(2, stateful_metrics=["a"], stateless_metrics=["b"])
