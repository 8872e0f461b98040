"""`tf.keras.preprocessing` (Keras 1's text/sequence/image utilities as Keras 3 ships them)."""
_TOK = ("tok = tf.keras.preprocessing.text.Tokenizer({args})\n"
        "tok.fit_on_texts(['The cat sat on the mat.', 'The dog ate my homework!', "
        "'Cat and dog, cat and mouse', 'the THE the'])\n")
_TOK_DEFAULT = _TOK.format(args="")
_TOK_OOV = _TOK.format(args="num_words=5, oov_token='<OOV>'")
_TS = ("data = np.arange(20, dtype='float32').reshape(10, 2)\n"
       "targets = np.arange(10) * 10\n")

SNIPPETS = {
    # --- text ----------------------------------------------------------------------------------
    "word_seq": "tf.keras.preprocessing.text.text_to_word_sequence('Hello, World!  It is\\tme.')",
    "word_seq_no_lower": ("tf.keras.preprocessing.text.text_to_word_sequence("
                          "'A-b C.d', lower=False, filters='.', split='-')"),
    "hashing_md5": ("tf.keras.preprocessing.text.hashing_trick("
                    "'the quick brown fox jumps over the lazy dog', 20, hash_function='md5')"),
    "hashing_md5_big": ("tf.keras.preprocessing.text.hashing_trick("
                        "'Alpha beta, GAMMA', 1000, hash_function='md5', lower=False)"),
    "hashing_callable": ("tf.keras.preprocessing.text.hashing_trick("
                         "'a bb ccc', 5, hash_function=len)"),
    "one_hot_range": ("v = tf.keras.preprocessing.text.one_hot('a b c a d b', 7)\n"
                      "result = [len(v), all(1 <= i < 7 for i in v), v[0] == v[3], "
                      "v[1] == v[5]]"),
    "tok_word_index": _TOK_DEFAULT + "result = tok.word_index",
    "tok_index_word": _TOK_DEFAULT + "result = {str(k): v for k, v in tok.index_word.items()}",
    "tok_word_counts": _TOK_DEFAULT + "result = [type(tok.word_counts).__name__, "
                                      "list(tok.word_counts.items())]",
    "tok_word_docs": _TOK_DEFAULT + "result = dict(tok.word_docs)",
    "tok_index_docs": _TOK_DEFAULT + "result = {str(k): v for k, v in tok.index_docs.items()}",
    "tok_document_count": _TOK_DEFAULT + "result = tok.document_count",
    "tok_seqs": _TOK_DEFAULT + "result = tok.texts_to_sequences(['the cat ate a mouse', ''])",
    "tok_seqs_oov": _TOK_OOV + "result = [tok.word_index['<OOV>'], "
                               "tok.texts_to_sequences(['the cat ate a mouse'])]",
    "tok_seqs_num_words": (_TOK.format(args="num_words=4")
                           + "result = tok.texts_to_sequences(['the cat ate and dog'])"),
    "tok_gen": _TOK_DEFAULT + "result = list(tok.texts_to_sequences_generator(['dog cat']))",
    "tok_to_texts": _TOK_DEFAULT + "result = tok.sequences_to_texts([[1, 2, 3], [99, 4]])",
    "tok_to_texts_oov": _TOK_OOV + "result = tok.sequences_to_texts([[1, 2, 3, 6], [99, 4]])",
    "tok_matrix_binary": _TOK_DEFAULT + "result = tok.texts_to_matrix(['the the cat', 'x'])",
    "tok_matrix_count": _TOK_DEFAULT + "result = tok.texts_to_matrix(['the the cat'], 'count')",
    "tok_matrix_freq": _TOK_DEFAULT + "result = tok.texts_to_matrix(['the the cat'], 'freq')",
    "tok_matrix_tfidf": _TOK_DEFAULT + "result = tok.texts_to_matrix(['the the cat dog'], "
                                       "'tfidf')",
    "tok_matrix_num_words": (_TOK.format(args="num_words=3")
                             + "result = tok.texts_to_matrix(['the cat the'], 'count')"),
    "tok_matrix_bad_mode": _TOK_DEFAULT + "result = tok.texts_to_matrix(['the'], 'nope')",
    "tok_matrix_unfit": ("tok = tf.keras.preprocessing.text.Tokenizer()\n"
                         "result = tok.sequences_to_matrix([[1]])"),
    "tok_tfidf_unfit": ("tok = tf.keras.preprocessing.text.Tokenizer(num_words=3)\n"
                        "result = tok.sequences_to_matrix([[1]], mode='tfidf')"),
    "tok_fit_sequences": ("tok = tf.keras.preprocessing.text.Tokenizer(num_words=4)\n"
                          "tok.fit_on_sequences([[1, 2, 2], [2, 3]])\n"
                          "result = [tok.document_count, "
                          "tok.sequences_to_matrix([[1, 2, 2]], mode='tfidf')]"),
    "tok_char_level": ("tok = tf.keras.preprocessing.text.Tokenizer(char_level=True)\n"
                       "tok.fit_on_texts(['abba', 'Cab'])\n"
                       "result = [tok.word_index, tok.texts_to_sequences(['cab!'])]"),
    "tok_lists": ("tok = tf.keras.preprocessing.text.Tokenizer()\n"
                  "tok.fit_on_texts([['Hello', 'world'], ['hello']])\n"
                  "result = [tok.word_index, tok.texts_to_sequences([['WORLD', 'hello']])]"),
    "tok_no_lower": ("tok = tf.keras.preprocessing.text.Tokenizer(lower=False, filters='')\n"
                     "tok.fit_on_texts(['A a b! b! b!'])\n"
                     "result = tok.word_index"),
    "tok_analyzer": ("tok = tf.keras.preprocessing.text.Tokenizer(analyzer=lambda s: s.split('|'))\n"
                     "tok.fit_on_texts(['x|y|x', 'Y'])\n"
                     "result = [tok.word_index, tok.texts_to_sequences(['x|Y'])]"),
    "tok_bad_kwarg": "tf.keras.preprocessing.text.Tokenizer(foo=1)",
    "tok_config": _TOK_OOV + ("import json\nc = tok.get_config()\n"
                              "result = [sorted(c), c['num_words'], c['oov_token'], "
                              "c['document_count'], json.loads(c['word_index']), "
                              "json.loads(c['word_docs'])]"),
    "tok_json_roundtrip": _TOK_OOV + (
        "import json\ns = tok.to_json()\n"
        "t2 = tf.keras.preprocessing.text.tokenizer_from_json(s)\n"
        "result = [json.loads(s)['class_name'], t2.word_index, t2.num_words, "
        "t2.texts_to_sequences(['the cat ate a mouse']), t2.texts_to_matrix(['cat dog'], "
        "'tfidf'), {str(k): v for k, v in t2.index_word.items()}]"),
    # --- sequence ------------------------------------------------------------------------------
    "pad_sequences": "tf.keras.preprocessing.sequence.pad_sequences([[1, 2, 3], [4]], maxlen=2)",
    "sampling_table": "tf.keras.preprocessing.sequence.make_sampling_table(8)",
    "sampling_table_factor": "tf.keras.preprocessing.sequence.make_sampling_table(5, 1e-2)",
    "skipgrams_no_neg": ("tf.keras.preprocessing.sequence.skipgrams([1, 2, 0, 3, 4], 5, "
                         "window_size=1, negative_samples=0.0, shuffle=False)"),
    "skipgrams_seeded": ("import random\nrandom.seed(3)\n"
                         "result = tf.keras.preprocessing.sequence.skipgrams("
                         "[1, 2, 3, 4, 5, 6], 10, window_size=2)"),
    "skipgrams_seed_arg": ("import random\nrandom.seed(1)\n"
                           "result = tf.keras.preprocessing.sequence.skipgrams("
                           "[5, 1, 2, 7], 8, window_size=3, negative_samples=2.0, seed=42)"),
    "skipgrams_categorical": ("import random\nrandom.seed(0)\n"
                              "result = tf.keras.preprocessing.sequence.skipgrams("
                              "[1, 2, 3], 4, window_size=1, categorical=True, shuffle=False)"),
    "skipgrams_table": ("import random\nrandom.seed(7)\n"
                        "table = tf.keras.preprocessing.sequence.make_sampling_table(20, 1e-2)\n"
                        "result = tf.keras.preprocessing.sequence.skipgrams("
                        "list(range(1, 20)), 20, window_size=2, sampling_table=table)"),
    "skipgrams_neg_half": ("import random\nrandom.seed(5)\n"
                           "result = tf.keras.preprocessing.sequence.skipgrams("
                           "[3, 1, 4, 1, 5, 9, 2, 6], 10, window_size=1, "
                           "negative_samples=0.5, shuffle=False)"),
    "ts_len": _TS + ("g = tf.keras.preprocessing.sequence.TimeseriesGenerator(data, targets, "
                     "length=3, batch_size=2)\nresult = len(g)"),
    "ts_batch0": _TS + ("g = tf.keras.preprocessing.sequence.TimeseriesGenerator(data, targets, "
                        "length=3, batch_size=2)\nresult = g[0]"),
    "ts_last": _TS + ("g = tf.keras.preprocessing.sequence.TimeseriesGenerator(data, targets, "
                      "length=3, batch_size=2)\nresult = g[len(g) - 1]"),
    "ts_rate_stride": _TS + (
        "g = tf.keras.preprocessing.sequence.TimeseriesGenerator(data, targets, length=4, "
        "sampling_rate=2, stride=3, batch_size=2)\nresult = [len(g), g[0], g[1]]"),
    "ts_range_reverse": _TS + (
        "g = tf.keras.preprocessing.sequence.TimeseriesGenerator(data, targets, length=2, "
        "start_index=1, end_index=7, reverse=True, batch_size=3)\nresult = [len(g), g[1]]"),
    "ts_lists": ("g = tf.keras.preprocessing.sequence.TimeseriesGenerator([1, 2, 3, 4, 5], "
                 "[1, 2, 3, 4, 5], length=2)\nresult = [len(g), g[0]]"),
    "ts_shuffle": _TS + ("np.random.seed(4)\n"
                         "g = tf.keras.preprocessing.sequence.TimeseriesGenerator(data, targets, "
                         "length=2, shuffle=True, batch_size=4)\nresult = g[0]"),
    "ts_mismatch": ("tf.keras.preprocessing.sequence.TimeseriesGenerator(np.zeros(5), "
                    "np.zeros(4), length=2)"),
    "ts_too_long": ("tf.keras.preprocessing.sequence.TimeseriesGenerator(np.zeros(5), "
                    "np.zeros(5), length=5)"),
    "ts_to_json_fails": _TS + (
        "g = tf.keras.preprocessing.sequence.TimeseriesGenerator(data, targets, length=2)\n"
        "result = g.to_json()"),
    # --- namespace -----------------------------------------------------------------------------
    "timeseries_dataset": ("ds = tf.keras.preprocessing.timeseries_dataset_from_array("
                           "np.arange(6), None, sequence_length=3, batch_size=4)\n"
                           "result = list(ds)"),
}

# --- image -------------------------------------------------------------------------------------
_IMG = ("P = tf.keras.preprocessing.image\n"
        "x = np.arange(2 * 4 * 3 * 3, dtype='float32').reshape(2, 4, 3, 3)\n")
_DIR = ("import os, tempfile\nP = tf.keras.preprocessing.image\nd = tempfile.mkdtemp()\n"
        "for c, names in [('b_cls', ['z.png', 'a.JPG', 'n.txt', 'sub/q.png']), "
        "('a_cls', ['1.png', '0.bmp', '2.jpeg', '3.gif']), ('c_cls', ['x.ppm', 'y.tif'])]:\n"
        "    for n in names:\n"
        "        os.makedirs(os.path.dirname(os.path.join(d, c, n)), exist_ok=True)\n"
        "        open(os.path.join(d, c, n), 'wb').write(b'x')\n"
        "open(os.path.join(d, 'stray.png'), 'wb').write(b'x')\n")
_DIR_FIELDS = ("result = [it.class_indices, it.filenames, it.classes, it.samples, len(it), "
               "it.num_classes, it.image_shape, [os.path.relpath(p, d) for p in it.filepaths]]")


def _grt(args: str, shape: str = "(8, 6, 3)", seed: int = 3) -> str:
    return (f"g = tf.keras.preprocessing.image.ImageDataGenerator({args})\n"
            f"p = g.get_random_transform({shape}, seed={seed})\n"
            "result = {k: (None if v is None else float(v)) for k, v in p.items()}")


SNIPPETS.update({
    "namespace_image": ("names = ['DirectoryIterator', 'ImageDataGenerator', 'Iterator', "
                        "'NumpyArrayIterator', 'apply_affine_transform', "
                        "'apply_brightness_shift', 'apply_channel_shift', 'array_to_img', "
                        "'img_to_array', 'load_img', 'random_brightness', "
                        "'random_channel_shift', 'random_rotation', 'random_shear', "
                        "'random_shift', 'random_zoom', 'save_img', 'smart_resize']\n"
                        "result = [hasattr(tf.keras.preprocessing.image, n) for n in names]"),
    "namespace_top": ("result = [hasattr(tf.keras.preprocessing, n) for n in "
                      "['image_dataset_from_directory', 'text_dataset_from_directory', "
                      "'timeseries_dataset_from_array', 'image', 'sequence', 'text']]"),
    "grt_default": _grt(""),
    "grt_all": _grt("rotation_range=30, width_shift_range=0.2, height_shift_range=0.1, "
                    "shear_range=10, zoom_range=0.3, channel_shift_range=20, "
                    "horizontal_flip=True, vertical_flip=True, brightness_range=[0.5, 1.5]"),
    "grt_int_shifts": _grt("width_shift_range=3, height_shift_range=[1, 2, 5]", seed=11),
    "grt_pixel_float": _grt("width_shift_range=2.5, height_shift_range=1.0", seed=5),
    "grt_zoom_pair": _grt("zoom_range=[0.5, 0.8]", seed=2),
    "grt_channels_first": _grt("width_shift_range=0.5, height_shift_range=0.25, "
                               "data_format='channels_first'", shape="(3, 8, 6)", seed=9),
    "grt_flips_many": ("g = tf.keras.preprocessing.image.ImageDataGenerator("
                       "horizontal_flip=True)\nnp.random.seed(0)\n"
                       "result = [int(g.get_random_transform((2, 2, 1))['flip_horizontal']) "
                       "for _ in range(12)]"),
    "apply_flips_shift": _IMG + (
        "g = P.ImageDataGenerator()\n"
        "result = g.apply_transform(x[0], {'flip_horizontal': True, 'flip_vertical': True, "
        "'channel_shift_intensity': 5.0})"),
    "apply_identity": _IMG + "result = P.ImageDataGenerator().apply_transform(x[1], {})",
    "random_transform_flip": _IMG + (
        "g = P.ImageDataGenerator(horizontal_flip=True, vertical_flip=True)\n"
        "result = [g.random_transform(x[0], seed=s) for s in range(4)]"),
    "channel_shift": _IMG + "result = P.apply_channel_shift(x[0], 30.0, channel_axis=2)",
    "channel_shift_first": _IMG + "result = P.apply_channel_shift(x[0], -40.0, channel_axis=0)",
    "random_channel_shift": _IMG + ("np.random.seed(1)\n"
                                    "result = P.random_channel_shift(x[1], 10.0, 2)"),
    "affine_identity": _IMG + "result = P.apply_affine_transform(x[0], row_axis=0, col_axis=1, "
                              "channel_axis=2)",
    "affine_same_axes": _IMG + "result = P.apply_affine_transform(x[0], theta=3, row_axis=0, "
                               "col_axis=0, channel_axis=2)",
    "affine_bad_rank": _IMG + "result = P.apply_affine_transform(x, theta=3)",
    "affine_bad_channel_axis": _IMG + ("result = P.apply_affine_transform(x[0], theta=3, "
                                       "row_axis=0, col_axis=2, channel_axis=1)"),
    "random_zoom_bad": _IMG + "result = P.random_zoom(x[0], (0.5,))",
    "random_brightness_bad": _IMG + "result = P.random_brightness(x[0], (0.5,))",
    "idg_bad_format": "tf.keras.preprocessing.image.ImageDataGenerator(data_format='nhwc')",
    "idg_bad_split": "tf.keras.preprocessing.image.ImageDataGenerator(validation_split=1.5)",
    "idg_bad_zoom": "tf.keras.preprocessing.image.ImageDataGenerator(zoom_range=[1, 2, 3])",
    "idg_bad_brightness": "tf.keras.preprocessing.image.ImageDataGenerator(brightness_range=2)",
    "idg_attrs": ("import warnings\nwith warnings.catch_warnings():\n"
                  "    warnings.simplefilter('ignore')\n"
                  "    g = tf.keras.preprocessing.image.ImageDataGenerator(zca_whitening=True, "
                  "featurewise_std_normalization=True, samplewise_std_normalization=True, "
                  "zoom_range=0.25)\n"
                  "result = [g.featurewise_center, g.featurewise_std_normalization, "
                  "g.samplewise_center, g.zoom_range, g.channel_axis, g.row_axis, g.col_axis, "
                  "g.dtype, g.data_format]"),
    "standardize_rescale": _IMG + ("g = P.ImageDataGenerator(rescale=0.5, samplewise_center=True,"
                                   " samplewise_std_normalization=True)\n"
                                   "result = g.standardize(x[0].copy())"),
    "standardize_preproc": _IMG + ("g = P.ImageDataGenerator(preprocessing_function=lambda a: "
                                   "a - 1.0, rescale=2.0)\nresult = g.standardize(x[1].copy())"),
    "fit_featurewise": _IMG + ("g = P.ImageDataGenerator(featurewise_center=True, "
                               "featurewise_std_normalization=True, rescale=0.1)\ng.fit(x)\n"
                               "result = [g.mean, g.std, g.standardize(x[0] * 0.1)]"),
    "fit_channels_first": _IMG + ("g = P.ImageDataGenerator(featurewise_center=True, "
                                  "data_format='channels_first')\n"
                                  "g.fit(x.transpose(0, 3, 1, 2))\nresult = g.mean"),
    "fit_zca": _IMG + ("import warnings\nwith warnings.catch_warnings():\n"
                       "    warnings.simplefilter('ignore')\n"
                       "    g = P.ImageDataGenerator(zca_whitening=True)\n"
                       "g.fit(np.sin(x) + x / 50)\n"
                       "result = [g.zca_whitening_matrix.shape, "
                       "np.round(g.standardize(np.sin(x[:1]) + x[:1] / 50), 4)]"),
    "fit_bad_rank": _IMG + "result = P.ImageDataGenerator().fit(x[0])",
    "fit_augment_flip": _IMG + ("g = P.ImageDataGenerator(featurewise_center=True, "
                                "horizontal_flip=True)\ng.fit(x, augment=True, rounds=2, seed=3)\n"
                                "result = g.mean"),
    "flow_seeded": _IMG + ("xs = np.concatenate([x, x + 1, x + 2])\n"
                           "g = P.ImageDataGenerator(horizontal_flip=True, rescale=0.5)\n"
                           "it = g.flow(xs, np.arange(6), batch_size=4, seed=7)\n"
                           "result = [len(it), it[0], it[1], it.index_array]"),
    "flow_next": _IMG + ("xs = np.concatenate([x, x + 1, x + 2])\n"
                         "g = P.ImageDataGenerator(vertical_flip=True)\n"
                         "it = g.flow(xs, np.arange(6), batch_size=4, seed=2)\n"
                         "result = [next(it), next(it), next(it), it.total_batches_seen, "
                         "it.batch_index]"),
    "flow_no_shuffle": _IMG + ("it = P.ImageDataGenerator().flow(x, None, batch_size=1, "
                               "shuffle=False)\nresult = [it[1], it.n, it.batch_size]"),
    "flow_sample_weight": _IMG + ("it = P.ImageDataGenerator().flow(x, [3, 4], batch_size=2, "
                                  "shuffle=False, sample_weight=np.array([0.5, 2.0]))\n"
                                  "result = it[0]"),
    "flow_misc": _IMG + ("it = P.ImageDataGenerator().flow((x, [np.array([1, 2]), "
                         "np.array([[1.], [2.]])]), np.array([0, 1]), shuffle=False)\n"
                         "result = it[0]"),
    "flow_uint8": _IMG + ("it = P.ImageDataGenerator().flow(x.astype('uint8'), shuffle=False)\n"
                          "result = it[0]"),
    "flow_dtype": _IMG + ("it = P.ImageDataGenerator(dtype='float64').flow(x, shuffle=False)\n"
                          "result = it[0]"),
    "flow_subset": _IMG + ("xs = np.concatenate([x, x, x, x])\n"
                           "g = P.ImageDataGenerator(validation_split=0.25)\n"
                           "tr = g.flow(xs, [0, 1] * 4, subset='training', shuffle=False)\n"
                           "va = g.flow(xs, [0, 1] * 4, subset='validation', shuffle=False)\n"
                           "result = [tr.n, va.n, tr[0][1], va[0][1]]"),
    "flow_subset_classes": _IMG + ("g = P.ImageDataGenerator(validation_split=0.5)\n"
                                   "result = g.flow(np.concatenate([x, x]), [0, 0, 1, 1], "
                                   "subset='training')"),
    "flow_subset_bad": _IMG + ("g = P.ImageDataGenerator(validation_split=0.5)\n"
                               "result = g.flow(x, subset='test')"),
    "flow_bad_rank": _IMG + "result = P.ImageDataGenerator().flow(x[0])",
    "flow_bad_y": _IMG + "result = P.ImageDataGenerator().flow(x, [1, 2, 3])",
    "flow_out_of_range": _IMG + "result = P.ImageDataGenerator().flow(x, batch_size=2)[1]",
    "dir_listing": _DIR + ("it = P.ImageDataGenerator().flow_from_directory(d, target_size=(5, 4),"
                           " shuffle=False)\n" + _DIR_FIELDS),
    "dir_classes_arg": _DIR + ("it = P.ImageDataGenerator().flow_from_directory(d, "
                               "classes=['c_cls', 'b_cls'], color_mode='grayscale', "
                               "class_mode='sparse')\n" + _DIR_FIELDS),
    "dir_follow_rgba_first": _DIR + (
        "it = P.ImageDataGenerator(data_format='channels_first').flow_from_directory(d, "
        "target_size=(2, 3), color_mode='rgba', batch_size=3, class_mode=None)\n"
        + _DIR_FIELDS),
    "dir_subsets": _DIR + ("g = P.ImageDataGenerator(validation_split=0.5)\n"
                           "tr = g.flow_from_directory(d, subset='training')\n"
                           "va = g.flow_from_directory(d, subset='validation')\n"
                           "result = [tr.filenames, va.filenames, tr.split, va.split]"),
    "dir_bad_class_mode": _DIR + "it = P.ImageDataGenerator().flow_from_directory(d, "
                                 "class_mode='raw')",
    "dir_bad_color": _DIR + "it = P.ImageDataGenerator().flow_from_directory(d, color_mode='x')",
    "dir_bad_subset": _DIR + ("it = P.ImageDataGenerator(validation_split=0.3)"
                              ".flow_from_directory(d, subset='x')"),
    "dir_is_pydataset": _DIR + ("it = P.ImageDataGenerator().flow_from_directory(d)\n"
                                "result = [isinstance(it, P.Iterator), "
                                "hasattr(it, 'on_epoch_end'), it.batch_size, it.shuffle, "
                                "it.seed, it.interpolation, it.dtype]"),
})

SNIPPETS.update({
    "dtypes_flow": _IMG + ("it = P.ImageDataGenerator().flow(x.astype('uint8'), np.array([1, 2]),"
                           " sample_weight=[1, 2])\nb = it[0]\n"
                           "result = [str(a.dtype) for a in b] + [str(it.x.dtype)]"),
    "dtypes_dir": _DIR + ("it = P.ImageDataGenerator().flow_from_directory(d)\n"
                          "result = [str(it.classes.dtype), type(it.filenames).__name__, "
                          "type(it.class_indices).__name__]"),
    "dtypes_matrix": _TOK_DEFAULT + "result = str(tok.texts_to_matrix(['cat']).dtype)",
    "dtypes_ts": _TS + ("g = tf.keras.preprocessing.sequence.TimeseriesGenerator(data, targets, "
                        "length=3)\nresult = [str(a.dtype) for a in g[0]]"),
    "dtypes_sampling_table": ("result = str(tf.keras.preprocessing.sequence"
                              ".make_sampling_table(3).dtype)"),
    "skipgrams_types": ("import random\nrandom.seed(0)\n"
                        "c, l = tf.keras.preprocessing.sequence.skipgrams([1, 2], 3)\n"
                        "result = [type(c).__name__, type(c[0]).__name__, type(l).__name__, "
                        "type(c[0][0]).__name__]"),
})
