"""AutoGraph's handling of `return` before the statements are converted.

* A `return` inside a loop becomes flags: it stores its value in the loop's result variable,
  sets the loop's do-return flag and breaks; right after the loop, `if do_return: return
  result`. The loop then only holds a `break`, which the converter lowers like any other (so a
  loop over a tensor becomes one graph loop carrying the result), and a Python loop keeps its
  Python meaning.
* `if`s whose branches return are merged into one `if` that assigns the function's result in
  each branch, followed by a single `return` (so the `if` can be converted too).

`ag__.pending_return` marks "no value returned yet" and `ag__.loop_return` checks, while a graph
loop is traced, that each return gives the same kind of value (fluxion.autograph.runtime).
"""
from __future__ import annotations

import ast

PREFIX = "ag__"
RETVAL = f"{PREFIX}retval"
DO_RETURN = f"{PREFIX}do_return"
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def gen(code: str, anchor) -> list:
    """Parses generated statements and gives every node the anchor's line (so tracebacks and
    messages point at the user's statement)."""
    body = ast.parse(code).body
    for stmt in body:
        for n in ast.walk(stmt):
            if "lineno" in n._attributes:
                n.lineno = n.end_lineno = anchor.lineno
                n.col_offset, n.end_col_offset = anchor.col_offset, anchor.col_offset
    return body


def walk_own(node):
    """`node` and the nodes that belong to it: not those of nested functions or classes, nor
    the break/continue of nested loops (their returns still escape, so they are included)."""
    yield node
    for child in ast.iter_child_nodes(node):
        yield from _own_nodes(child)


def _own_nodes(node):
    if isinstance(node, _SCOPES):
        return
    if isinstance(node, (ast.For, ast.While)):
        yield from (n for n in _own_nodes_all(node) if isinstance(n, ast.Return))
        return
    yield node
    for child in ast.iter_child_nodes(node):
        yield from _own_nodes(child)


def _own_nodes_all(node):
    """Every node under `node` outside nested functions and classes."""
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, _SCOPES):
            yield child
            yield from _own_nodes_all(child)


def own_nodes(stmts):
    """The nodes of the statements `stmts` that belong to them (see `walk_own`)."""
    for s in stmts:
        yield from _own_nodes(s)


def has_jump(stmts, kinds) -> bool:
    """Whether `stmts` hold one of `kinds` that belongs to them (not to nested loops/defs)."""
    return any(isinstance(n, kinds) for n in own_nodes(stmts))


def _own_returns(node) -> list:
    out = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Return):
            out.append(child)
        elif not isinstance(child, _SCOPES):
            out += _own_returns(child)
    return out


def _returns_none(ret: ast.Return) -> bool:
    return ret.value is None or (isinstance(ret.value, ast.Constant) and ret.value.value is None)


def lower_function_returns(fdef) -> None:
    """Rewrites `fdef`'s body in place: loop returns become flags, then returns in `if`s are
    merged into one final return where the structure allows it."""
    returns = _own_returns(fdef)
    if not returns or any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(fdef)):
        return
    counter = [0]
    fdef.body = _lower_loops(fdef.body, counter)
    if all(_returns_none(r) for r in returns) and not isinstance(fdef.body[-1], ast.Return):
        # falling off the end returns None too: say so, so that early returns can be merged
        fdef.body.append(ast.copy_location(ast.Return(value=None), fdef.body[-1]))
    fdef.body = lower_returns(fdef.body)


# --- returns inside loops -------------------------------------------------------------------

def _lower_loops(stmts: list, counter: list) -> list:
    """Innermost loops first, so an inner loop's `if do_return: return ...` is a return of the
    enclosing loop, which then lowers it in turn."""
    out = []
    for stmt in stmts:
        if not isinstance(stmt, _SCOPES):
            _map_blocks(stmt, lambda block: _lower_loops(block, counter))
        if isinstance(stmt, (ast.For, ast.While)) and has_jump(stmt.body, (ast.Return,)):
            out += _lower_loop(stmt, counter)
        else:
            out.append(stmt)
    return out


def _map_blocks(stmt, fn) -> None:
    """Replaces each statement list right inside `stmt` (bodies, else, handlers, cases) by
    `fn` of it."""
    for field in ("body", "orelse", "finalbody"):
        block = getattr(stmt, field, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            setattr(stmt, field, fn(block))
    for part in [*getattr(stmt, "handlers", ()), *getattr(stmt, "cases", ())]:
        part.body = fn(part.body)


def _lower_loop(loop, counter: list) -> list:
    """The loop (its returns now flags and breaks) with the flags set up before it and tested
    after it."""
    counter[0] += 1
    retval, flag = f"{RETVAL}_{counter[0]}", f"{DO_RETURN}_{counter[0]}"
    lines = []
    endless = (isinstance(loop, ast.While) and isinstance(loop.test, ast.Constant)
               and bool(loop.test.value) and not loop.orelse
               and not has_jump(loop.body, (ast.Break,)))
    loop.body = _replace_returns(loop.body, retval, flag, lines)
    before = gen(f"{flag} = False\n{retval} = {PREFIX}.pending_return({loop.lineno})", loop)
    if endless:  # `while True:` without break only ends by returning
        return before + [loop] + gen(f"return {retval}", loop)
    after = gen(f"if {flag}:\n    return {retval}", loop)[0]
    after.ag_loop_returns = tuple(lines)  # for error messages: the user's return lines
    return before + [loop, after]


def _replace_returns(stmts: list, retval: str, flag: str, lines: list) -> list:
    """`return v` -> `retval = loop_return(v, retval, line); flag = True; break`, in `stmts` and
    the blocks inside them (not in nested functions); the return lines go to `lines`."""
    out = []
    for stmt in stmts:
        if isinstance(stmt, ast.Return):
            line = stmt.lineno
            lines.append(line)
            new = gen(f"{retval} = {PREFIX}.loop_return(__value__, {retval}, {line})\n"
                      f"{flag} = True\nbreak", stmt)
            new[0].value.args[0] = stmt.value if stmt.value is not None else ast.copy_location(
                ast.Constant(None), stmt)
            new[2].ag_from_return = True
            out += new
            continue
        if not isinstance(stmt, _SCOPES):
            _map_blocks(stmt, lambda block: _replace_returns(block, retval, flag, lines))
        out.append(stmt)
    return out


# --- returns inside ifs ---------------------------------------------------------------------

def ends_in_return(stmts) -> bool:
    return bool(stmts) and isinstance(stmts[-1], ast.Return) and not has_jump(
        stmts[:-1], (ast.Return,))


def lower_returns(stmts: list) -> list:
    """`if c: ...; return a` followed by more statements becomes an if/else that assigns the
    result (the rest going into the branch that did not return), so the `if` can be converted;
    the block then returns once at its end. Blocks where a branch would fall off the end, or
    returns sit inside with/try blocks, keep their Python returns."""
    for i, stmt in enumerate(stmts):
        if isinstance(stmt, ast.With):
            stmt.body = lower_returns(stmt.body)
        if not (isinstance(stmt, ast.If) and has_jump([stmt], (ast.Return,))):
            continue
        body, orelse = lower_returns(stmt.body), lower_returns(stmt.orelse)
        rest = lower_returns(stmts[i + 1:])
        stmt.body, stmt.orelse = body, orelse
        kept = stmts[:i] + [stmt] + rest
        if any(has_jump(b, (ast.Return,)) and not ends_in_return(b) for b in (body, orelse)):
            return kept
        if not (ends_in_return(body) and ends_in_return(orelse)):
            if not ends_in_return(rest):
                return kept  # the rest may fall off the end or return elsewhere: keep Python
            if ends_in_return(body):
                orelse = orelse + rest
            else:
                body = body + rest
        new_if = ast.copy_location(ast.If(test=stmt.test, body=_assign_result(body),
                                          orelse=_assign_result(orelse)), stmt)
        if hasattr(stmt, "ag_loop_returns"):
            new_if.ag_loop_returns = stmt.ag_loop_returns
        ret = ast.copy_location(ast.Return(value=ast.Name(RETVAL, ast.Load())), stmt)
        return stmts[:i] + [new_if, ret]
    return stmts


def _assign_result(stmts: list) -> list:
    last = stmts[-1]
    if isinstance(last.value, ast.Name) and last.value.id == RETVAL:
        return stmts[:-1] or [ast.copy_location(ast.Pass(), last)]  # already assigned
    value = last.value if last.value is not None else ast.copy_location(ast.Constant(None), last)
    assign = ast.copy_location(ast.Assign(targets=[ast.Name(RETVAL, ast.Store())],
                                          value=value), last)
    return stmts[:-1] + [assign]
