"""AutoGraph: rewrites Python `if`, `while` and `for` so that tensor conditions become graph
control flow (``tf.cond`` / ``tf.while_loop``) while Python conditions stay Python.

A statement becomes a call of `if_stmt` / `while_stmt` / `for_stmt` (fluxion.autograph.runtime)
with its body as nested functions over the variables it assigns. `break` and `continue` become
flags tested by the loop and by the statements after them; a `return` inside a loop becomes a
result variable, a do-return flag and a `break`, and returns inside `if`s are merged into one
final return (fluxion.autograph.returns). What cannot be lowered stays Python: should its
condition turn out to be an input-dependent tensor, tracing stops with an error naming the line
and what to write instead. `to_code(fn)` shows the converted source.
"""
from __future__ import annotations

import ast
import functools
import inspect
import textwrap
import types

from fluxion.autograph.returns import DO_RETURN, RETVAL, lower_function_returns, own_nodes, \
    walk_own
from fluxion.autograph.returns import PREFIX as _PREFIX
from fluxion.autograph.returns import gen as _gen
from fluxion.autograph.returns import has_jump as _has_jump
from fluxion.autograph.runtime import Undefined  # noqa: F401 - used by converted code


class _Assigned(ast.NodeVisitor):
    """Names a block assigns (not inside nested functions or classes)."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store) and node.id not in self.names \
                and (not node.id.startswith(_PREFIX) or _is_tracked(node.id)):
            self.names.append(node.id)

    def visit_FunctionDef(self, node) -> None:
        if node.name not in self.names and not node.name.startswith(_PREFIX):
            self.names.append(node.name)

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_ClassDef = visit_FunctionDef

    def visit_Lambda(self, node) -> None:
        return None


def _assigned(stmts) -> list:
    visitor = _Assigned()
    for s in stmts:
        visitor.visit(s)
    return visitor.names


def _loads(stmts) -> set:
    """Names `stmts` read (an augmented assignment reads its target too)."""
    out = set()
    for stmt in stmts:
        for n in ast.walk(stmt):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                out.add(n.id)
            elif isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name):
                out.add(n.target.id)
    return out


def _read_first(stmts, done=()) -> set:
    """Names `stmts` may read before assigning them (a loop body reads them from the previous
    iteration, a branch from before the if: they must be carried in)."""
    return _flow(stmts, set(done))[0]


def _targets(nodes) -> set:
    return {n.id for t in nodes for n in ast.walk(t) if isinstance(n, ast.Name)}


def _flow(stmts, done: set) -> tuple:
    """(names read before being assigned, names assigned on every path) of a block, given the
    names `done` assigned before it."""
    reads, done = set(), set(done)
    for stmt in stmts:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
            reads |= _loads([stmt]) - done
            done |= _targets(stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])
        elif isinstance(stmt, ast.If):
            reads |= _loads([stmt.test]) - done
            (r_body, d_body), (r_else, d_else) = _flow(stmt.body, done), _flow(stmt.orelse, done)
            reads |= r_body | r_else
            done = d_body & d_else
        elif isinstance(stmt, ast.With):
            reads |= _loads(stmt.items) - done
            r_body, done = _flow(stmt.body, done | _targets(
                [i.optional_vars for i in stmt.items if i.optional_vars is not None]))
            reads |= r_body
        elif isinstance(stmt, (ast.For, ast.While)):  # may run no iteration: assigns nothing
            head = [stmt.iter] if isinstance(stmt, ast.For) else [stmt.test]
            reads |= _loads(head) - done
            inner = done | (_targets([stmt.target]) if isinstance(stmt, ast.For) else set())
            reads |= _flow(stmt.body, inner)[0] | _flow(stmt.orelse, done)[0]
        else:
            reads |= _loads([stmt]) - done
    return reads, done


def _mark_live(fdef) -> None:
    """Sets `ag_live` on each if/while/for: the names read anywhere in the function outside its
    body (its condition included) or read in its body before being assigned there. Only those
    are carried out of the statement; names assigned and used only inside stay local to the
    converted branch or body. (An attribute, so copies of a statement keep it.)"""
    loads = [(n.id, n) for n in ast.walk(fdef) if isinstance(n, ast.Name)
             and isinstance(n.ctx, ast.Load)]
    loads += [(n.target.id, n.target) for n in ast.walk(fdef) if isinstance(n, ast.AugAssign)
              and isinstance(n.target, ast.Name)]
    for stmt in ast.walk(fdef):
        if isinstance(stmt, (ast.If, ast.While, ast.For)):
            inside = {id(n) for part in stmt.body + stmt.orelse for n in ast.walk(part)}
            first = _read_first(stmt.body, _targets([stmt.target]) if isinstance(
                stmt, ast.For) else ())
            stmt.ag_live = {name for name, n in loads if id(n) not in inside} | first | \
                _read_first(stmt.orelse)


class _Converter(ast.NodeTransformer):
    def __init__(self) -> None:
        self._count = 0

    def _carried(self, node, names: list) -> list:
        live = getattr(node, "ag_live", None)
        return names if live is None else [n for n in names if n in live]

    def _fresh(self, what: str) -> str:
        self._count += 1
        return f"{_PREFIX}{what}_{self._count}"

    def _state_fns(self, names, line):
        get_name, set_name = self._fresh("get_state"), self._fresh("set_state")
        tuple_src = "(" + "".join(f"{n}, " for n in names) + ")"
        params = ", ".join(names) + ("," if len(names) == 1 else "")
        code = (f"def {get_name}():\n    return {tuple_src}\n"
                f"def {set_name}(values):\n"
                + (f"    nonlocal {', '.join(names)}\n    {params} = values\n" if names
                   else "    pass\n"))
        defs = _gen(code, line)
        # names not bound yet (first assigned inside the statement) get an Undefined marker
        guards = _gen(f"{', '.join(names)} = {_PREFIX}.maybe_undefined(locals(), "
                      f"{', '.join(repr(n) for n in names)})", line) if names else []
        for node in defs + guards:
            ast.copy_location(node, line)
            ast.fix_missing_locations(node)
        return guards, defs, get_name, set_name

    def _body_fn(self, name, stmts, names, args=(), anchor=None):
        fn = _gen(f"def {name}({', '.join(args)}):\n    pass", anchor or stmts[0])[0]
        fn.body = ([ast.Nonlocal(names=list(names))] if names else []) + list(stmts)
        return fn

    # --- expressions: `and` / `or` / `not` / `a if c else b` on tensors -------------------
    def visit_BoolOp(self, node: ast.BoolOp):
        self.generic_visit(node)
        fn = "and_" if isinstance(node.op, ast.And) else "or_fn"
        out = node.values[-1]
        for value in reversed(node.values[:-1]):  # a and b and c: and_(a, and_(b, c)), lazily
            out = _call(f"{_PREFIX}.{fn}", [_thunk(value), _thunk(out)], node)
        return out

    def visit_UnaryOp(self, node: ast.UnaryOp):
        self.generic_visit(node)
        if not isinstance(node.op, ast.Not):
            return node
        return _call(f"{_PREFIX}.not_", [node.operand], node)

    def visit_IfExp(self, node: ast.IfExp):
        self.generic_visit(node)
        return _call(f"{_PREFIX}.if_exp", [node.test, _thunk(node.body), _thunk(node.orelse)],
                     node)

    def visit_FunctionDef(self, node):
        """Functions defined inside the converted one are converted too (their returns
        lowered as the outer function's are), as TF's recursive conversion."""
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > 1 and not node.name.startswith(_PREFIX) and not any(
                    isinstance(n, (ast.Nonlocal, ast.Global)) for n in ast.walk(node)):
                lower_function_returns(node)
                ast.fix_missing_locations(node)
            self.generic_visit(node)
        finally:
            self._depth -= 1
        return node

    def visit_If(self, node: ast.If):
        jumps = _has_jump([node], (ast.Return, ast.Break, ast.Continue))
        reason = _if_reason(node) if jumps else None
        self.generic_visit(node)
        if jumps:
            return _mark_python_if(node, reason)
        names = self._carried(node, _assigned(node.body + node.orelse))
        guards, defs, get_name, set_name = self._state_fns(names, node)
        t_name, f_name = self._fresh("if_true"), self._fresh("if_false")
        t_fn = self._body_fn(t_name, node.body, names, anchor=node)
        f_fn = self._body_fn(f_name, node.orelse or [ast.Pass()], names, anchor=node)
        origin = getattr(node, "ag_loop_returns", None)
        extra = "" if origin is None else f", {origin!r}"
        call = _gen(f"{_PREFIX}.if_stmt(__test__, {t_name}, {f_name}, {get_name}, "
                    f"{set_name}, {tuple(names)!r}, {node.lineno}{extra})", node)[0]
        call.value.args[0] = node.test
        out = guards + defs + [t_fn, f_fn, call]
        for n in out:
            ast.copy_location(n, node)
        return [ast.fix_missing_locations(n) for n in out]

    def _for_with_jumps(self, node: ast.For):
        """`for` with break/continue: over a tensor it becomes an indexed while loop (whose
        jumps become flags); over anything else it stays a Python for."""
        import copy  # noqa: PLC0415

        it, idx, n = self._fresh("iterable"), self._fresh("index"), self._fresh("length")
        nxt, ok = self._fresh("next"), self._fresh("index_has_value")  # index*: carried
        stmts = _gen(_for_with_jumps_source(it, idx, n, nxt, ok), node)
        stmts[0].value = node.iter
        loop = stmts[1].body[2]
        loop.body[0].targets = [copy.deepcopy(node.target)]
        loop.body += copy.deepcopy(node.body)
        data_branch = stmts[1].orelse[0]
        data_loop = data_branch.body[2]
        data_loop.body[0].targets = [copy.deepcopy(node.target)]
        data_loop.body += copy.deepcopy(node.body)
        py_for = data_branch.orelse[0]
        py_for.target, py_for.body = node.target, node.body
        py_for._ag_python = True
        live = getattr(node, "ag_live", set())
        for live_of in (loop, data_loop, data_branch, py_for, stmts[1]):
            live_of.ag_live = live | {idx, n, it, nxt, ok}
        out = []
        for stmt in stmts:
            result = self.visit(stmt)
            out += result if isinstance(result, list) else [result]
        return [ast.fix_missing_locations(x) for x in out]

    def _lower_jumps(self, node: ast.While) -> ast.While:
        """`break`/`continue` become flags: the loop test also checks `not break_flag` and the
        statements after a jump run only while no flag is set."""
        if node.orelse or _has_jump(node.body, (ast.Return,)) or not _has_jump(
                node.body, (ast.Break, ast.Continue)):
            return node
        brk, cont = self._fresh("break"), self._fresh("continue")
        live = getattr(node, "ag_live", set()) | {brk, cont}  # the loop test reads the flags
        body = _rewrite_jumps(node.body, brk, cont, live)
        reset = _gen(f"{cont} = False", node)
        test = _gen(f"{_PREFIX}.and_(lambda: __test__, lambda: {_PREFIX}.not_({brk}))", node)
        test = test[0].value
        test.args[0].body = node.test
        loop = ast.copy_location(ast.While(test=test, body=reset + body, orelse=[]), node)
        self._pre = _gen(f"{brk} = False\n{cont} = False", node)
        loop.ag_live = live
        return ast.fix_missing_locations(loop)

    def visit_While(self, node: ast.While):
        self._pre = []
        node = self._lower_jumps(node)
        pre = self._pre
        converted = self._visit_while(node)
        return pre + (converted if isinstance(converted, list) else [converted])

    def _visit_while(self, node: ast.While):
        jumps = node.orelse or _has_jump(node.body, (ast.Break, ast.Continue, ast.Return))
        reason = _loop_reason(node, jumps)
        self.generic_visit(node)
        if jumps:
            return _mark_python_loop(node, reason)
        names = self._carried(node, _assigned(node.body))
        guards, defs, get_name, set_name = self._state_fns(names, node)
        c_name, b_name = self._fresh("loop_test"), self._fresh("loop_body")
        c_fn = _gen(f"def {c_name}():\n    return __test__", node)[0]
        c_fn.body[0].value = node.test
        b_fn = self._body_fn(b_name, node.body, names, anchor=node)
        call = _gen(f"{_PREFIX}.while_stmt({c_name}, {b_name}, {get_name}, {set_name}, "
                    f"{tuple(names)!r}, {node.lineno})", node)[0]
        out = guards + defs + [c_fn, b_fn, call]
        for n in out:
            ast.copy_location(n, node)
        return [ast.fix_missing_locations(n) for n in out]

    def visit_For(self, node: ast.For):
        if getattr(node, "_ag_python", False):  # the non-tensor half of _for_with_jumps
            _tag_jumps(node, "python")
            self.generic_visit(node)
            return _mark_python_loop(node, "python")
        if (not node.orelse and _has_jump(node.body, (ast.Break, ast.Continue))
                and not _has_jump(node.body, (ast.Return,))):
            return self._for_with_jumps(node)
        jumps = node.orelse or _has_jump(node.body, (ast.Break, ast.Continue, ast.Return))
        reason = _loop_reason(node, jumps)
        self.generic_visit(node)
        if jumps:
            return _mark_python_loop(node, reason)
        names = self._carried(node, _assigned([node.target] + node.body))
        guards, defs, get_name, set_name = self._state_fns(names, node)
        b_name, item = self._fresh("for_body"), self._fresh("item")
        b_fn = self._body_fn(b_name, [ast.Assign(targets=[node.target],
                                                 value=ast.Name(item, ast.Load()))] + node.body,
                             names, args=(item,), anchor=node)
        it = node.iter
        if (isinstance(it, ast.Call) and not it.keywords and (
                (isinstance(it.func, ast.Attribute) and it.func.attr == "range")
                or (isinstance(it.func, ast.Name) and it.func.id == "range"))):
            # `for i in tf.range(...)`: the bounds may depend on the inputs: a counted loop
            call = _gen(f"{_PREFIX}.for_range(__range__, __bounds__, {b_name}, {get_name}, "
                        f"{set_name}, {tuple(names)!r}, {node.lineno})", node)[0]
            call.value.args[0] = it.func
            call.value.args[1] = ast.copy_location(ast.Tuple(it.args, ast.Load()), it)
        else:
            call = _gen(f"{_PREFIX}.for_stmt(__iter__, {b_name}, {get_name}, {set_name}, "
                        f"{tuple(names)!r}, {node.lineno})", node)[0]
            call.value.args[0] = it
        out = guards + defs + [b_fn, call]
        for n in out:
            ast.copy_location(n, node)
        return [ast.fix_missing_locations(n) for n in out]


def _thunk(expr) -> ast.Lambda:
    """`lambda: expr` (an operand evaluated only when needed)."""
    args = ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[],
                         kwarg=None, defaults=[])
    return ast.copy_location(ast.Lambda(args=args, body=expr), expr)


def _call(name: str, args: list, anchor) -> ast.Call:
    func = ast.parse(name, mode="eval").body
    return ast.fix_missing_locations(ast.copy_location(
        ast.Call(func=func, args=args, keywords=[]), anchor))


def _for_with_jumps_source(it: str, idx: str, n: str, nxt: str, ok: str) -> str:
    # over a dataset inside a trace, each element is fetched before the body runs, so a
    # `continue` cannot skip the fetch; `ok` holds the fetched element's has_value
    return (f"{it} = __iter__\n"
            f"if {_PREFIX}.is_tensor({it}):\n"
            f"    {idx} = 0\n"
            f"    {n} = {_PREFIX}.length({it})\n"
            f"    while {idx} < {n}:\n"
            f"        __target__ = {it}[{idx}]\n"
            f"        {idx} += 1\n"
            f"elif {_PREFIX}.is_graph_dataset({it}):\n"
            f"    {nxt} = {_PREFIX}.dataset_pass({it})\n"
            f"    {ok}, {idx} = {nxt}()\n"
            f"    while {ok}:\n"
            f"        __target__ = {idx}\n"
            f"        {ok}, {idx} = {nxt}()\n"
            f"else:\n"
            f"    for __target__ in {it}:\n"
            f"        pass\n")


def _rewrite_jumps(stmts: list, brk: str, cont: str, after: set) -> list:
    """Replaces the jumps of a loop body by flag assignments; the statements after an `if`
    holding one run under `if not (break or continue)`. `after`: the names read after `stmts`
    (later in the body, in later iterations or after the loop), which those guards carry."""
    out = []
    for i, stmt in enumerate(stmts):
        if isinstance(stmt, (ast.Break, ast.Continue)):
            out += _gen(f"{brk if isinstance(stmt, ast.Break) else cont} = True", stmt)
            return out
        if isinstance(stmt, (ast.If, ast.With)) and _has_jump([stmt], (ast.Break, ast.Continue)):
            rest = stmts[i + 1:]
            later = after | _loads(rest)
            if getattr(stmt, "ag_live", None) is not None:
                stmt.ag_live = stmt.ag_live | {brk, cont}
            stmt.body = _rewrite_jumps(stmt.body, brk, cont, later) or [ast.Pass()]
            if isinstance(stmt, ast.If):
                stmt.orelse = _rewrite_jumps(stmt.orelse, brk, cont, later)
            out.append(stmt)
            if rest:
                guard = _gen(f"if {_PREFIX}.not_({_PREFIX}.or_({brk}, {cont})):\n    pass",
                             stmt)[0]
                guard.body = _rewrite_jumps(rest, brk, cont, after)
                guard.ag_live = after | _read_first(rest)
                out.append(guard)
            return out
        out.append(stmt)
    return out


def _if_reason(node) -> tuple:
    """Why an `if` holding a jump stays Python (the key of its error message), and the user's
    return lines when it is the `if do_return: return ...` after a loop."""
    own = list(walk_own(node))
    user_lines = tuple(n for x in own for n in getattr(x, "ag_loop_returns", ()))
    jumps = [n for n in own if isinstance(n, (ast.Break, ast.Continue))]
    why = next((n.ag_loop_reason for n in jumps if hasattr(n, "ag_loop_reason")), "python")
    lines = tuple(n.lineno for n in jumps if getattr(n, "ag_from_return", False))
    if lines:  # a return inside a loop that stays Python
        return f"python_loop_return:{why}", user_lines or lines
    if user_lines:  # it holds the `if do_return: return ...` after a loop (or is it)
        return "loop_return", user_lines
    if any(isinstance(n, ast.Return) for n in own):
        return "return", ()
    return f"python_loop:{why}", ()


def _loop_reason(node, jumps) -> str:
    """Why a loop stays Python (the key of the error raised should its condition be a tensor);
    its break/continue statements remember it, for the error of an `if` holding them."""
    if node.orelse:
        reason = "else"
    elif _has_jump(node.body, (ast.Return,)):
        reason = "return"
    else:
        reason = "block"  # a jump inside a try block, which the flags cannot reach
    if jumps:
        _tag_jumps(node, reason)
    return reason


def _tag_jumps(loop, reason: str) -> None:
    for n in own_nodes(loop.body):
        if isinstance(n, (ast.Break, ast.Continue)):
            n.ag_loop_reason = reason


def _mark_python_if(node, reason: tuple):
    """An `if` left as Python (it holds return/break/continue): its test must be static."""
    key, lines = reason
    check = _gen(f"{_PREFIX}.python_condition(__test__, {node.lineno}, 'if', {key!r}"
                 + (f", {lines!r})" if lines else ")"), node)[0].value
    check.args[0] = node.test
    node.test = check
    return ast.fix_missing_locations(node)


def _mark_python_loop(node, reason: str):
    """A loop left as Python: its condition is checked to be static at run time."""
    if isinstance(node, ast.While):
        check = _gen(f"{_PREFIX}.python_condition(__test__, {node.lineno}, 'loop', {reason!r})",
                     node)[0].value
        check.args[0] = node.test
        node.test = ast.copy_location(check, node.test)
    else:
        check = _gen(f"{_PREFIX}.python_iterable(__iter__, {node.lineno}, {reason!r})",
                     node)[0].value
        check.args[0] = node.iter
        node.iter = ast.copy_location(check, node.iter)
    return ast.fix_missing_locations(node)


def _is_tracked(name: str) -> bool:
    """Generated variables that converted statements may carry (results, loop-exit flags)."""
    return name.startswith((RETVAL, DO_RETURN, f"{_PREFIX}break", f"{_PREFIX}continue",
                            f"{_PREFIX}index"))


def _function_ast(fn):
    # the source of fn's own code (getsource(fn) would follow `__wrapped__`)
    source = textwrap.dedent(inspect.getsource(fn.__code__))
    tree = ast.parse(source)
    ast.increment_lineno(tree, fn.__code__.co_firstlineno - 1)  # errors show the file's lines
    fdef = next(n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
    fdef.decorator_list = []
    lower_function_returns(fdef)
    return ast.fix_missing_locations(fdef)


def _explicit_super(fdef, first_arg: str) -> None:
    """`super()` becomes `super(__class__, self)`: converted bodies run in nested functions,
    where the zero-argument form cannot find the method's arguments."""
    for node in ast.walk(fdef):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "super" and not node.args and not node.keywords):
            node.args = [ast.Name("__class__", ast.Load()), ast.Name(first_arg, ast.Load())]
            ast.fix_missing_locations(node)


def to_code(entity, recursive=True, experimental_optional_features=None) -> str:
    """The converted source of a Python function (a lambda's own source: nothing in it is
    converted)."""
    fn = getattr(entity, "python_function", entity)
    if getattr(fn, "__name__", "") == "<lambda>":
        return textwrap.dedent(inspect.getsource(fn)).strip() + "\n"
    fdef = _function_ast(fn)
    _mark_live(fdef)
    fdef = _Converter().visit(fdef)
    return ast.unparse(fdef)


@functools.lru_cache(maxsize=None)
def _convert_cached(fn):
    return _convert(fn)


def to_graph(entity, recursive=True, experimental_optional_features=None):
    """A converted version of `entity` (itself when it cannot be converted: no source, lambda)."""
    fn = getattr(entity, "__func__", entity)
    # a decorator made with functools.wraps: convert the function it wraps, whole (its
    # source, globals, closure and defaults belong together), as TF unwraps its decorators
    fn = inspect.unwrap(fn, stop=lambda f: not inspect.isfunction(getattr(f, "__wrapped__",
                                                                        None)))
    try:
        converted = _convert_cached(fn)
    except (OSError, TypeError, SyntaxError, StopIteration):
        return entity
    if hasattr(entity, "__self__"):
        return converted.__get__(entity.__self__)
    return converted


_FACTORIES: dict = {}  # code object -> compiled code of the converted function's factory


def _convert(fn):
    """The converted function. The AST conversion runs once per code object (closures made
    anew, as each symbolic Keras call makes, share it); each conversion then binds it to a
    fresh copy of the function's globals and to its closure cells, as converting anew would."""
    from fluxion.autograph import runtime  # noqa: PLC0415

    if fn.__name__ == "<lambda>":
        raise TypeError("lambdas are not converted")
    if fn.__code__ not in _FACTORIES:
        _FACTORIES[fn.__code__] = _converted_factory(fn).__code__
    namespace = dict(fn.__globals__)
    namespace[_PREFIX] = runtime
    factory = types.FunctionType(_FACTORIES[fn.__code__], namespace)
    cells = [c.cell_contents for c in (fn.__closure__ or ())]
    converted = factory(*cells)
    converted.__wrapped__ = fn
    converted.__defaults__ = fn.__defaults__
    converted.__kwdefaults__ = fn.__kwdefaults__
    return converted


def _converted_factory(fn):
    from fluxion.autograph import runtime  # noqa: PLC0415

    fdef = _function_ast(fn)
    if any(isinstance(n, (ast.Nonlocal, ast.Global)) for n in ast.walk(fdef)):
        # the converted copy could not rebind the original's outer variables: keep it as is
        raise TypeError("functions with nonlocal/global statements are not converted")
    if "__class__" in fn.__code__.co_freevars and fdef.args.args:
        _explicit_super(fdef, fdef.args.args[0].arg)
    _mark_live(fdef)
    fdef = _Converter().visit(fdef)
    free = list(fn.__code__.co_freevars)
    factory = ast.parse(f"def {_PREFIX}factory({', '.join(free)}):\n    pass").body[0]
    factory.body = [fdef, ast.Return(ast.Name(fdef.name, ast.Load()))]
    module = ast.Module(body=[factory], type_ignores=[])
    ast.fix_missing_locations(module)
    filename = inspect.getsourcefile(fn) or "<autograph>"
    namespace = dict(fn.__globals__)
    namespace[_PREFIX] = runtime
    exec(compile(module, filename, "exec"), namespace)  # noqa: S102 - the user's own function
    return namespace[f"{_PREFIX}factory"]


_verbosity = [0]


def set_verbosity(level, alsologtostdout=False) -> None:
    """How much AutoGraph logs about its conversions (kept for TF compatibility: fluxion's
    conversion logs nothing)."""
    _verbosity[0] = int(level)


def trace(*args) -> None:
    """Prints its arguments (as TF's `tf.autograph.trace` does while tracing)."""
    print(*args)
