"""TF2 reference snippets for tf.train.Coordinator."""

SNIPPETS = {
    "stop_and_join": """import threading
coord = tf.train.Coordinator()
seen = []
def work(i):
    while not coord.should_stop():
        seen.append(i)
        if len(seen) > 5:
            coord.request_stop()
threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
coord.join(threads)
result = [coord.should_stop(), coord.joined, len(seen) > 5]""",
    "exception_reraised": """import threading
coord = tf.train.Coordinator()
def work():
    with coord.stop_on_exception():
        raise ValueError("boom")
t = threading.Thread(target=work)
t.start()
coord.join([t])""",
    "clean_stop_out_of_range": """import threading
coord = tf.train.Coordinator()
def work():
    with coord.stop_on_exception():
        raise tf.errors.OutOfRangeError(None, None, "done")
t = threading.Thread(target=work)
t.start()
coord.join([t])
result = [coord.should_stop(), coord.joined]""",
    "custom_clean_types": """coord = tf.train.Coordinator(clean_stop_exception_types=(KeyError,))
coord.request_stop(KeyError("k"))
coord.join([])
result = coord.joined""",
    "clear_stop": """coord = tf.train.Coordinator()
coord.request_stop()
a = coord.should_stop()
coord.clear_stop()
result = [a, coord.should_stop(), coord.wait_for_stop(0.01)]""",
    "raise_requested": """import sys
coord = tf.train.Coordinator()
try:
    raise RuntimeError("x")
except RuntimeError:
    coord.request_stop(sys.exc_info())
coord.raise_requested_exception()""",
}
