"""Keras 3 reference snippets for `keras.utils.FeatureSpace`: adapted outputs on fixed small
data (column order of features and crosses in concat mode), dict-mode shapes and dtypes,
single examples, `Dataset.map`, functional inputs/outputs, configs and errors."""

_FS = "FS = tf.keras.utils.FeatureSpace\n"
_DATA = _FS + (
    "data = {'f': np.array([0., 1., 2., 3., 4., 5.], 'float32'),\n"
    "        's': np.array(['a', 'b', 'a', 'c', 'b', 'a']),\n"
    "        'i': np.array([1, 2, 3, 1, 2, 7], 'int64'),\n"
    "        'g': np.array([0.5, 1.5, 2.5, 3.5, 0.1, 9.], 'float32')}\n"
    "ds = tf.data.Dataset.from_tensor_slices(data)\n")
_CONCAT = _DATA + (
    "fs = FS(features={'s': 'string_categorical', 'i': 'integer_categorical',\n"
    "                  'f': 'float_normalized'}, crosses=[('s', 'i')], crossing_dim=4,\n"
    "        output_mode='concat', name='fs_concat')\n"
    "fs.adapt(ds)\n"
    "data.pop('g')\n")
_DICT = _DATA + (
    "fs = FS(features={'s': FS.string_categorical(output_mode='int'), 'i': 'integer_hashed',\n"
    "                  'f': 'float', 'g': FS.float_discretized(3, output_mode='int')},\n"
    "        crosses=[FS.cross(('s', 'i'), 8, output_mode='int')], output_mode='dict',\n"
    "        name='fs_dict')\n"
    "fs.adapt(ds.batch(2))\n")
_ALL_TYPES = _DATA + (
    "fs = FS(features={'f': 'float', 'g': 'float_rescaled', 'n': 'float_normalized',\n"
    "                  'd': 'float_discretized', 'i': 'integer_categorical',\n"
    "                  's': 'string_categorical', 'ih': 'integer_hashed', 'sh': 'string_hashed'},\n"
    "        hashing_dim=5, num_discretization_bins=3, name='fs_all')\n"
    "all_data = {'f': data['f'], 'g': data['g'], 'n': data['g'], 'd': data['f'],\n"
    "            'i': data['i'], 's': data['s'], 'ih': data['i'], 'sh': data['s']}\n"
    "fs.adapt(tf.data.Dataset.from_tensor_slices(all_data))\n")


def _err(code: str) -> str:
    return _DATA + code + "\nresult = 0"


SNIPPETS = {
    # --- concat mode: values and column order ----------------------------------------------
    "concat_batched": _CONCAT + "result = fs(data)",
    "concat_single_example": _CONCAT + "result = fs({k: v[3] for k, v in data.items()})",
    "concat_list_input": _CONCAT + "result = fs({'f': [1.5, 2.], 's': ['c', 'zz'], 'i': [7, 9]})",
    "concat_extra_key_error": _CONCAT + "data['g'] = data['f']\nfs(data)\nresult = 0",
    "concat_2d_input": _CONCAT + "result = fs({k: v.reshape(-1, 1) for k, v in data.items()})",
    "concat_encoded_shape": _CONCAT + (
        "enc = fs.get_encoded_features()\nresult = [list(enc.shape), enc.dtype]"),
    "concat_inputs": _CONCAT + (
        "ins = fs.get_inputs()\n"
        "result = {k: [list(v.shape), v.dtype] for k, v in ins.items()}"),
    "concat_unbatched_adapt_equals_batched": _CONCAT + (
        "fs2 = FS(features={'s': 'string_categorical', 'i': 'integer_categorical',\n"
        "                   'f': 'float_normalized'}, crosses=[('s', 'i')], crossing_dim=4,\n"
        "         name='fs_concat2')\n"
        "fs2.adapt(ds.batch(4))\n"
        "result = fs2(data)"),
    "all_types_concat": _ALL_TYPES + "result = fs(all_data)",
    "all_types_encoded_shape": _ALL_TYPES + (
        "result = list(fs.get_encoded_features().shape)"),
    "discretized_boundaries_adapt_error": _DATA + (
        "fs = FS(features={'f': FS.float_discretized(None, bin_boundaries=[1., 3.]),\n"
        "                  'g': FS.float_rescaled(scale=2., offset=-1.)}, name='fs_b',\n"
        "        output_mode='dict')\n"
        "fs.adapt({'f': data['f'], 'g': data['g']})\n"
        "result = fs({'f': data['f'], 'g': data['g']})"),
    "discretized_boundaries_not_adapted": _DATA + (
        "fs = FS(features={'f': FS.float_discretized(None, bin_boundaries=[1., 3.])},\n"
        "        output_mode='dict', name='fs_b2')\n"
        "result = fs({'f': data['f']})"),
    "custom_max_tokens": _DATA + (
        "fs = FS(features={'s': FS.string_categorical(max_tokens=3, num_oov_indices=2),\n"
        "                  'i': FS.integer_categorical(max_tokens=3)}, name='fs_mt')\n"
        "fs.adapt(ds)\nresult = fs({'s': data['s'], 'i': data['i']})"),
    "no_adapt_needed": _FS + (
        "fs = FS(features={'a': 'float', 'b': FS.float_rescaled(2., 1.)}, name='fs_na')\n"
        "result = [fs({'a': [1., 2.], 'b': [3., 4.]}), fs({'a': 1., 'b': 3.})]"),
    "map_over_dataset": _CONCAT + (
        "lab = tf.data.Dataset.from_tensor_slices((data, np.arange(6))).batch(4)\n"
        "lab = lab.map(lambda x, y: (fs(x), y), num_parallel_calls=tf.data.AUTOTUNE)\n"
        "result = [x for x, y in lab]"),
    "map_unbatched": _CONCAT + (
        "ds3 = tf.data.Dataset.from_tensor_slices(data)\n"
        "result = [x for x in ds3.map(fs).take(2)]"),
    "discretized_no_cardinality_error": _err(
        "FS(features={'f': FS.float_discretized(None, bin_boundaries=[1.])}).get_inputs()"),
    # --- dict mode ---------------------------------------------------------------------------
    "dict_batched": _DICT + "result = fs(data)",
    "dict_single_example": _DICT + "result = fs({k: v[1] for k, v in data.items()})",
    "dict_encoded": _DICT + (
        "enc = fs.get_encoded_features()\n"
        "result = {k: [list(v.shape), v.dtype] for k, v in enc.items()}"),
    # --- configs -----------------------------------------------------------------------------
    "config_top": _CONCAT + (
        "c = fs.get_config()\n"
        "result = [sorted(c), c['output_mode'], c['crossing_dim'], c['hashing_dim'],\n"
        "          c['num_discretization_bins'], c['crosses'][0]['class_name'],\n"
        "          c['crosses'][0]['config']]"),
    "config_features": _CONCAT + (
        "c = fs.get_config()['features']\n"
        "result = {k: [v['class_name'], v['config']['dtype'], v['config']['output_mode'],\n"
        "              v['config']['preprocessor']['class_name'],\n"
        "              v['config']['preprocessor']['config']['name']] for k, v in c.items()}"),
    "config_build": _CONCAT + "result = fs.get_build_config()",
    "from_config_roundtrip": _CONCAT + (
        "fs2 = FS.from_config(fs.get_config())\n"
        "result = [fs2.output_mode, sorted(fs2.features), [c.name for c in fs2.crosses],\n"
        "          fs2.features['s'].dtype, fs2.features['f'].output_mode]"),
    "default_names": _FS + (
        "result = [FS.string_hashed(3, name='sh7').preprocessor.name,\n"
        "          FS.float_normalized(name='fn7').preprocessor.name,\n"
        "          FS.cross(('a', 'b'), 4).name]"),
    "preprocessor_types": _ALL_TYPES + (
        "result = {k: type(v).__name__ for k, v in fs.preprocessors.items()\n"
        "          if k != 'f'}"),
    "crosser_access": _CONCAT + (
        "c = fs.crossers['s_X_i']\nresult = [type(c).__name__, c.num_bins, c.name]"),
    # --- errors ------------------------------------------------------------------------------
    "error_empty_features": _err("FS(features={})"),
    "error_bad_type": _err("FS(features={'a': 'foo'})"),
    "error_bad_output_mode": _err("FS(features={'a': 'float'}, output_mode='x')"),
    "error_unknown_cross": _err("FS(features={'a': 'float'}, crosses=[('a', 'b')])"),
    "error_cross_output_mode": _err("FS.cross(('a', 'b'), 3, output_mode='float')"),
    "error_feature_output_mode": _err("FS.feature('float32', None, 'x')"),
    "error_not_adapted": _err("FS(features={'a': 'float_normalized'}).get_inputs()"),
    "error_not_dict": _err("FS(features={'a': 'float'})([1.0])"),
    "error_concat_int": _err(
        "FS(features={'s': FS.string_categorical(output_mode='int')}).adapt(ds)"),
    "error_adapt_list": _err("FS(features={'f': 'float_normalized'}).adapt([1., 2.])"),
    "error_one_hot_float": _err(
        "FS(features={'f': FS.feature('float32', tf.keras.layers.Rescaling(1.,"
        " name='resc_fs'), 'one_hot')}).get_inputs()"),
}
