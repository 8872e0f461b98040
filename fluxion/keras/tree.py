"""``keras.tree``: nested structures as Keras 3 sees them (its optree rules): lists, tuples,
namedtuples, deques and dicts are nodes (a dict's children in sorted key order, an
OrderedDict's in insertion order), everything else - None included - is a leaf."""
from __future__ import annotations

import collections

__all__ = ["MAP_TO_NONE", "assert_same_paths", "assert_same_structure", "flatten",
           "flatten_with_path", "is_nested", "lists_to_tuples", "map_shape_structure",
           "map_structure", "map_structure_up_to", "pack_sequence_as", "traverse"]


class MAP_TO_NONE:  # noqa: N801 - Keras' name
    """Returned by a `traverse` function to put None in place of a substructure."""


def _is_namedtuple(x) -> bool:
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def _sorted_keys(d) -> list:
    if isinstance(d, collections.OrderedDict):
        return list(d)
    try:
        return sorted(d)
    except TypeError:  # keys that do not compare keep their insertion order
        return list(d)


def _node(x, none_is_leaf: bool = True, is_leaf=None):
    """`(kind, keys, children)` of a node, or None for a leaf."""
    if is_leaf is not None and is_leaf(x):
        return None
    if x is None:
        return None if none_is_leaf else ("none", [], [])
    if _is_namedtuple(x):
        return "namedtuple", list(type(x)._fields), list(x)
    if isinstance(x, (list, tuple, collections.deque)):
        kind = "list" if isinstance(x, list) else "tuple" if isinstance(x, tuple) else "deque"
        return kind, list(range(len(x))), list(x)
    if isinstance(x, dict):
        keys = _sorted_keys(x)
        return "dict", keys, [x[k] for k in keys]
    return None


def _rebuild(template, children: list):
    """A node like `template` holding `children` (in `_node`'s order)."""
    if template is None:
        return None
    if _is_namedtuple(template):
        return type(template)(*children)
    if isinstance(template, list):
        return list(children)
    if isinstance(template, tuple):
        return tuple(children)
    if isinstance(template, collections.deque):
        return collections.deque(children, maxlen=template.maxlen)
    by_key = dict(zip(_sorted_keys(template), children))
    ordered = [(k, by_key[k]) for k in template]  # the template's own key order
    if isinstance(template, collections.defaultdict):
        return collections.defaultdict(template.default_factory, ordered)
    return type(template)(ordered)


def _type_name(kind: str, x) -> str:
    return {"namedtuple": "collections.namedtuple", "deque": "collections.deque"}.get(
        kind, type(x).__name__)


def _check_node(kind, keys, first, other, none_is_leaf=True) -> list:
    """`other`'s children when it is a node matching `first`'s, else ValueError (optree's
    messages)."""
    found = _node(other, none_is_leaf)
    if found is None or found[0] != kind or (kind == "namedtuple" and
                                             type(other) is not type(first)):
        raise ValueError(f"Expected an instance of {_type_name(kind, first)}, got {other!r}.")
    if kind == "dict":
        if set(found[1]) != set(keys):
            missing = sorted(set(keys) - set(found[1]), key=str)
            extra = sorted(set(found[1]) - set(keys), key=str)
            raise ValueError(f"dictionary key mismatch; expected key(s): {keys}, got key(s): "
                             f"{found[1]}, missing key(s): {missing}, extra key(s): {extra}; "
                             f"dict: {other!r}.")
        return [other[k] for k in keys]
    if len(found[2]) != len(keys):
        raise ValueError(f"{kind} arity mismatch; expected: {len(keys)}, got: "
                         f"{len(found[2])}; {kind}: {other!r}.")
    return found[2]


def is_nested(structure) -> bool:
    return _node(structure) is not None


def flatten(structure) -> list:
    """The leaves of `structure`, depth first."""
    leaves = []

    def walk(x):
        node = _node(x)
        if node is None:
            leaves.append(x)
        else:
            for child in node[2]:
                walk(child)
    walk(structure)
    return leaves


def flatten_with_path(structure) -> list:
    """`[(path, leaf)]`, a path being the tuple of keys and indices down to the leaf."""
    out = []

    def walk(x, path):
        node = _node(x)
        if node is None:
            out.append((path, x))
        else:
            for key, child in zip(node[1], node[2]):
                walk(child, path + (key,))
    walk(structure, ())
    return out


def _map(func, structures, none_is_leaf=True, is_leaf=None, up_to=False):
    first = structures[0]
    node = _node(first, none_is_leaf, is_leaf)
    if node is None:
        if up_to:
            return func(*structures[1:])
        if len(structures) > 1 and any(_node(s, none_is_leaf) is not None
                                       for s in structures[1:]):
            raise ValueError("Structures don't have the same nested structure.")
        return func(*structures)
    kind, keys, children = node
    columns = [children] + [_check_node(kind, keys, first, s, none_is_leaf)
                            for s in structures[1:]]
    mapped = [_map(func, list(group), none_is_leaf, is_leaf, up_to)
              for group in zip(*columns)]
    return None if kind == "none" else _rebuild(first, mapped)


def map_structure(func, *structures, none_is_leaf: bool = True):
    """`func` applied to the leaves of `structures` (same structures), as a structure."""
    if not structures:
        raise ValueError("Must provide at least one structure")
    if not callable(func):
        raise TypeError(f"'{type(func).__name__}' object is not callable")
    return _map(func, list(structures), none_is_leaf=none_is_leaf)


def map_structure_up_to(shallow_structure, func, *structures):
    """`func` applied to the substructures of `structures` at the leaves of
    `shallow_structure`."""
    if not structures:
        raise ValueError("Must provide at least one structure")
    return _map(func, [shallow_structure, *structures], up_to=True)


def assert_same_structure(a, b, check_types=None) -> None:
    """ValueError unless `a` and `b` have the same nodes (types included)."""
    if check_types is not None:
        import warnings  # noqa: PLC0415

        warnings.warn("The `check_types` argument is deprecated and no longer has any "
                      "effect, please remove.", DeprecationWarning, stacklevel=2)
    _map(lambda *_: None, [a, b])


def assert_same_paths(a, b) -> None:
    """ValueError unless `a` and `b` have the same leaf paths (lists and tuples alike)."""
    a_paths = {p for p, _ in flatten_with_path(a)}
    b_paths = {p for p, _ in flatten_with_path(b)}
    if a_paths != b_paths:
        msg = "`a` and `b` don't have the same paths."
        if a_paths - b_paths:
            msg += f"\nPaths in `a` missing in `b`:\n{a_paths - b_paths}"
        if b_paths - a_paths:
            msg += f"\nPaths in `b` missing in `a`:\n{b_paths - a_paths}"
        raise ValueError(msg)


def pack_sequence_as(structure, flat_sequence):
    """`flat_sequence`'s items placed at the leaves of `structure`."""
    if not isinstance(flat_sequence, (list, tuple, collections.deque)) and \
            not hasattr(flat_sequence, "__iter__"):
        raise TypeError(f"unflatten(): incompatible function arguments: {flat_sequence!r} is "
                        "not iterable")
    items = list(flat_sequence)
    count = len(flatten(structure))
    if len(items) < count:
        raise ValueError(f"Too few leaves for PyTreeSpec; expected: {count}, got: "
                         f"{len(items)}.")
    if len(items) > count:
        raise ValueError(f"Too many leaves for PyTreeSpec; expected: {count}.")
    feed = iter(items)
    return _map(lambda _: next(feed), [structure])


def traverse(func, structure, top_down: bool = True):
    """Applies `func` to every substructure. Top down, a non-None result replaces the
    substructure (not visited further); bottom up, `func` sees the traversed children. A
    `MAP_TO_NONE` result becomes None."""
    def children_traversed(x):
        node = _node(x)
        if node is None:
            return x
        return _rebuild(x, [traverse(func, c, top_down) for c in node[2]])

    if top_down:
        result = func(structure)
        if result is None:
            return children_traversed(structure)
    else:
        done = children_traversed(structure)
        result = func(done)
        if result is None:
            return done
    if isinstance(result, type) and result.__name__ == "MAP_TO_NONE":
        return None
    return result


def lists_to_tuples(structure):
    """Every list in `structure` as a tuple."""
    return traverse(lambda x: tuple(x) if isinstance(x, list) else None, structure,
                    top_down=False)


def map_shape_structure(func, structure):
    """`map_structure` where tuples/lists of ints and None (shapes) are leaves."""
    def is_shape(x):
        return isinstance(x, (list, tuple)) and all(isinstance(e, (int, type(None)))
                                                    for e in x)
    return _map(func, [structure], is_leaf=is_shape)
