"""Keras 3 reference snippets for ``keras.tree`` (its optree rules: sorted dict keys, None a
leaf, strict node types in multi-structure maps) and the small top-level names of ``keras``
(version, name_scope, device, InputSpec, Initializer, Regularizer, KerasTensor)."""

T = "tf.keras.tree"
_NT = "import collections\nP = collections.namedtuple('P', 'x y')\n"

SNIPPETS = {
    "flatten_dict_sorted": f"{T}.flatten({{'b': [1, None], 'a': (2, 3)}})",
    "flatten_none": f"{T}.flatten(None)",
    "flatten_single_list": f"{T}.flatten([None])",
    "flatten_scalar": f"{T}.flatten(5)",
    "flatten_empty": f"[{T}.flatten([]), {T}.flatten([[]]), {T}.flatten({{}})]",
    "flatten_int_keys": f"{T}.flatten({{1: 'a', 0: 'b'}})",
    "flatten_ordered_dict": ("import collections\n"
                             f"result = {T}.flatten(collections.OrderedDict([('b', 1), "
                             "('a', 2)]))"),
    "flatten_namedtuple": _NT + f"result = {T}.flatten(P(y=1, x=2))",
    "flatten_deque": ("import collections\n"
                      f"result = {T}.flatten(collections.deque([1, [2, 3]]))"),
    "flatten_tensors": f"{T}.flatten({{'x': tf.constant([1.0, 2.0]), 'y': [tf.constant(3)]}})",
    "flatten_with_path": f"{T}.flatten_with_path({{'a': [1, {{'c': 2}}], 'b': None}})",
    "map_structure_dict_order": f"list({T}.map_structure(lambda x: x * 2, "
                                "{'b': 1, 'a': 2}).items())",
    "map_structure_two": f"{T}.map_structure(lambda x, y: x + y, [1, (2, 3)], [10, (20, 30)])",
    "map_structure_list_vs_tuple": f"{T}.map_structure(lambda x, y: x + y, [1, 2], (1, 2))",
    "map_structure_arity": f"{T}.map_structure(lambda x, y: x + y, [1, 2], [1, 2, 3])",
    "map_structure_depth": f"{T}.map_structure(lambda x, y: x + y, [1, [2]], [1, 2])",
    "map_structure_leaf_vs_node": f"{T}.map_structure(lambda x, y: x, [1, 2], [1, [2]])",
    "map_structure_keys": f"{T}.map_structure(lambda x, y: x, {{'a': 1}}, {{'b': 1}})",
    "map_structure_none_not_leaf": f"{T}.map_structure(lambda x: 1, [None, 2], "
                                   "none_is_leaf=False)",
    "map_structure_none_top": f"{T}.map_structure(lambda x: 1, None, none_is_leaf=False)",
    "map_structure_none_leaf": f"{T}.map_structure(lambda x: x is None, [None, 2])",
    "map_structure_namedtuple": _NT + f"result = list({T}.map_structure(lambda v: v * 2, "
                                      "P(1, 2)))",
    "map_structure_namedtuple_vs_tuple": _NT + f"result = {T}.map_structure(lambda a, b: a, "
                                               "P(1, 2), (1, 2))",
    "map_structure_ordered_vs_dict": ("import collections\n"
                                      f"r = {T}.map_structure(lambda x, y: x + y, "
                                      "collections.OrderedDict([('b', 1), ('a', 2)]), "
                                      "{'a': 10, 'b': 20})\n"
                                      "result = [type(r).__name__, list(r.items())]"),
    "map_structure_not_callable": f"{T}.map_structure(1, [1])",
    "map_structure_no_structures": f"{T}.map_structure(lambda x: x)",
    "map_structure_tensor": f"{T}.map_structure(lambda t: t * 2, [tf.constant([1.0, 2.0])])",
    "map_structure_up_to": f"{T}.map_structure_up_to([1, [2, 3]], lambda a, b: (a, b), "
                           "[10, [20, 30]], [[1, 2], [3, [4]]])",
    "map_structure_up_to_short": f"{T}.map_structure_up_to([1, 2], lambda a: a, [1])",
    "map_structure_up_to_dict": f"{T}.map_structure_up_to({{'a': 0, 'b': 0}}, len, "
                                "{'a': [1, 2], 'b': (3,)})",
    "pack_sequence_as": f"{T}.pack_sequence_as([1, (2, 3), {{'b': 4, 'a': 5}}], "
                        "[10, 20, 30, 40, 50])",
    "pack_sequence_as_dict_order": f"list({T}.pack_sequence_as({{'b': 1, 'a': 2}}, "
                                   "[10, 20]).items())",
    "pack_sequence_as_few": f"{T}.pack_sequence_as([1, (2, 3)], [4, 5])",
    "pack_sequence_as_many": f"{T}.pack_sequence_as([1, (2, 3)], [4, 5, 6, 7])",
    "pack_sequence_as_scalar": f"{T}.pack_sequence_as(5, [10])",
    "pack_sequence_as_not_list": f"{T}.pack_sequence_as(5, 10)",
    "pack_sequence_as_none": f"{T}.pack_sequence_as([None, 1], ['a', 'b'])",
    "assert_same_structure_ok": f"{T}.assert_same_structure([1, (2, 3)], [4, (5, 6)])",
    "assert_same_structure_types": f"{T}.assert_same_structure([1, 2], (1, 2))",
    "assert_same_structure_depth": f"{T}.assert_same_structure([1, [2]], [1, 2])",
    "assert_same_structure_leaf": f"{T}.assert_same_structure([1, 2], [1, [2]])",
    "assert_same_paths_ok": f"{T}.assert_same_paths([1, 2], (3, 4))",
    "assert_same_paths_bad": f"{T}.assert_same_paths([1, 2], (3, 4, 5))",
    "is_nested": f"[{T}.is_nested(x) for x in ([], None, 'ab', {{}}, (1,), 3, "
                 "tf.constant([1, 2]))]",
    "lists_to_tuples": f"{T}.lists_to_tuples([1, [2, {{'a': [3]}}]])",
    "traverse_none": f"{T}.traverse(lambda x: None, [1, [2]])",
    "traverse_replace_leaves": f"{T}.traverse(lambda x: x * 10 if isinstance(x, int) else "
                               "None, [1, [2, (3,)]])",
    "traverse_map_to_none": f"{T}.traverse(lambda x: {T}.MAP_TO_NONE if isinstance(x, list) "
                            "and len(x) == 1 else None, [1, [2]])",
    "traverse_bottom_up": f"{T}.traverse(lambda x: 'leaf' if not isinstance(x, (list, tuple)) "
                          "else None, [1, [2]], top_down=False)",
    "traverse_bottom_up_sizes": f"{T}.traverse(lambda x: len(x) if isinstance(x, list) else "
                                "None, [1, [2, 3]], top_down=False)",
    "traverse_top_down_stops": f"{T}.traverse(lambda x: 'node' if isinstance(x, list) and "
                               "len(x) == 2 else None, (1, [2, [3]], [4, 5]))",
    "map_shape_structure": f"{T}.map_shape_structure(lambda s: len(s), [(1, None), "
                           "{'a': (2,)}, [3, 4]])",
    "map_shape_structure_leaf_int": f"{T}.map_shape_structure(lambda s: len(s), [(1, None), "
                                    "[3, [4, 5]]])",
    # --- top-level names ---------------------------------------------------------------------
    "version": "tf.keras.version()",
    "input_spec_shape": "s = tf.keras.InputSpec(shape=[None, 3], name='x')\n"
                        "result = [repr(s), s.get_config(), s.ndim]",
    "input_spec_axes": "s = tf.keras.InputSpec(ndim=2, axes={-1: 3}, dtype='float32')\n"
                       "result = [repr(s), s.get_config()]",
    "input_spec_bad_axis": "tf.keras.InputSpec(ndim=2, axes={2: 3})",
    "input_spec_bad_axes_keys": "tf.keras.InputSpec(axes={'a': 3})",
    "input_spec_round_trip": "s = tf.keras.InputSpec.from_config(tf.keras.InputSpec("
                             "min_ndim=2, max_ndim=4).get_config())\n"
                             "result = [repr(s), s.min_ndim, s.max_ndim]",
    "name_scope_name": "with tf.keras.name_scope('blk') as scope:\n    result = scope.name",
    "name_scope_slash": "tf.keras.name_scope('a/b')",
    "name_scope_not_str": "tf.keras.name_scope(3)",
    "device_cpu": "with tf.keras.device('cpu:0'):\n    x = tf.ones((2,))\n"
                  "result = 'CPU' in x.device",
    "initializer_base": "[isinstance(tf.keras.initializers.GlorotUniform(), "
                        "tf.keras.Initializer), tf.keras.Initializer.__name__]",
    "regularizer_base": "[isinstance(tf.keras.regularizers.L2(), tf.keras.Regularizer), "
                        "tf.keras.Regularizer.__name__]",
    "keras_tensor": "x = tf.keras.Input((3,))\n"
                    "result = [isinstance(x, tf.keras.KerasTensor), "
                    "tf.keras.KerasTensor.__name__]",
}
