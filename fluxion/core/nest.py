"""Nested structures (``tf.nest``): lists, tuples, namedtuples and dicts of leaves."""
from __future__ import annotations


def _is_namedtuple(x) -> bool:
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def is_nested(x) -> bool:
    return isinstance(x, (list, tuple, dict))


def flatten(structure, expand_composites=False) -> list:
    """Leaves of `structure` in order (dicts by sorted key, as TF does)."""
    if isinstance(structure, dict):
        return [leaf for k in sorted(structure) for leaf in flatten(structure[k])]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flatten(item)]
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


def structure_key(structure):
    """A hashable description of the nesting (types, lengths, dict keys), leaves as None."""
    if isinstance(structure, dict):
        return (type(structure), tuple((k, structure_key(structure[k])) for k in sorted(structure)))
    if isinstance(structure, (list, tuple)):
        return (type(structure), tuple(structure_key(x) for x in structure))
    return None
