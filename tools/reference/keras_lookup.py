"""Keras 3 reference snippets for the lookup and text preprocessing layers: StringLookup,
IntegerLookup, Hashing, Discretization, CategoryEncoding and TextVectorization (outputs for
fixed vocabularies, adapt ordering, special tokens, output modes, configs, errors)."""

_L = "L = tf.keras.layers\n"
_VOCAB = "vocab = ['a', 'b', 'c', 'd']\ndata = tf.constant([['a', 'c', 'd'], ['d', 'z', 'b']])\n"
_IVOCAB = "vocab = [12, 36, 1138, 42]\ndata = tf.constant([[12, 1138, 42], [42, 1000, 36]])\n"
_TEXT = ("texts = ['The cat sat on the mat.', 'The dog ate my homework!', "
         "'A cat, a dog; a bird?', 'the THE tHe cat']\n")


def _cfg(ctor: str) -> str:
    return f"config = tf.keras.layers.{ctor}.get_config()\nconfig.pop('name')\nresult = config"


SNIPPETS = {
    # --- StringLookup ----------------------------------------------------------------------
    "string_vocab_int": _L + _VOCAB + "result = L.StringLookup(vocabulary=vocab)(data)",
    "string_vocab_list_input": "result = tf.keras.layers.StringLookup(vocabulary=['a', 'b'])"
                               "(['b', 'q', 'a'])",
    "string_scalar_input": "result = tf.keras.layers.StringLookup(vocabulary=['a', 'b'])"
                           "(tf.constant('b'))",
    "string_get_vocabulary": _L + _VOCAB + (
        "layer = L.StringLookup(vocabulary=vocab, mask_token='[MASK]')\n"
        "result = [layer.get_vocabulary(), layer.get_vocabulary(include_special_tokens=False),"
        " layer.vocabulary_size()]"),
    "string_mask_token": _L + (
        "layer = L.StringLookup(vocabulary=['a', 'b'], mask_token='')\n"
        "result = layer(tf.constant([['a', ''], ['', 'q']]))"),
    "string_num_oov_2": _L + _VOCAB + (
        "result = L.StringLookup(vocabulary=vocab, num_oov_indices=2)"
        "(tf.constant(['a', 'z', 'hello', 'world', 'tensorflow', 'd', 'x']))"),
    "string_num_oov_0_ok": _L + "result = L.StringLookup(vocabulary=['a', 'b'], "
                                "num_oov_indices=0)(tf.constant(['b', 'a']))",
    "string_num_oov_0_error": _L + "L.StringLookup(vocabulary=['a', 'b'], num_oov_indices=0)"
                                   "(tf.constant(['b', 'q']))\nresult = 0",
    "string_vocab_with_special": _L + (
        "layer = L.StringLookup(vocabulary=['', '[UNK]', 'a', 'b'], mask_token='')\n"
        "result = [layer(tf.constant(['b', '', 'x'])), layer.get_vocabulary()]"),
    "string_one_hot": _L + _VOCAB + (
        "result = L.StringLookup(vocabulary=vocab, output_mode='one_hot')"
        "(tf.constant(['a', 'b', 'z']))"),
    "string_one_hot_column": _L + _VOCAB + (
        "result = L.StringLookup(vocabulary=vocab, output_mode='one_hot')"
        "(tf.constant([['a'], ['z']]))"),
    "string_multi_hot": _L + _VOCAB + (
        "result = L.StringLookup(vocabulary=vocab, output_mode='multi_hot')(data)"),
    "string_multi_hot_mask": _L + _VOCAB + (
        "result = L.StringLookup(vocabulary=vocab, output_mode='multi_hot', mask_token='')"
        "(tf.constant([['a', '', ''], ['d', 'z', '']]))"),
    "string_count": _L + (
        "result = L.StringLookup(vocabulary=['a', 'b'], output_mode='count')"
        "(tf.constant([['a', 'a', 'b', 'q'], ['q', 'q', 'b', 'b']]))"),
    "string_count_pad": _L + (
        "result = L.StringLookup(vocabulary=['a', 'b'], output_mode='count', max_tokens=6, "
        "pad_to_max_tokens=True)(tf.constant([['a', 'a', 'b', 'q']]))"),
    "string_tf_idf": _L + _VOCAB + (
        "layer = L.StringLookup(output_mode='tf_idf', vocabulary=vocab, "
        "idf_weights=[0.25, 0.75, 0.6, 0.4])\nresult = layer(data)"),
    "string_invert": _L + _VOCAB + (
        "result = L.StringLookup(vocabulary=vocab, invert=True)"
        "(tf.constant([[1, 3, 4], [4, 0, 2]]))"),
    "string_invert_mask": _L + (
        "result = L.StringLookup(vocabulary=['a', 'b'], invert=True, mask_token='[M]')"
        "(tf.constant([[0, 1, 2, 3, 9]]))"),
    "string_adapt_order": _L + (
        "layer = L.StringLookup()\n"
        "layer.adapt(tf.constant([['a', 'c', 'd'], ['d', 'z', 'b'], ['d', 'c', 'a'], "
        "['b', 'e', 'e']]))\nresult = [layer.get_vocabulary(), layer(tf.constant(['e', 'y']))]"),
    "string_adapt_ties": _L + (
        "layer = L.StringLookup()\nlayer.adapt(['b', 'a', 'c', 'B', 'aa', 'c'])\n"
        "result = layer.get_vocabulary()"),
    "string_adapt_max_tokens": _L + (
        "layer = L.StringLookup(max_tokens=3)\nlayer.adapt(['x', 'y', 'y', 'z', 'z', 'z'])\n"
        "result = [layer.get_vocabulary(), layer.vocabulary_size()]"),
    "string_adapt_drops_special": _L + (
        "layer = L.StringLookup(mask_token='', num_oov_indices=2)\n"
        "layer.adapt(['[UNK]', '', '', 'x', 'y', 'y'])\nresult = layer.get_vocabulary()"),
    "string_adapt_dataset": _L + (
        "ds = tf.data.Dataset.from_tensor_slices([['a', 'b'], ['b', 'c'], ['c', 'c']]).batch(2)"
        "\nlayer = L.StringLookup()\nlayer.adapt(ds)\nresult = layer.get_vocabulary()"),
    "string_adapt_tf_idf": _L + (
        "layer = L.StringLookup(output_mode='tf_idf')\n"
        "layer.adapt([['a', 'b', 'a'], ['a', 'c', 'd'], ['b', 'b', 'b']])\n"
        "result = [layer.get_vocabulary(), layer(tf.constant([['a', 'b', 'a'], "
        "['z', 'c', 'c']]))]"),
    "string_adapt_tf_idf_pad": _L + (
        "layer = L.StringLookup(output_mode='tf_idf', max_tokens=7, pad_to_max_tokens=True)\n"
        "layer.adapt([['a', 'b', 'a'], ['a', 'c', 'd']])\n"
        "result = layer(tf.constant([['a', 'q']]))"),
    "string_set_vocabulary": _L + (
        "layer = L.StringLookup()\nlayer.set_vocabulary(['x', 'y'])\n"
        "result = [layer(tf.constant(['y', 'x', 'w'])), layer.get_vocabulary()]"),
    "string_repeated_vocab": _L + "L.StringLookup(vocabulary=['a', 'b', 'a'])\nresult = 0",
    "string_mask_in_vocab": _L + "L.StringLookup(vocabulary=['a', ''], mask_token='')\n"
                                 "result = 0",
    "string_vocab_too_big": _L + "L.StringLookup(vocabulary=['a', 'b', 'c'], max_tokens=3)\n"
                                 "result = 0",
    "string_invert_multi_hot": _L + "L.StringLookup(invert=True, output_mode='multi_hot')\n"
                                    "result = 0",
    "string_bad_mode": _L + "L.StringLookup(output_mode='nope')\nresult = 0",
    "string_max_tokens_1": _L + "L.StringLookup(max_tokens=1)\nresult = 0",
    "string_adapt_after_vocab": _L + ("layer = L.StringLookup(vocabulary=['a'])\n"
                                      "layer.adapt(['b'])\nresult = 0"),
    "string_multi_hot_no_vocab": _L + ("L.StringLookup(output_mode='multi_hot')"
                                       "(tf.constant(['a']))\nresult = 0"),
    "string_config": _cfg("StringLookup(vocabulary=['a', 'b'], mask_token='')"),
    "string_config_adapted": _L + (
        "layer = L.StringLookup(output_mode='count')\nlayer.adapt(['a', 'b'])\n"
        "config = layer.get_config()\nconfig.pop('name')\nresult = config"),
    "string_round_trip": _L + (
        "layer = L.StringLookup(vocabulary=['a', 'b'], num_oov_indices=2, mask_token='m', "
        "output_mode='count')\nclone = L.StringLookup.from_config(layer.get_config())\n"
        "result = clone(tf.constant([['a', 'm', 'b', 'zz']]))"),
    "string_in_function": _L + (
        "layer = L.StringLookup(vocabulary=['a', 'b', 'c'])\n"
        "f = tf.function(lambda x: layer(x))\n"
        "result = [f(tf.constant(['c', 'q'])), f(tf.constant([['a'], ['b']]))]"),
    "string_in_dataset_map": _L + (
        "layer = L.StringLookup(vocabulary=['a', 'b', 'c'], output_mode='multi_hot')\n"
        "ds = tf.data.Dataset.from_tensor_slices([['a', 'b'], ['c', 'x']]).batch(2).map(layer)"
        "\nresult = [x for x in ds]"),
    "string_functional_shape": _L + (
        "inp = tf.keras.Input(shape=(3,), dtype='string')\n"
        "out2 = L.StringLookup(vocabulary=['a', 'b'])(inp)\n"
        "result = [list(out2.shape), out2.dtype]"),
    # --- IntegerLookup ---------------------------------------------------------------------
    "int_vocab": _L + _IVOCAB + "result = L.IntegerLookup(vocabulary=vocab)(data)",
    "int_int32_input": _L + _IVOCAB + (
        "result = L.IntegerLookup(vocabulary=vocab)(tf.constant([12, 7], tf.int32))"),
    "int_mask": _L + _IVOCAB + (
        "layer = L.IntegerLookup(vocabulary=vocab, mask_token=0)\n"
        "result = [layer(tf.constant([[12, 0, 5]])), layer.get_vocabulary()]"),
    "int_num_oov_floormod": _L + _IVOCAB + (
        "result = L.IntegerLookup(vocabulary=vocab, num_oov_indices=3)"
        "(tf.constant([12, 7, 8, 9, -5, 1000]))"),
    "int_num_oov_farmhash": _L + _IVOCAB + (
        "result = L.IntegerLookup(vocabulary=vocab, num_oov_indices=3, oov_method='farmhash')"
        "(tf.constant([12, 7, 8, 9, -5, 1000]))"),
    "int_invert": _L + _IVOCAB + (
        "result = L.IntegerLookup(vocabulary=vocab, invert=True)(tf.constant([[1, 3, 0, 9]]))"),
    "int_multi_hot": _L + _IVOCAB + (
        "result = L.IntegerLookup(vocabulary=vocab, output_mode='multi_hot')(data)"),
    "int_adapt": _L + (
        "layer = L.IntegerLookup()\nlayer.adapt(tf.constant([[12, 1138, 42], [42, 1000, 36], "
        "[36, 21, 42]]))\nresult = [layer.get_vocabulary(), layer(tf.constant([42, 5]))]"),
    "int_adapt_ties": _L + ("layer = L.IntegerLookup()\nlayer.adapt([3, 1, 2, 10, -1, 3])\n"
                            "result = layer.get_vocabulary()"),
    "int_config": _cfg("IntegerLookup(vocabulary=[3, 4], mask_token=0)"),
    "int_bad_vocab_dtype": _L + "L.IntegerLookup(vocabulary_dtype='int32')\nresult = 0",
    # --- Hashing --------------------------------------------------------------------------
    "hashing_strings": _L + "result = L.Hashing(num_bins=3)(tf.constant([['A'], ['B'], ['C'], "
                            "['D'], ['E']]))",
    "hashing_many_bins": _L + "result = L.Hashing(num_bins=1000)(tf.constant(['hello', "
                              "'world', '', 'a much longer string used for hashing tests']))",
    "hashing_ints": _L + "result = L.Hashing(num_bins=7)(tf.constant([[1, 2, 3], [-4, 0, "
                         "123456789]]))",
    "hashing_int64": _L + "result = L.Hashing(num_bins=5)(tf.constant([10, 20], tf.int64))",
    "hashing_floats": _L + "result = L.Hashing(num_bins=5)(tf.constant([1.7, -2.2, 3.0]))",
    "hashing_mask": _L + "result = L.Hashing(num_bins=3, mask_value='')(tf.constant(['A', "
                         "'B', '', 'C', 'D']))",
    "hashing_salt": _L + "result = L.Hashing(num_bins=3, salt=133)(tf.constant(['A', 'B', "
                         "'C', 'D', 'E']))",
    "hashing_salt_pair": _L + "result = L.Hashing(num_bins=100, salt=[7, 99])(tf.constant("
                              "['hello', 'a longer string of more than 16 bytes!', '']))",
    "hashing_int32_dtype": _L + "result = L.Hashing(num_bins=3, dtype='int32')"
                                "(tf.constant(['A', 'B']))",
    "hashing_one_hot": _L + "result = L.Hashing(num_bins=4, output_mode='one_hot')"
                            "(tf.constant([['A'], ['B'], ['C']]))",
    "hashing_multi_hot": _L + "result = L.Hashing(num_bins=4, output_mode='multi_hot')"
                              "(tf.constant([['A', 'B'], ['C', 'C']]))",
    "hashing_count": _L + "result = L.Hashing(num_bins=4, output_mode='count')"
                          "(tf.constant([['A', 'B', 'A'], ['C', 'C', 'D']]))",
    "hashing_config": _cfg("Hashing(num_bins=3, salt=5, mask_value='')"),
    "hashing_bad_bins": _L + "L.Hashing(num_bins=0)\nresult = 0",
    "hashing_float_dtype_int_mode": _L + "L.Hashing(num_bins=3, dtype='float32')\nresult = 0",
    # --- Discretization -------------------------------------------------------------------
    "disc_boundaries": _L + (
        "result = L.Discretization(bin_boundaries=[0., 1., 2.])(np.array([[-1.5, 1.0, 3.4, "
        "0.5], [0.0, 3.0, 1.3, 0.0]]))"),
    "disc_one_hot": _L + "result = L.Discretization(bin_boundaries=[0., 1.], "
                         "output_mode='one_hot')(np.array([-1., 0.5, 2.]))",
    "disc_multi_hot": _L + "result = L.Discretization(bin_boundaries=[0., 1.], "
                           "output_mode='multi_hot')(np.array([[-1., 0.5], [2., 2.]]))",
    "disc_count": _L + "result = L.Discretization(bin_boundaries=[0., 1.], "
                       "output_mode='count')(np.array([[-1., 0.5, 3.], [2., 2., 2.]]))",
    "disc_adapt": _L + (
        "layer = L.Discretization(num_bins=4, epsilon=0.01)\n"
        "layer.adapt(np.array([[-1.5, 1.0, 3.4, 0.5], [0.0, 3.0, 1.3, 0.0]]))\n"
        "result = [layer.bin_boundaries, layer(np.array([[0.2, 3.5]]))]"),
    "disc_adapt_large": _L + (
        "layer = L.Discretization(num_bins=5)\n"
        "layer.adapt(np.sin(np.arange(1000) * 0.37) * 10)\nresult = layer.bin_boundaries"),
    "disc_adapt_dataset": _L + (
        "layer = L.Discretization(num_bins=3, epsilon=0.1)\n"
        "layer.adapt(tf.data.Dataset.from_tensor_slices(np.arange(60.) % 17).batch(8))\n"
        "result = layer.bin_boundaries"),
    "disc_config": _cfg("Discretization(bin_boundaries=[0.5, 1.5])"),
    "disc_both_args": _L + "L.Discretization(bin_boundaries=[1.], num_bins=2)\nresult = 0",
    "disc_no_args": _L + "L.Discretization()\nresult = 0",
    # --- CategoryEncoding -----------------------------------------------------------------
    "cat_one_hot": _L + "result = L.CategoryEncoding(num_tokens=4, output_mode='one_hot')"
                        "(np.array([3, 2, 0, 1]))",
    "cat_one_hot_column": _L + "result = L.CategoryEncoding(num_tokens=4, "
                               "output_mode='one_hot')(np.array([[3], [2]]))",
    "cat_multi_hot": _L + "result = L.CategoryEncoding(num_tokens=4, output_mode='multi_hot')"
                          "(np.array([[0, 1], [0, 0], [1, 2], [3, 1]]))",
    "cat_multi_hot_1d": _L + "result = L.CategoryEncoding(num_tokens=4)(np.array([0, 3, 3]))",
    "cat_count_weights": _L + (
        "result = L.CategoryEncoding(num_tokens=4, output_mode='count')(np.array([[0, 1], "
        "[0, 0], [1, 2], [3, 1]]), count_weights=np.array([[.1, .2], [.1, .1], [.2, .3], "
        "[.4, .2]]))"),
    "cat_count_int": _L + "result = L.CategoryEncoding(num_tokens=3, output_mode='count')"
                          "(tf.constant([[0, 1, 1], [2, 2, 2]]))",
    "cat_count_rank3": _L + "result = L.CategoryEncoding(num_tokens=3, output_mode='count')"
                            "(np.array([[[0, 1], [1, 1]], [[2, 0], [2, 2]]]))",
    "cat_config": _cfg("CategoryEncoding(num_tokens=5, output_mode='count')"),
    "cat_no_tokens": _L + "L.CategoryEncoding()\nresult = 0",
    "cat_weights_not_count": _L + ("L.CategoryEncoding(num_tokens=3)(np.array([0]), "
                                   "count_weights=np.array([1.]))\nresult = 0"),
    # --- TextVectorization ----------------------------------------------------------------
    "tv_adapt_int": _L + _TEXT + (
        "layer = L.TextVectorization()\nlayer.adapt(texts)\n"
        "result = [layer.get_vocabulary(), layer(texts), layer.vocabulary_size()]"),
    "tv_sequence_length": _L + _TEXT + (
        "layer = L.TextVectorization(max_tokens=6, output_sequence_length=4)\n"
        "layer.adapt(texts)\nresult = [layer.get_vocabulary(), layer(texts)]"),
    "tv_sequence_length_long": _L + _TEXT + (
        "layer = L.TextVectorization(output_sequence_length=9)\nlayer.adapt(texts)\n"
        "result = layer(tf.constant([['the cat'], ['']]))"),
    "tv_vocabulary": _L + (
        "layer = L.TextVectorization(vocabulary=['earth', 'wind', 'and', 'fire'])\n"
        "result = [layer(tf.constant(['Earth, wind and FIRE!', 'water and earth'])), "
        "layer.get_vocabulary()]"),
    "tv_standardize_lower": _L + (
        "layer = L.TextVectorization(standardize='lower', vocabulary=['a.', 'b'])\n"
        "result = layer(tf.constant(['A. b', 'a b.']))"),
    "tv_standardize_strip": _L + (
        "layer = L.TextVectorization(standardize='strip_punctuation', vocabulary=['A', 'b'])\n"
        "result = layer(tf.constant(['A. b', 'a b.']))"),
    "tv_standardize_none": _L + (
        "layer = L.TextVectorization(standardize=None, vocabulary=['A.', 'b'])\n"
        "result = layer(tf.constant(['A. b', 'a b.']))"),
    "tv_split_character": _L + (
        "layer = L.TextVectorization(split='character')\nlayer.adapt(['héllo wörld', 'hi'])\n"
        "result = [layer.get_vocabulary(), layer(tf.constant(['hé', 'w!']))]"),
    "tv_split_none": _L + (
        "layer = L.TextVectorization(split=None)\nlayer.adapt(['New York', 'Paris', 'paris', "
        "'Rome'])\nresult = [layer.get_vocabulary(), layer(tf.constant([['new york'], "
        "['PARIS'], ['x']]))]"),
    "tv_ngrams": _L + (
        "layer = L.TextVectorization(ngrams=2)\nlayer.adapt(['a b c', 'b c d'])\n"
        "result = [layer.get_vocabulary(), layer(tf.constant(['a b c d', 'c']))]"),
    "tv_ngrams_tuple": _L + (
        "layer = L.TextVectorization(ngrams=(1, 3), output_mode='count')\n"
        "layer.adapt(['a b c d', 'b c d'])\n"
        "result = [layer.get_vocabulary(), layer(tf.constant(['b c d a', 'z']))]"),
    "tv_multi_hot": _L + _TEXT + (
        "layer = L.TextVectorization(max_tokens=8, output_mode='multi_hot')\n"
        "layer.adapt(texts)\nresult = [layer.get_vocabulary(), layer(texts)]"),
    "tv_count_pad": _L + _TEXT + (
        "layer = L.TextVectorization(max_tokens=12, output_mode='count', "
        "pad_to_max_tokens=True)\nlayer.adapt(texts)\nresult = layer(texts)"),
    "tv_tf_idf": _L + _TEXT + (
        "layer = L.TextVectorization(output_mode='tf_idf')\nlayer.adapt(texts)\n"
        "result = [layer.get_vocabulary(), layer(texts)]"),
    "tv_tf_idf_vocab": _L + (
        "layer = L.TextVectorization(output_mode='tf_idf', vocabulary=['a', 'b'], "
        "idf_weights=[0.5, 0.25])\nresult = layer(tf.constant(['a b b c']))"),
    "tv_adapt_dataset": _L + _TEXT + (
        "layer = L.TextVectorization(max_tokens=10)\n"
        "layer.adapt(tf.data.Dataset.from_tensor_slices(texts).batch(3))\n"
        "result = layer.get_vocabulary()"),
    "tv_adapt_numpy": _L + _TEXT + (
        "layer = L.TextVectorization()\nlayer.adapt(np.array(texts))\n"
        "result = layer.get_vocabulary()"),
    "tv_adapt_tf_idf_dataset": _L + _TEXT + (
        "layer = L.TextVectorization(output_mode='tf_idf')\n"
        "layer.adapt(tf.data.Dataset.from_tensor_slices(texts).batch(2))\n"
        "result = layer(tf.constant(['the cat']))"),
    "tv_column_input": _L + _TEXT + (
        "layer = L.TextVectorization()\nlayer.adapt(texts)\n"
        "result = layer(tf.constant([['the dog'], ['a bird']]))"),
    "tv_bad_rank": _L + ("layer = L.TextVectorization(vocabulary=['a'])\n"
                         "layer(tf.constant([['a', 'b']]))\nresult = 0"),
    "tv_config": _cfg("TextVectorization(max_tokens=100, output_sequence_length=5, "
                      "ngrams=2, vocabulary=['x', 'y'])"),
    "tv_config_adapted": _L + _TEXT + (
        "layer = L.TextVectorization(output_mode='multi_hot')\nlayer.adapt(texts)\n"
        "config = layer.get_config()\nconfig.pop('name')\nresult = config"),
    "tv_bad_standardize": _L + "L.TextVectorization(standardize='upper')\nresult = 0",
    "tv_sequence_length_not_int": _L + ("L.TextVectorization(output_mode='count', "
                                        "output_sequence_length=3)\nresult = 0"),
    "tv_bad_ngrams": _L + "L.TextVectorization(ngrams='2')\nresult = 0",
    "tv_in_function": _L + _TEXT + (
        "layer = L.TextVectorization(output_sequence_length=5)\nlayer.adapt(texts)\n"
        "f = tf.function(lambda x: layer(x))\n"
        "result = [f(tf.constant(['the cat sat'])), f(tf.constant(['a', 'dog ate the bird']))]"),
    "tv_in_dataset_map": _L + _TEXT + (
        "layer = L.TextVectorization()\nlayer.adapt(texts)\n"
        "ds = tf.data.Dataset.from_tensor_slices(texts).batch(2).map(layer)\n"
        "result = [x for x in ds]"),
    "tv_functional_shape": _L + _TEXT + (
        "layer = L.TextVectorization(output_sequence_length=7)\nlayer.adapt(texts)\n"
        "inp = tf.keras.Input(shape=(1,), dtype='string')\nout = layer(inp)\n"
        "result = [list(out.shape), out.dtype]"),
}

SNIPPETS.update({
    "string_one_hot_mask": _L + (
        "result = L.StringLookup(vocabulary=['a', 'b'], output_mode='one_hot', mask_token='')"
        "(tf.constant(['a', '', 'z']))"),
    "string_vocab_numpy": _L + (
        "layer = L.StringLookup(vocabulary=np.array(['x', 'y']))\n"
        "result = [layer(tf.constant(['y', 'x'])), layer.get_config()['vocabulary']]"),
    "string_vocab_tensor": _L + (
        "layer = L.StringLookup(vocabulary=tf.constant(['x', 'y']))\n"
        "result = [layer(tf.constant(['y', 'q'])), layer.get_vocabulary()]"),
    "string_salt": _L + _VOCAB + (
        "result = L.StringLookup(vocabulary=vocab, num_oov_indices=3, salt=17)"
        "(tf.constant(['a', 'z', 'hello', 'world', 'tensorflow']))"),
    "string_size_before_adapt": _L + (
        "result = [L.StringLookup().vocabulary_size(), L.StringLookup(mask_token='')"
        ".get_vocabulary()]"),
    "int_mask_multi_hot": _L + (
        "result = L.IntegerLookup(vocabulary=[1, 2], mask_token=0, output_mode='multi_hot')"
        "(tf.constant([[1, 0, 2], [0, 0, 5]]))"),
    "int_invert_mask": _L + (
        "result = L.IntegerLookup(vocabulary=[7, 8], mask_token=0, invert=True)"
        "(tf.constant([0, 1, 2, 3, 4]))"),
    "int_salt_farmhash": _L + (
        "result = L.IntegerLookup(vocabulary=[7, 8], num_oov_indices=4, oov_method='farmhash',"
        " salt=[3, 4])(tf.constant([7, 1, 2, 3, 1000]))"),
    "int_salt_floormod_error": _L + "L.IntegerLookup(salt=3)\nresult = 0",
    "hashing_mask_int": _L + "result = L.Hashing(num_bins=4, mask_value=0)(tf.constant([[0, "
                             "1], [2, 0]]))",
    "hashing_scalar": _L + "result = L.Hashing(num_bins=10)(tf.constant('a'))",
    "cat_one_hot_rank2": _L + "result = L.CategoryEncoding(num_tokens=4, "
                              "output_mode='one_hot')(np.array([[0, 3], [2, 1]]))",
    "cat_multi_hot_scalar": _L + "result = L.CategoryEncoding(num_tokens=3)(np.array(2))",
    "disc_int_input": _L + "result = L.Discretization(bin_boundaries=[1., 5.])"
                           "(tf.constant([0, 1, 5, 9]))",
    "tv_multi_hot_pad": _L + _TEXT + (
        "layer = L.TextVectorization(max_tokens=10, output_mode='multi_hot', "
        "pad_to_max_tokens=True)\nlayer.adapt(texts)\nresult = layer(tf.constant(['the cat "
        "x']))"),
    "tv_tf_idf_pad": _L + _TEXT + (
        "layer = L.TextVectorization(max_tokens=12, output_mode='tf_idf', "
        "pad_to_max_tokens=True)\nlayer.adapt(texts)\nresult = layer(tf.constant(['the cat "
        "x']))"),
    "tv_vocabulary_no_special": _L + _TEXT + (
        "layer = L.TextVectorization(max_tokens=5)\nlayer.adapt(texts)\n"
        "result = layer.get_vocabulary(include_special_tokens=False)"),
    "tv_empty_strings": _L + _TEXT + (
        "layer = L.TextVectorization()\nlayer.adapt(texts)\n"
        "result = layer(tf.constant(['', ' ', '!!']))"),
    "tv_unicode_lower": _L + (
        "layer = L.TextVectorization(vocabulary=['émile', 'zoë'])\n"
        "result = layer(tf.constant(['Émile ZOË zoë émile']))"),
    "tv_no_vocab_int": _L + "result = L.TextVectorization()(tf.constant(['a b']))",
})

SNIPPETS.update({
    "tv_scalar_input": _L + (
        "layer = L.TextVectorization(vocabulary=['a', 'b'])\n"
        "layer2 = L.TextVectorization(vocabulary=['a', 'b'], output_sequence_length=4)\n"
        "result = [layer(tf.constant('a b c')), layer2(tf.constant('b a'))]"),
    "tv_split_none_sequence_length": _L + (
        "layer = L.TextVectorization(split=None, output_sequence_length=3, vocabulary=['a'])\n"
        "result = layer(tf.constant([['a'], ['b']]))"),
    "tv_split_none_multi_hot": _L + (
        "layer = L.TextVectorization(split=None, output_mode='multi_hot', vocabulary=['a b', "
        "'c'])\nresult = layer(tf.constant([['A B'], ['c'], ['d']]))"),
    "int_vocab_with_oov": _L + (
        "layer = L.IntegerLookup(vocabulary=[-1, 5, 6])\n"
        "result = [layer(tf.constant([6, 5, 7])), layer.get_vocabulary()]"),
    "string_adapt_mask_tf_idf": _L + (
        "layer = L.StringLookup(output_mode='tf_idf', mask_token='')\n"
        "layer.adapt([['a', 'b', ''], ['a', '', '']])\n"
        "result = [layer.get_vocabulary(), layer(tf.constant([['a', '', 'b']]))]"),
    "string_adapt_rank1_dataset_tf_idf": _L + (
        "layer = L.StringLookup(output_mode='tf_idf')\n"
        "layer.adapt(tf.data.Dataset.from_tensor_slices(['a', 'b', 'a', 'c']).batch(2))\n"
        "result = layer(tf.constant([['a', 'c']]))"),
})

SNIPPETS.update({
    "tv_adapt_unbatched_tf_idf": _L + (
        "layer = L.TextVectorization(output_mode='tf_idf')\n"
        "layer.adapt(tf.data.Dataset.from_tensor_slices(['a b', '', 'b c b']))\n"
        "result = [layer.get_vocabulary(), layer(tf.constant(['a b', 'c']))]"),
    "tv_adapt_empty": _L + (
        "layer = L.TextVectorization()\nlayer.adapt(['', ' '])\n"
        "result = [layer.get_vocabulary(), layer.vocabulary_size()]"),
})

SNIPPETS.update({
    "sparse_string_multi_hot": _L + (
        "r = L.StringLookup(vocabulary=['a', 'b'], output_mode='multi_hot', sparse=True)"
        "(tf.constant([['a', 'z'], ['b', 'b']]))\n"
        "result = [r.indices, r.values, r.dense_shape]"),
    "sparse_category_count": _L + (
        "r = L.CategoryEncoding(num_tokens=3, output_mode='count', sparse=True)"
        "(tf.constant([[0, 1, 1], [2, 2, 0]]))\nresult = [r.indices, r.values, r.dense_shape]"),
    "sparse_hashing_one_hot": _L + (
        "r = L.Hashing(num_bins=3, output_mode='one_hot', sparse=True)(tf.constant(['a', 'b']))"
        "\nresult = [r.indices, r.values, r.dense_shape]"),
    "sparse_tf_idf_fails": _L + (
        "L.StringLookup(vocabulary=['a', 'b'], output_mode='tf_idf', idf_weights=[.5, .25], "
        "sparse=True)(tf.constant([['a', 'z']]))\nresult = 0"),
})
