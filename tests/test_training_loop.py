"""A TF2 eager training loop, written exactly as for TensorFlow, runs with `import fluxion as tf`
(GradientTape, Variables, tf.Module, a hand-written SGD step), and the packaged demo learns."""
from __future__ import annotations


import fluxion as tf

TRUE_W, TRUE_B = 3.0, 2.0


class LinearModel(tf.Module):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.w = tf.Variable(5.0)
        self.b = tf.Variable(0.0)

    def __call__(self, x):
        return self.w * x + self.b


def loss_fn(target_y, predicted_y):
    return tf.reduce_mean(tf.square(target_y - predicted_y))


def train(model, x, y, learning_rate):
    with tf.GradientTape() as t:
        current_loss = loss_fn(y, model(x))
    dw, db = t.gradient(current_loss, [model.w, model.b])
    model.w.assign_sub(learning_rate * dw)
    model.b.assign_sub(learning_rate * db)
    return current_loss


def test_basic_training_loop_recovers_line():
    tf.random.set_seed(1)
    x = tf.random.normal(shape=[1000])
    noise = tf.random.normal(shape=[1000])
    y = x * TRUE_W + TRUE_B + noise * 0.1
    model = LinearModel()
    losses = [float(train(model, x, y, learning_rate=0.1)) for _ in range(60)]
    assert losses[-1] < 0.02 < losses[0]
    assert abs(float(model.w) - TRUE_W) < 0.02 and abs(float(model.b) - TRUE_B) < 0.02


def test_mlp_classifier_loop_with_sgd_learns_xor():
    tf.random.set_seed(0)
    x = tf.constant([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = tf.constant([0, 1, 1, 0])
    w1 = tf.Variable(tf.random.normal([2, 16], stddev=1.0))
    b1 = tf.Variable(tf.zeros([16]))
    w2 = tf.Variable(tf.random.normal([16, 2], stddev=1.0))
    b2 = tf.Variable(tf.zeros([2]))
    variables = [w1, b1, w2, b2]
    for _ in range(300):
        with tf.GradientTape() as tape:
            hidden = tf.nn.relu(x @ w1 + b1)
            logits = hidden @ w2 + b2
            loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        grads = tape.gradient(loss, variables)
        for v, g in zip(variables, grads):
            v.assign_sub(0.5 * g)
    predictions = tf.argmax(logits, axis=1, output_type=tf.int32)
    assert predictions.numpy().tolist() == [0, 1, 1, 0]
    assert float(loss) < 0.05


def test_demo_cnn_reaches_the_accuracy_target_and_reloads():
    from fluxion import demo

    accuracy = demo.run(epochs=10, verbose=0)  # run() raises if the reloaded model differs
    assert accuracy >= 0.97
