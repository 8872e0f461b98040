"""Nested structures (``tf.nest``): lists, tuples, namedtuples and dicts of leaves."""
from __future__ import annotations


def _is_namedtuple(x) -> bool:
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def is_nested(x) -> bool:
    return isinstance(x, (list, tuple, dict))


def _is_composite(x) -> bool:
    """A composite tensor (SparseTensor): with expand_composites its component tensors are the
    leaves (`_to_components()`, rebuilt by `type(x)._from_components(...)`)."""
    return getattr(type(x), "_composite_tensor", False)


def flatten(structure, expand_composites=False) -> list:
    """Leaves of `structure` in order (dicts by sorted key, as TF does); with
    `expand_composites`, a SparseTensor contributes its indices, values and dense_shape."""
    if isinstance(structure, dict):
        return [leaf for k in sorted(structure)
                for leaf in flatten(structure[k], expand_composites)]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flatten(item, expand_composites)]
    if expand_composites and _is_composite(structure):
        return list(structure._to_components())
    return [structure]


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """Inverse of `flatten`: rebuilds `structure` with the leaves of `flat_sequence`."""
    leaves = iter(flat_sequence)

    def build(s):
        if isinstance(s, dict):
            built = {k: build(s[k]) for k in sorted(s)}
            return type(s)((k, built[k]) for k in s)
        if _is_namedtuple(s):
            return type(s)(*[build(v) for v in s])
        if isinstance(s, (list, tuple)):
            return type(s)(build(v) for v in s)
        if expand_composites and _is_composite(s):
            n = len(s._to_components())
            return type(s)._from_components([next(leaves) for _ in range(n)])
        return next(leaves)

    return build(structure)


def map_structure(func, *structures, **kwargs):
    flats = [flatten(s) for s in structures]
    for f in flats[1:]:
        if len(f) != len(flats[0]):
            raise ValueError("The two structures don't have the same number of elements.")
    return pack_sequence_as(structures[0], [func(*xs) for xs in zip(*flats)])


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False) -> None:
    if len(flatten(nest1)) != len(flatten(nest2)):
        raise ValueError(f"The two structures don't have the same nested structure: "
                         f"{nest1!r} and {nest2!r}")


def structure_key(structure, expand_composites=False):
    """A hashable description of the nesting (types, lengths, dict keys), leaves as None."""
    if isinstance(structure, dict):
        return (type(structure), tuple((k, structure_key(structure[k], expand_composites))
                                       for k in sorted(structure)))
    if isinstance(structure, (list, tuple)):
        return (type(structure), tuple(structure_key(x, expand_composites) for x in structure))
    if expand_composites and _is_composite(structure):
        return (type(structure), len(structure._to_components()))
    return None
