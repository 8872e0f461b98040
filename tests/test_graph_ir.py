"""Graph IR: text form round trips, the executor matches eager ops, passes are text in/out."""
from __future__ import annotations

import textwrap

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import fluxion as tf
from fluxion.graph import executor, ir
from fluxion.graph.passes import cse, dce, fold, optimize

MLP_TEXT = textwrap.dedent("""\
    graph mlp(x:f32[?,3], w:f32[3,2], b:f32[2]) {
      h:f32[?,2] = matmul x w
      y:f32[?,2] = add h b
      r:f32[?,2] = relu y
      s:f32[] = reduce_sum[axis=(0, 1), keepdims=False] r
      return r, s
    }""")


def test_text_round_trip():
    g = ir.parse(MLP_TEXT)
    assert g.as_text() == MLP_TEXT
    assert g.specs()["h"] == ir.Spec((None, 2), tf.float32)


def test_attrs_dtypes_constants_multi_output_round_trip():
    text = textwrap.dedent("""\
        graph g(a:i32[2,3], u:f64[*]) {
          c:f32[2,3] = cast[dtype=dtype:float32] a
          k:f32[3] = constant[value=[1.0, 2.0, 0.5]]
          d:f32[2,3] = multiply c k
          e0:f32[2], e1:f32[2], e2:f32[2] = unstack[axis=1, num=3] d
          return e0, e2, u
        }""")
    g = ir.parse(text)
    assert g.as_text() == text
    assert g.nodes[0].attrs["dtype"] is tf.float32
    a = np.arange(6, dtype=np.int32).reshape(2, 3)
    u = np.ones(4)
    e0, e2, u_out = executor.run(g, a, u)
    np.testing.assert_allclose(e0, a[:, 0] * 1.0)
    np.testing.assert_allclose(e2, a[:, 2] * 0.5)
    assert u_out is u


def test_executor_matches_eager():
    g = ir.parse(MLP_TEXT)
    rng = np.random.default_rng(0)
    x, w, b = (rng.standard_normal(s).astype(np.float32) for s in [(4, 3), (3, 2), (2,)])
    r, s = executor.run(g, x, w, b)
    eager = tf.nn.relu(tf.matmul(x, w) + b)
    np.testing.assert_allclose(r, eager.numpy(), rtol=1e-6)
    np.testing.assert_allclose(s, float(tf.reduce_sum(eager)), rtol=1e-6)


@pytest.mark.parametrize("bad, message", [
    ("graph g(a:f32[2]) {\n  b:f32[2] = add a z\n  return b\n}", "undefined value 'z'"),
    ("graph g(a:f32[2]) {\n  a:f32[2] = negative a\n  return a\n}", "defined twice"),
    ("graph g(a:f32[2]) {\n  b:f32[2] = no_such_op a\n  return b\n}", "unknown op"),
    ("graph g(a:f32[2]) {\n  return q\n}", "output 'q'"),
    ("not a graph", "graph text must be"),
])
def test_invalid_graphs_are_refused(bad, message):
    with pytest.raises(ValueError, match=message):
        ir.parse(bad)


def test_dce_removes_unused_nodes():
    g = ir.parse("""graph g(a:f32[2]) {
      b:f32[2] = negative a
      c:f32[2] = exp a
      return b
    }""")
    assert dce(g).as_text() == "graph g(a:f32[2]) {\n  b:f32[2] = negative a\n  return b\n}"


def test_cse_merges_equal_nodes_and_constants():
    g = ir.parse("""graph g(a:f32[2]) {
      k1:f32[] = constant[value=2.0]
      k2:f32[] = constant[value=2.0]
      b:f32[2] = multiply a k1
      c:f32[2] = multiply a k2
      d:f32[2] = add b c
      return d
    }""")
    assert cse(g).as_text() == textwrap.dedent("""\
        graph g(a:f32[2]) {
          k1:f32[] = constant[value=2.0]
          b:f32[2] = multiply a k1
          d:f32[2] = add b b
          return d
        }""")


def test_fold_evaluates_constant_subgraphs():
    g = ir.parse("""graph g(a:f32[2]) {
      k:f32[2] = constant[value=[1.0, 4.0]]
      r:f32[2] = sqrt k
      s:f32[2] = add r a
      return s
    }""")
    folded = dce(fold(g))
    assert folded.as_text() == textwrap.dedent("""\
        graph g(a:f32[2]) {
          r:f32[2] = constant[value=[1.0, 2.0]]
          s:f32[2] = add r a
          return s
        }""")


_UNARY = ["negative", "exp", "tanh", "square", "sigmoid"]
_BINARY = ["add", "subtract", "multiply", "maximum"]


@st.composite
def random_graphs(draw):
    """Random straight-line graphs over two inputs and some constants."""
    lines, names = [], ["a", "b"]
    for i in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["unary", "binary", "const"]))
        out = f"v{i}"
        if kind == "const":
            value = draw(st.floats(-2, 2, allow_nan=False, width=32))
            lines.append(f"{out}:f64[3] = constant[value=[{value!r}, {value!r}, 1.0]]")
        elif kind == "unary":
            op = draw(st.sampled_from(_UNARY))
            lines.append(f"{out}:f64[3] = {op} {draw(st.sampled_from(names))}")
        else:
            op = draw(st.sampled_from(_BINARY))
            x, y = draw(st.sampled_from(names)), draw(st.sampled_from(names))
            lines.append(f"{out}:f64[3] = {op} {x} {y}")
        names.append(out)
    outputs = sorted(set(draw(st.lists(st.sampled_from(names[2:]), min_size=1, max_size=3))))
    body = "\n".join(f"  {ln}" for ln in lines)
    return ir.parse(f"graph r(a:f64[3], b:f64[3]) {{\n{body}\n  return {', '.join(outputs)}\n}}")


@settings(max_examples=60, deadline=None)
@given(random_graphs())
def test_optimized_graphs_compute_the_same(graph):
    a, b = np.array([0.3, -1.2, 2.0]), np.array([1.5, 0.25, -0.7])
    expected = executor.run(graph, a, b)
    optimized = optimize(graph)
    optimized.validate()
    assert len(optimized.nodes) <= len(graph.nodes)
    for got, want in zip(executor.run(optimized, a, b), expected):
        np.testing.assert_allclose(got, want, rtol=1e-12)
    assert ir.parse(optimized.as_text()).as_text() == optimized.as_text()
    compiled = executor.compile_graph(graph)(a, b)  # generated straight-line code
    for got, want in zip(compiled, expected):
        np.testing.assert_allclose(got, want, rtol=1e-12)


def _simplified(text: str) -> str:
    from fluxion.graph.passes import algebraic

    return dce(algebraic(ir.parse(text))).as_text()


def test_algebraic_neutral_elements_only_when_shapes_match():
    out = _simplified("""graph g(a:f32[2]) {
      one:f32[] = constant[value=1.0]
      zero:f32[2] = constant[value=[0.0, 0.0]]
      b:f32[2] = multiply a one
      c:f32[2] = add zero b
      return c
    }""")
    assert out == "graph g(a:f32[2]) {\n  return a\n}"
    kept = """graph g(a:f32[]) {
      ones:f32[3] = constant[value=[1.0, 1.0, 1.0]]
      b:f32[3] = multiply a ones
      return b
    }"""
    assert "multiply" in _simplified(kept)  # broadcasting: the shape changes, keep it


def test_algebraic_transposes_reshapes_and_involutions():
    out = _simplified("""graph g(a:f32[2,3,4]) {
      t1:f32[4,2,3] = transpose[perm=(2, 0, 1)] a
      t2:f32[2,3,4] = transpose[perm=(1, 2, 0)] t1
      r1:f32[6,4] = reshape[shape=(6, 4)] t2
      r2:f32[24] = reshape[shape=(24,)] r1
      n1:f32[24] = negative r2
      n2:f32[24] = negative n1
      i:f32[24] = identity n2
      return i
    }""")
    assert out == textwrap.dedent("""\
        graph g(a:f32[2,3,4]) {
          r2:f32[24] = reshape[shape=(24,)] a
          return r2
        }""")
    swapped = _simplified("""graph g(a:f32[2,3,4]) {
      t1:f32[3,2,4] = transpose[perm=(1, 0, 2)] a
      t2:f32[4,2,3] = transpose[perm=(2, 1, 0)] t1
      return t2
    }""")
    assert "t2:f32[4,2,3] = transpose[perm=(2, 0, 1)] a" in swapped


def test_compiled_graphs_reuse_dead_buffers_in_place():
    g = ir.parse("""graph g(a:f64[3], b:f64[3]) {
      c:f64[3] = add a b
      d:f64[3] = exp c
      e:f64[3] = multiply d d
      r:f64[3] = reshape[shape=(3,)] e
      f:f64[3] = negative e
      return f, r
    }""")
    run = executor.compile_graph(g)
    assert "k1(t2, out=t2)" in run.source  # exp writes into add's dead output
    assert "out=t4" not in run.source  # e is read by reshape (a view may alias it)
    assert "x0, out" not in run.source and "x1, out" not in run.source  # inputs untouched
    a, b = np.array([0.1, 0.2, 0.3]), np.array([1.0, 2.0, 3.0])
    a0, b0 = a.copy(), b.copy()
    f, r = run(a, b)
    np.testing.assert_allclose(f, -np.exp(a0 + b0) ** 2)
    np.testing.assert_allclose(r, np.exp(a0 + b0) ** 2)
    np.testing.assert_array_equal(a, a0) and np.testing.assert_array_equal(b, b0)


ADAM_TEXT = textwrap.dedent("""\
    graph adam(m:f32[4,3], v:f32[4,3], g:f32[4,3], p:f32[4,3], s:f32[]) {
      b1:f32[] = constant[value=0.9]
      c1:f32[] = constant[value=0.1]
      m1:f32[4,3] = multiply b1 m
      m2:f32[4,3] = multiply c1 g
      mn:f32[4,3] = add m1 m2
      gg:f32[4,3] = multiply g g
      vn:f32[4,3] = add v gg
      r:f32[4,3] = sqrt vn
      u:f32[4,3] = multiply s mn
      d:f32[4,3] = real_div u r
      pn:f32[4,3] = subtract p d
      return mn, vn, pn
    }""")


def test_fuse_makes_one_node_per_elementwise_tree():
    from fluxion.graph.passes.fuse import fuse

    fused = fuse(ir.parse(ADAM_TEXT))
    assert [n.op for n in fused.nodes] == ["constant", "constant", "fused_elementwise",
                                           "fused_elementwise", "fused_elementwise"]
    # mn and vn are outputs and read twice: each ends a fused node; pn's tree has four steps
    mn, vn, pn = fused.nodes[2:]
    assert mn.outputs[0].name == "mn" and mn.inputs == ["b1", "m", "c1", "g"]
    assert mn.attrs["program"] == (("multiply", ("i0", "i1")), ("multiply", ("i2", "i3")),
                                   ("add", ("s0", "s1")))
    assert vn.attrs["program"] == (("multiply", ("i1", "i1")), ("add", ("i0", "s0")))
    assert [op for op, _ in pn.attrs["program"]] == ["multiply", "sqrt", "real_div", "subtract"]
    assert ir.parse(fused.as_text()).as_text() == fused.as_text()  # the text form round trips
    rng = np.random.default_rng(0)
    args = [rng.random((4, 3), dtype=np.float32) + 0.1 for _ in range(4)] + [np.float32(0.01)]
    want = executor.run(ir.parse(ADAM_TEXT), *args)
    for got_fn in (executor.run, lambda g, *a: executor.compile_graph(g)(*a)):
        for got, exp in zip(got_fn(fused, *args), want):
            np.testing.assert_array_equal(got, exp)  # the same ufuncs in the same order


def test_fuse_leaves_broadcast_intermediates_and_shared_values_alone():
    from fluxion.graph.passes.fuse import fuse

    text = """graph g(a:f32[3], b:f32[2,3], x:f32[]) {
      c:f32[3] = exp a
      d:f32[2,3] = add c b
      e:f32[] = negative x
      f:f32[] = exp e
      h:f32[2,3] = multiply d f
      k:f32[2,3] = reshape[shape=(2, 3)] h
      q:f32[2,3] = add h k
      return q
    }"""
    fused = fuse(ir.parse(text))
    ops = [n.op for n in fused.nodes]
    # c has shape [3], not the result's [2,3]; e/f are 0-d (NumPy gives scalars, no buffers);
    # h is read by reshape and add; so only c->d, and d->h, can fuse... d has one reader: h
    assert ops == ["exp", "negative", "exp", "fused_elementwise", "reshape", "add"]
    assert fused.nodes[3].attrs["program"] == (("add", ("i0", "i1")), ("multiply", ("s0", "i2")))


def test_fused_program_steps_must_have_the_result_shape():
    from fluxion.ops.fused_ops import fused_elementwise

    bad = (("multiply", ("i0", "i0")), ("add", ("s0", "i1")))
    with pytest.raises(ValueError, match="step 0 .multiply. has shape"):
        fused_elementwise.infer_specs(tf.TensorSpec([3], tf.float32),
                                      tf.TensorSpec([2, 3], tf.float32), program=bad)
    with pytest.raises(ValueError, match="refers to 's1'"):
        fused_elementwise.infer_specs(tf.TensorSpec([3], tf.float32),
                                      program=(("exp", ("s1",)),))
    with pytest.raises(ValueError, match="not an elementwise op"):
        fused_elementwise.infer_specs(tf.TensorSpec([3], tf.float32),
                                      program=(("reshape", ("i0",)),))


def test_fused_kernel_shares_buffers_and_may_write_into_an_input():
    from fluxion.ops.fused_ops import compile_program

    program = (("multiply", ("i0", "i1")), ("exp", ("s0",)), ("add", ("s1", "i0")))
    fn = compile_program(program, 2)
    assert "s1 = u1(s0, out=s0)" in fn.source  # exp writes into the dead product
    a, b = np.array([0.5, 1.0, 2.0]), np.array([1.0, -1.0, 0.25])
    want = np.exp(a * b) + a
    np.testing.assert_allclose(fn(a, b), want, rtol=1e-15)
    out = fn(a, b, out=a)  # the executor's buffer reuse: the result overwrites input 0
    assert out is a
    np.testing.assert_allclose(a, want, rtol=1e-15)


@settings(max_examples=60, deadline=None)
@given(random_graphs())
def test_fused_graphs_compute_the_same(graph):
    from fluxion.graph.passes.fuse import fuse

    a, b = np.array([0.3, -1.2, 2.0]), np.array([1.5, 0.25, -0.7])
    expected = executor.run(graph, a, b)
    fused = fuse(optimize(graph))
    fused.validate()
    assert ir.parse(fused.as_text()).as_text() == fused.as_text()
    for got, want in zip(executor.compile_graph(fused)(a, b), expected):
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_buffer_reuse_has_a_switch():
    g = ir.parse("""graph g(a:f64[3], b:f64[3]) {
      c:f64[3] = add a b
      d:f64[3] = exp c
      return d
    }""")
    assert "out=" in executor.compile_graph(g).source
    tf.config.optimizer.set_experimental_options({"buffer_reuse": False})
    try:
        assert "out=" not in executor.compile_graph(g).source
    finally:
        from fluxion import config

        config._OPTIMIZER_OPTIONS.clear()


_CONV = "conv[data_format='NHWC', dilations=(1, 1), padding='VALID', strides=(1, 1)]"
_POOL = "[dilations=(1, 1, 1, 1), ksize=(1, 2, 2, 1), padding='VALID', strides=(1, 2, 2, 1)]"
CONV_TEXT = textwrap.dedent(f"""\
    graph g(x:f32[2,8,8,2], w:f32[3,3,2,4], b:f32[4], d:f32[2,3,3,4]) {{
      c:f32[2,6,6,4] = {_CONV} x w
      a:f32[2,6,6,4] = add c b
      r:f32[2,6,6,4] = relu a
      p:f32[2,3,3,4] = max_pool{_POOL} r
      q:f32[2,6,6,4] = max_pool_grad{_POOL} r p d
      e:f32[2,6,6,4] = relu_grad q r
      s:f32[4] = bias_add_grad e
      return p, e, s
    }}""")


def test_buffer_reuse_writes_into_outputs_of_fresh_kernels():
    g = ir.parse(CONV_TEXT)
    run = executor.compile_graph(g)
    lines = run.source.splitlines()
    # the bias add writes into the convolution's output, relu into the sum, and relu_grad into
    # max_pool_grad's output: each input dies there and was made fresh by its kernel
    assert "k1(t4, x2, out=t4)" in lines[2] and "k2(t5, out=t5)" in lines[3]
    assert "k5(t8, t6, out=t8)" in lines[6]
    assert "out=" not in lines[4] + lines[5] + lines[7]  # not elementwise writers
    rng = np.random.default_rng(0)
    args = [rng.standard_normal(v.spec.shape).astype(np.float32) for v in g.inputs]
    saved = [a.copy() for a in args]
    for got, want in zip(run(*args), executor.run(g, *saved)):
        np.testing.assert_array_equal(got, want)
    for a, b in zip(args, saved):
        np.testing.assert_array_equal(a, b)  # graph inputs are never written


def test_buffer_reuse_spares_fresh_outputs_read_by_view_kernels_or_returned():
    text = CONV_TEXT.replace("return p, e, s", "v:f32[2,6,6,4] = reshape[shape=(2, 6, 6, 4)] c\n"
                             "  return p, e, s, v")
    run = executor.compile_graph(ir.parse(text))
    assert "out=t4" not in run.source  # reshape may return a view of the conv output
    text = CONV_TEXT.replace("return p, e, s", "return p, e, s, c")
    assert "out=t4" not in executor.compile_graph(ir.parse(text)).source  # an output


def test_large_fused_chains_run_in_blocks_on_threads_with_the_same_bits():
    # Adam's variable update: big inputs of one shape and scalars run in blocks on the workers
    from fluxion.ops import fused_ops

    program = (("multiply", ("i1", "i2")), ("sqrt", ("i3",)), ("add", ("s1", "i4")),
               ("real_div", ("s0", "s2")), ("subtract", ("i0", "s3")))
    fn = fused_ops.sliced(fused_ops.compile_program(program, 5))
    rng = np.random.default_rng(0)
    n = fused_ops._THREAD_ELEMENTS + 12345  # a last, partial block
    var, m, v = (rng.random((n // 5, 5), dtype=np.float32) for _ in range(3))
    lr, eps = np.float32(0.01), np.float32(1e-7)
    want = var - (m * lr) / (np.sqrt(v) + eps)
    got = fn(var, m, lr, v, eps)
    assert got.dtype == np.float32 and got.shape == var.shape
    np.testing.assert_array_equal(got, want)
    alias = var.copy()
    assert fn(alias, m, lr, v, eps, out=alias) is alias  # in place over an input
    np.testing.assert_array_equal(alias, want)
    # a row repeated along the leading axes is cut with the blocks; a strided view runs as one
    row = rng.random(5, dtype=np.float32)
    np.testing.assert_array_equal(fn(var, m, lr, v, row), var - (m * lr) / (np.sqrt(v) + row))
    strided = np.asfortranarray(var)
    np.testing.assert_array_equal(fn(strided, m, lr, v, eps), want)
    half = fused_ops.sliced(fused_ops.compile_program((("multiply", ("i0", "i1")),), 2))
    got = half(var.astype(np.float16), np.float16(0.5))  # the result's dtype from the chain
    assert got.dtype == np.float16
    np.testing.assert_array_equal(got, var.astype(np.float16) * np.float16(0.5))
    # a single ufunc node: a bias added in place over an NHWC activation
    add = fused_ops.sliced(np.add)
    x = rng.random((64, 24, 24, 64), dtype=np.float32)
    bias = rng.random(64, dtype=np.float32)
    want = x + bias
    assert add(x, bias, out=x) is x
    np.testing.assert_array_equal(x, want)
    cols = rng.random((24, 64), dtype=np.float32)  # two trailing axes
    np.testing.assert_array_equal(add(want, cols), want + cols)


def test_relu_grad_of_max_pool_grad_runs_as_one_node_with_the_same_values():
    rng = np.random.default_rng(1)
    x = tf.constant(rng.standard_normal((4, 8, 8, 3)).astype(np.float32))
    w = tf.Variable(rng.standard_normal((3, 3, 3, 4)).astype(np.float32))

    def loss_grads(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            h = tf.nn.relu(tf.nn.conv2d(x, w, 1, "SAME"))
            p = tf.nn.max_pool2d(h, 2, 2, "VALID")
            loss = tf.reduce_sum(p * p)
        return tape.gradient(loss, [w, x])

    graph_fn = tf.function(loss_grads)
    got = graph_fn(x)
    concrete = graph_fn.get_concrete_function(x)
    ran = [n.op for n in concrete.execution_graph.nodes]
    assert "max_pool_relu_grad" in ran and "max_pool_grad" not in ran and "relu_grad" not in ran
    stored = [n.op for n in concrete.graph.nodes]  # what SavedModel keeps: TF's own ops
    assert "max_pool_grad" in stored and "relu_grad" in stored
    for a, b in zip(got, loss_grads(x)):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_conv_bias_relu_and_relu_grad_below_run_fused_with_the_same_values():
    rng = np.random.default_rng(2)
    x = tf.constant(rng.standard_normal((3, 9, 9, 2)).astype(np.float32))
    w1 = tf.Variable(rng.standard_normal((3, 3, 2, 4)).astype(np.float32))
    b1 = tf.Variable(rng.standard_normal(4).astype(np.float32))
    w2 = tf.Variable(rng.standard_normal((3, 3, 4, 5)).astype(np.float32))
    b2 = tf.Variable(rng.standard_normal(5).astype(np.float32))

    def loss_grads(x):
        with tf.GradientTape() as tape:
            h = tf.nn.relu(tf.nn.conv2d(x, w1, 1, "VALID") + b1)
            h2 = tf.nn.bias_add(tf.nn.conv2d(h, w2, 1, "VALID"), b2)  # no relu: bias only
            loss = tf.reduce_sum(h2 * h2)
        return tape.gradient(loss, [w1, b1, w2, b2])

    graph_fn = tf.function(loss_grads)
    got = graph_fn(x)
    concrete = graph_fn.get_concrete_function(x)
    ran = [n.op for n in concrete.execution_graph.nodes]
    assert ran.count("fused_conv") == 2 and "conv" not in ran and "relu" not in ran
    assert "conv_backprop_input_relu_grad" in ran and "relu_grad" not in ran
    fused = [n for n in concrete.execution_graph.nodes if n.op == "fused_conv"]
    assert [n.attrs["activation"] for n in fused] == ["relu", ""]
    stored = [n.op for n in concrete.graph.nodes]  # what SavedModel keeps: TF's own ops
    assert "conv" in stored and "relu" in stored and "fused_conv" not in stored
    for a, b in zip(got, loss_grads(x)):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_conv_output_read_twice_is_not_fused():
    rng = np.random.default_rng(3)
    x = tf.constant(rng.standard_normal((2, 6, 6, 2)).astype(np.float32))
    w = tf.constant(rng.standard_normal((3, 3, 2, 3)).astype(np.float32))
    b = tf.constant(rng.standard_normal(3).astype(np.float32))

    @tf.function
    def f(x):
        c = tf.nn.conv2d(x, w, 1, "SAME")
        return tf.nn.relu(c + b), c  # c is also an output

    got = f(x)
    ran = [n.op for n in f.get_concrete_function(x).execution_graph.nodes]
    assert "fused_conv" not in ran and "conv" in ran
    c = tf.nn.conv2d(x, w, 1, "SAME")
    np.testing.assert_array_equal(got[0].numpy(), tf.nn.relu(c + b).numpy())


def test_ellipsis_in_slicing_attrs_round_trips_through_text():
    from fluxion.graph import ir

    @tf.function(input_signature=[tf.TensorSpec([2, 4], tf.float32)])
    def f(x):
        return x[..., 1:3] * 2.0

    text = f.get_concrete_function().graph.as_text()
    assert "key=(..., (1, 3, None))" in text
    assert ir.parse(text).as_text() == text
