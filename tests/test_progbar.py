"""The Keras-style progress bar used by the demo (and later by fit)."""
import io

from fluxion.utils import Progbar


def test_progbar_final_line_has_full_bar_and_averaged_metrics():
    out = io.StringIO()
    bar = Progbar(4, width=10, stream=out)
    for step, loss in enumerate([4.0, 2.0, 2.0, 0.0], start=1):
        bar.update(step, [("loss", loss)])
    line = out.getvalue()
    assert line.endswith("\n") and line.count("\n") == 1  # not a tty: only the final line
    assert "4/4 [==========]" in line
    assert "loss: 2.0000" in line


def test_progbar_partial_bar_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    out = Tty()
    bar = Progbar(10, width=10, stream=out)
    bar.update(5, [("acc", 0.5)])
    assert " 5/10 [====>     ]" in out.getvalue() and "ETA" in out.getvalue()


def test_progbar_verbose_zero_prints_nothing():
    out = io.StringIO()
    Progbar(2, verbose=0, stream=out).update(2)
    assert out.getvalue() == ""
