"""AutoGraph: rewrites Python `if`, `while` and `for` so that tensor conditions become graph
control flow (``tf.cond`` / ``tf.while_loop``) while Python conditions stay Python.

A statement becomes a call of `if_stmt` / `while_stmt` / `for_stmt` (fluxion.autograph.runtime)
with its body as nested functions over the variables it assigns. Loops containing `break`,
`continue` or `return`, and `if`s containing `return`, are left as Python: should their
condition turn out to be an input-dependent tensor, tracing stops with an error naming the line
and what to write instead. `to_code(fn)` shows the converted source.
"""
from __future__ import annotations

import ast
import functools
import inspect
import textwrap

from fluxion.autograph.runtime import Undefined  # noqa: F401 - used by converted code

_PREFIX = "ag__"


class _Assigned(ast.NodeVisitor):
    """Names a block assigns (not inside nested functions or classes)."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store) and node.id not in self.names \
                and (not node.id.startswith(_PREFIX) or _is_carried_flag(node.id)):
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


def _has_jump(stmts, kinds) -> bool:
    """Whether `stmts` hold one of `kinds` that belongs to them (not to nested loops/defs)."""
    for s in stmts:
        for node in _walk_own(s):
            if isinstance(node, kinds):
                return True
    return False


def _walk_own(node):
    yield node
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(child, (ast.For, ast.While)) and not isinstance(node, ast.Return):
            # break/continue inside an inner loop belong to it; returns still escape
            for inner in ast.walk(child):
                if isinstance(inner, ast.Return):
                    yield inner
            continue
        yield from _walk_own(child)


def _gen(code: str, anchor) -> list:
    """Parses generated statements and gives every node the anchor's line (so tracebacks and
    messages point at the user's statement)."""
    body = ast.parse(code).body
    for stmt in body:
        for n in ast.walk(stmt):
            if "lineno" in n._attributes:
                n.lineno = n.end_lineno = anchor.lineno
                n.col_offset, n.end_col_offset = anchor.col_offset, anchor.col_offset
    return body


def _live_outside(fdef) -> dict:
    """For each if/while/for: the names loaded anywhere in the function outside its body
    (its condition included). Only those are carried out of the statement; names assigned
    and used only inside stay local to the converted branch or body."""
    loads = [(n.id, n) for n in ast.walk(fdef) if isinstance(n, ast.Name)
             and isinstance(n.ctx, ast.Load)]
    live = {}
    for stmt in ast.walk(fdef):
        if isinstance(stmt, (ast.If, ast.While, ast.For)):
            inside = {id(n) for part in stmt.body + stmt.orelse for n in ast.walk(part)}
            live[id(stmt)] = {name for name, n in loads if id(n) not in inside}
    return live


class _Converter(ast.NodeTransformer):
    def __init__(self, live: dict | None = None) -> None:
        self._count = 0
        self._live = live or {}

    def _carried(self, node, names: list) -> list:
        live = self._live.get(id(node))
        return names if live is None else [n for n in names if n in live or
                                           _is_carried_flag(n)]

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
        guards = [_gen(f"try:\n    {n}\nexcept NameError:\n    {n} = {_PREFIX}.Undefined({n!r})",
                       line)[0] for n in names]
        for node in defs + guards:
            ast.copy_location(node, line)
            ast.fix_missing_locations(node)
        return guards, defs, get_name, set_name

    def _body_fn(self, name, stmts, names, args=(), anchor=None):
        fn = _gen(f"def {name}({', '.join(args)}):\n    pass", anchor or stmts[0])[0]
        fn.body = ([ast.Nonlocal(names=list(names))] if names else []) + list(stmts)
        return fn

    def visit_If(self, node: ast.If):
        jumps = _has_jump([node], (ast.Return, ast.Break, ast.Continue))
        self.generic_visit(node)
        if jumps:
            return _mark_python_if(node)
        names = self._carried(node, _assigned(node.body + node.orelse))
        guards, defs, get_name, set_name = self._state_fns(names, node)
        t_name, f_name = self._fresh("if_true"), self._fresh("if_false")
        t_fn = self._body_fn(t_name, node.body, names, anchor=node)
        f_fn = self._body_fn(f_name, node.orelse or [ast.Pass()], names, anchor=node)
        call = _gen(f"{_PREFIX}.if_stmt(__test__, {t_name}, {f_name}, {get_name}, "
                    f"{set_name}, {tuple(names)!r}, {node.lineno})", node)[0]
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
        stmts = _gen(_for_with_jumps_source(it, idx, n), node)
        stmts[0].value = node.iter
        loop = stmts[1].body[2]
        loop.body[0].targets = [copy.deepcopy(node.target)]
        loop.body += copy.deepcopy(node.body)
        py_for = stmts[1].orelse[0]
        py_for.target, py_for.body = node.target, node.body
        py_for._ag_python = True
        for live_of in (loop, py_for):
            self._live[id(live_of)] = self._live.get(id(node), set()) | {idx, n, it}
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
        body = _rewrite_jumps(node.body, brk, cont, node)
        reset = _gen(f"{cont} = False", node)
        test = _gen(f"{_PREFIX}.and_(lambda: __test__, lambda: {_PREFIX}.not_({brk}))", node)
        test = test[0].value
        test.args[0].body = node.test
        loop = ast.copy_location(ast.While(test=test, body=reset + body, orelse=[]), node)
        self._pre = _gen(f"{brk} = False\n{cont} = False", node)
        self._live[id(loop)] = self._live.get(id(node), set())
        return ast.fix_missing_locations(loop)

    def visit_While(self, node: ast.While):
        self._pre = []
        node = self._lower_jumps(node)
        pre = self._pre
        converted = self._visit_while(node)
        return pre + (converted if isinstance(converted, list) else [converted])

    def _visit_while(self, node: ast.While):
        jumps = node.orelse or _has_jump(node.body, (ast.Break, ast.Continue, ast.Return))
        self.generic_visit(node)
        if jumps:
            return _mark_python_loop(node)
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
            self.generic_visit(node)
            return _mark_python_loop(node)
        if (not node.orelse and _has_jump(node.body, (ast.Break, ast.Continue))
                and not _has_jump(node.body, (ast.Return,))):
            return self._for_with_jumps(node)
        jumps = node.orelse or _has_jump(node.body, (ast.Break, ast.Continue, ast.Return))
        self.generic_visit(node)
        if jumps:
            return _mark_python_loop(node)
        names = self._carried(node, _assigned([node.target] + node.body))
        guards, defs, get_name, set_name = self._state_fns(names, node)
        b_name, item = self._fresh("for_body"), self._fresh("item")
        b_fn = self._body_fn(b_name, [ast.Assign(targets=[node.target],
                                                 value=ast.Name(item, ast.Load()))] + node.body,
                             names, args=(item,), anchor=node)
        it = node.iter
        if (isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute)
                and it.func.attr == "range" and not it.keywords):
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


def _for_with_jumps_source(it: str, idx: str, n: str) -> str:
    return (f"{it} = __iter__\n"
            f"if {_PREFIX}.is_tensor({it}):\n"
            f"    {idx} = 0\n"
            f"    {n} = {_PREFIX}.length({it})\n"
            f"    while {idx} < {n}:\n"
            f"        __target__ = {it}[{idx}]\n"
            f"        {idx} += 1\n"
            f"else:\n"
            f"    for __target__ in {it}:\n"
            f"        pass\n")


def _rewrite_jumps(stmts: list, brk: str, cont: str, anchor) -> list:
    out = []
    for i, stmt in enumerate(stmts):
        if isinstance(stmt, (ast.Break, ast.Continue)):
            out += _gen(f"{brk if isinstance(stmt, ast.Break) else cont} = True", stmt)
            return out
        if isinstance(stmt, ast.If) and _has_jump([stmt], (ast.Break, ast.Continue)):
            stmt.body = _rewrite_jumps(stmt.body, brk, cont, stmt) or [ast.Pass()]
            stmt.orelse = _rewrite_jumps(stmt.orelse, brk, cont, stmt)
            out.append(stmt)
            rest = stmts[i + 1:]
            if rest:
                guard = _gen(f"if {_PREFIX}.not_({_PREFIX}.or_({brk}, {cont})):\n    pass",
                             stmt)[0]
                guard.body = _rewrite_jumps(rest, brk, cont, anchor)
                out.append(guard)
            return out
        out.append(stmt)
    return out


def _mark_python_if(node):
    """An `if` left as Python (it holds return/break/continue): its test must be static."""
    check = _gen(f"{_PREFIX}.python_condition(__test__, {node.lineno}, 'if')", node)[0].value
    check.args[0] = node.test
    node.test = check
    return ast.fix_missing_locations(node)


def _mark_python_loop(node):
    """A loop left as Python: its condition is checked to be static at run time."""
    if isinstance(node, ast.While):
        check = _gen(f"{_PREFIX}.python_condition(__test__, {node.lineno})", node)[0].value
        check.args[0] = node.test
        node.test = ast.copy_location(check, node.test)
    else:
        check = _gen(f"{_PREFIX}.python_iterable(__iter__, {node.lineno})", node)[0].value
        check.args[0] = node.iter
        node.iter = ast.copy_location(check, node.iter)
    return ast.fix_missing_locations(node)


_RETVAL = f"{_PREFIX}retval"


def _is_carried_flag(name: str) -> bool:
    """Generated variables that converted statements must carry (results, loop-exit flags)."""
    return name == _RETVAL or name.startswith((f"{_PREFIX}break", f"{_PREFIX}continue",
                                               f"{_PREFIX}index"))


def _ends_in_return(stmts) -> bool:
    return bool(stmts) and isinstance(stmts[-1], ast.Return) and not _has_jump(
        stmts[:-1], (ast.Return,))


def _lower_returns(stmts: list) -> list:
    """`if c: ...; return a` followed by more statements becomes an if/else that assigns the
    result, so the `if` can be converted; the function then returns once at the end."""
    for i, stmt in enumerate(stmts):
        if isinstance(stmt, ast.If) and _ends_in_return(stmt.body) and not stmt.orelse:
            orelse = _lower_returns(stmts[i + 1:])
            if not _ends_in_return(orelse):
                return stmts  # the rest may fall off the end or return elsewhere: keep Python
            body = _assign_result(stmt.body)
            orelse = _assign_result(orelse)
            if _has_jump(body + orelse, (ast.Return,)):
                return stmts  # other returns remain: leave the statement to Python
            new_if = ast.copy_location(ast.If(test=stmt.test, body=body, orelse=orelse), stmt)
            ret = ast.copy_location(ast.Return(value=ast.Name(_RETVAL, ast.Load())), stmt)
            return stmts[:i] + [new_if, ret]
    return stmts


def _assign_result(stmts: list) -> list:
    last = stmts[-1]
    value = last.value if last.value is not None else ast.Constant(None)
    assign = ast.copy_location(ast.Assign(targets=[ast.Name(_RETVAL, ast.Store())],
                                          value=value), last)
    return stmts[:-1] + [assign]


def _function_ast(fn):
    source = textwrap.dedent(inspect.getsource(fn))
    tree = ast.parse(source)
    ast.increment_lineno(tree, fn.__code__.co_firstlineno - 1)  # errors show the file's lines
    fdef = next(n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
    fdef.decorator_list = []
    fdef.body = _lower_returns(fdef.body)
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
    """The converted source of a Python function."""
    fdef = _function_ast(getattr(entity, "python_function", entity))
    fdef = _Converter(_live_outside(fdef)).visit(fdef)
    return ast.unparse(fdef)


@functools.lru_cache(maxsize=None)
def _convert_cached(fn):
    return _convert(fn)


def to_graph(entity, recursive=True, experimental_optional_features=None):
    """A converted version of `entity` (itself when it cannot be converted: no source, lambda)."""
    fn = getattr(entity, "__func__", entity)
    try:
        converted = _convert_cached(fn)
    except (OSError, TypeError, SyntaxError, StopIteration):
        return entity
    if hasattr(entity, "__self__"):
        return converted.__get__(entity.__self__)
    return converted


def _convert(fn):
    from fluxion.autograph import runtime  # noqa: PLC0415

    if fn.__name__ == "<lambda>":
        raise TypeError("lambdas are not converted")
    fdef = _function_ast(fn)
    if any(isinstance(n, (ast.Nonlocal, ast.Global)) for n in ast.walk(fdef)):
        # the converted copy could not rebind the original's outer variables: keep it as is
        raise TypeError("functions with nonlocal/global statements are not converted")
    if "__class__" in fn.__code__.co_freevars and fdef.args.args:
        _explicit_super(fdef, fdef.args.args[0].arg)
    fdef = _Converter(_live_outside(fdef)).visit(fdef)
    free = list(fn.__code__.co_freevars)
    factory = ast.parse(f"def {_PREFIX}factory({', '.join(free)}):\n    pass").body[0]
    factory.body = [fdef, ast.Return(ast.Name(fdef.name, ast.Load()))]
    module = ast.Module(body=[factory], type_ignores=[])
    ast.fix_missing_locations(module)
    filename = inspect.getsourcefile(fn) or "<autograph>"
    namespace = dict(fn.__globals__)
    namespace[_PREFIX] = runtime
    exec(compile(module, filename, "exec"), namespace)  # noqa: S102 - the user's own function
    cells = [c.cell_contents for c in (fn.__closure__ or ())]
    converted = namespace[f"{_PREFIX}factory"](*cells)
    converted.__wrapped__ = fn
    converted.__defaults__ = fn.__defaults__
    converted.__kwdefaults__ = fn.__kwdefaults__
    return converted
