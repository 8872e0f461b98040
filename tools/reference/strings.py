"""TF2 reference snippets for tf.strings: values, dtypes, shapes and error classes, eagerly,
inside tf.function and inside tf.data.Dataset.map. Ragged results are compared via to_list()."""

_S = "tf.constant(['Hello World', '', 'h\\u00e9llo \\u20ac!', '  pad\\t\\n'])"


def _fn(body: str, arg: str) -> str:
    return f"""
@tf.function
def f(x):
{body}
result = f({arg})
"""


SNIPPETS = {
    # --- length / lower / upper / strip ---------------------------------------------------------
    "length_bytes": f"tf.strings.length({_S})",
    "length_utf8": f"tf.strings.length({_S}, unit='UTF8_CHAR')",
    "length_invalid_utf8": "tf.strings.length(tf.constant([b'a\\xff\\xc3']), unit='UTF8_CHAR')",
    "length_scalar": "tf.strings.length('abc')",
    "length_2d_empty": "tf.strings.length(tf.zeros([2, 0], tf.string))",
    "length_bad_unit": "tf.strings.length('x', unit='CHAR')",
    "length_int_input": "tf.strings.length(tf.constant([1]))",
    "lower_ascii": f"tf.strings.lower({_S})",
    "lower_utf8": "tf.strings.lower(['\\u00c9T\\u00c9 Ab'], encoding='utf-8')",
    "upper_ascii_keeps_utf8": "tf.strings.upper(['stra\\u00dfe \\u00e9'])",
    "upper_utf8": "tf.strings.upper(['stra\\u00dfe \\u00e9'], encoding='utf-8')",
    "strip": "tf.strings.strip([' a b\\t\\v\\n', '\\x0ba ', '', '\\r\\f x'])",
    # --- join / reduce_join -------------------------------------------------------------------
    "join_broadcast_scalar": "tf.strings.join(['a', ['b', 'c'], 'd'], separator='-')",
    "join_2d": "tf.strings.join([[['a', 'b']], [['c', 'd']]])",
    "join_empty_list": "tf.strings.join([])",
    "join_single": "tf.strings.join(['a'])",
    "join_shape_mismatch": "tf.strings.join([['a', 'b'], ['c', 'd', 'e']])",
    "join_rank_mismatch": "tf.strings.join([[['a'], ['b']], ['c', 'd']])",
    "join_int": "tf.strings.join([tf.constant([1, 2])])",
    "join_tensors_unicode": "tf.strings.join([tf.constant(['\\u00e9']), tf.constant(['x'])], "
                            "separator='\\u2192')",
    "reduce_join_all": "tf.strings.reduce_join([['a', 'b'], ['c', 'd']])",
    "reduce_join_axis1_keepdims": "tf.strings.reduce_join([['a', 'b'], ['c', 'd']], axis=1, "
                                  "keepdims=True, separator=',')",
    "reduce_join_neg_axis": "tf.strings.reduce_join([['a', 'b'], ['c', 'd']], axis=-2)",
    "reduce_join_axes_order": "tf.strings.reduce_join([['a', 'b'], ['c', 'd']], axis=[0, 1])",
    "reduce_join_axes_order_rev": "tf.strings.reduce_join([['a', 'b'], ['c', 'd']], "
                                  "axis=[1, 0], separator='.')",
    "reduce_join_empty_axis": "tf.strings.reduce_join(tf.zeros([2, 0], tf.string), axis=1)",
    "reduce_join_scalar": "tf.strings.reduce_join('abc')",
    "reduce_join_3d": "tf.strings.reduce_join(tf.reshape(tf.constant([str(i) for i in "
                      "range(12)]), [2, 3, 2]), axis=1, separator=' ')",
    "reduce_join_bad_axis": "tf.strings.reduce_join([['a', 'b']], axis=2)",
    "reduce_join_1d": "tf.strings.reduce_join(['x', 'y', 'z'], 0, separator=', ')",
    # --- regex --------------------------------------------------------------------------------
    "regex_full_match": "tf.strings.regex_full_match(['abc', 'ab\\n', 'xabc', ''], 'a.c')",
    "regex_full_match_dollar": "tf.strings.regex_full_match(['ab', 'ab\\n'], 'ab$')",
    "regex_full_match_utf8_dot": "tf.strings.regex_full_match(['\\u00e9', 'ab'], '.')",
    "regex_full_match_word_ascii": "tf.strings.regex_full_match(['\\u00e9', 'a_1'], '\\\\w+')",
    "regex_full_match_bad": "tf.strings.regex_full_match(['a'], '(')",
    "regex_full_match_2d": "tf.strings.regex_full_match([['cat', 'dog'], ['cow', 'c']], "
                           "'c[a-z]*')",
    "regex_replace_br": "tf.strings.regex_replace(['a<br />b', '<br /><br />'], '<br />', ' ')",
    "regex_replace_punct": "tf.strings.regex_replace(tf.strings.lower(['It\\'s GREAT!!', "
                           "'a.b,c']), '[!\"#$%&()\\\\*\\\\+,-\\\\./:;<=>?@\\\\[\\\\\\\\\\\\]^_`"
                           "{|}~\\']', '')",
    "regex_replace_empty_matches": "tf.strings.regex_replace(['abxd', ''], 'x*', '-')",
    "regex_replace_groups": "tf.strings.regex_replace(['hello world'], '(o)', '[\\\\1\\\\0]')",
    "regex_replace_first": "tf.strings.regex_replace(['hello world'], 'o', 'O', "
                           "replace_global=False)",
    "regex_replace_missing_group": "tf.strings.regex_replace(['aaa'], 'a', '\\\\2')",
    "regex_replace_end": "tf.strings.regex_replace(['a\\nb'], '$', 'X')",
    "regex_replace_utf8": "tf.strings.regex_replace(['h\\u00e9!'], '.', 'x')",
    "regex_replace_spaces": "tf.strings.regex_replace(['  a   b  '], '\\\\s+', ' ')",
    "regex_replace_anchor": "tf.strings.regex_replace(['abab'], '^ab', '')",
    "regex_replace_backslash": "tf.strings.regex_replace(['a.b'], '\\\\.', '\\\\\\\\')",
    "regex_replace_quote": "tf.strings.regex_replace(['a+b'], '\\\\Q+\\\\E', '-')",
    "regex_replace_scalar": "tf.strings.regex_replace('Mixed CASE', '[A-Z]', '_')",
    "regex_replace_bad": "tf.strings.regex_replace(['a'], '[', 'x')",
    "regex_replace_tensor_pattern": "tf.strings.regex_replace(['a1b2'], tf.constant('[0-9]'), "
                                    "tf.constant('#'))",
    "regex_posix_classes": "tf.strings.regex_replace(['ab12 !x'], '[[:alpha:]]|[[:digit:]]+', "
                           "'_')",
    "regex_posix_upper": "tf.strings.regex_full_match(['a', 'A', ''], '[[:upper:]]')",
    "regex_space_no_vt": "tf.strings.regex_full_match(['x\\n', 'x\\x0b', 'x '], 'x\\\\s')",
    "regex_lazy_empty": "tf.strings.regex_replace(['aaa'], 'a*?', '-')",
    "regex_empty_pattern": "tf.strings.regex_replace(['abc', ''], '', '-')",
    "regex_alternation_empty": "tf.strings.regex_replace(['abc'], 'b|', '-')",
    "regex_multiline_caret": "tf.strings.regex_replace(['line1\\nline2'], '(?m)^', '> ')",
    "regex_dot_newline": "tf.strings.regex_replace(['l1\\nl2'], '.+', 'X')",
    "regex_dotall": "tf.strings.regex_replace(['l1\\nl2'], '(?s).+', 'X')",
    "regex_case_insensitive": "tf.strings.regex_replace(['Hello hello'], '(?i)hello', 'bye')",
    "regex_word_boundary": "tf.strings.regex_replace(['foo bar barn'], '\\\\bbar\\\\b', 'baz')",
    "regex_literal_brace": "tf.strings.regex_replace(['x{,2}'], 'a{,2}', 'y')",
    "regex_bad_rewrite_escape": "tf.strings.regex_replace(['abc'], 'b', '\\\\x')",
    "regex_lookahead_error": "tf.strings.regex_replace(['ab'], 'a(?=b)', '')",
    "regex_backreference_error": "tf.strings.regex_replace(['aa'], '(a)\\\\1', 'x')",
    "regex_non_ascii_class": "tf.strings.regex_replace(['\\u00e9a'], '[^\\\\x00-\\\\x7f]', '?')",
    "to_number_nan_payload": "tf.strings.to_number(['nan(123)', '0X1A', '-.5e-1', '+inf'])",
    "as_string_bool_width": "tf.strings.as_string([True], width=6)",
    "as_string_string_width": "tf.strings.as_string(['ab'], width=4)",
    "unicode_decode_utf16_default": "tf.strings.unicode_decode(['ab', b'\\xff\\xfea\\x00'], "
                                    "'UTF-16').to_list()",
    "lower_utf8_invalid": "tf.strings.lower([b'\\xffA'], encoding='utf-8')",
    "join_ragged": "tf.strings.join([tf.ragged.constant([['a', 'b'], []]), '-', "
                   "tf.ragged.constant([['c', 'd'], []])]).to_list()",
    "join_non_utf8_separator": "tf.strings.join(['a', 'b'], separator=b'\\xff')",
    "ngrams_bad_pad_type": "tf.strings.ngrams(['a'], 2, pad_values=1)",
    "ngrams_int_data": "tf.strings.ngrams(tf.constant([1, 2]), 2)",
    "reduce_join_empty_list": "tf.strings.reduce_join([], separator=',')",
    "regex_unicode_letters": "tf.strings.regex_replace(['h\\u00e9llo, W\\u00f6rld! 123 \\u00f1 "
                             "\\u4e2d\\u6587\\u3002'], '[^\\\\p{L}\\\\p{N} ]', '')",
    "regex_unicode_negated": "tf.strings.regex_replace(['h\\u00e9llo, W\\u00f6rld! 12'], "
                             "'\\\\PL+', '_')",
    "regex_unicode_upper": "tf.strings.regex_full_match(['\\u00c9', 'e', '\\u0394'], "
                           "'\\\\p{Lu}')",
    "regex_unicode_punct": "tf.strings.regex_replace(['\\u00bfqu\\u00e9? \\u00abs\\u00ed\\u00bb"
                           " \\u2014 ok.'], '\\\\pP', '')",
    "regex_unicode_neg_brace": "tf.strings.regex_replace(['a1\\u00e9'], '\\\\p{^L}', '#')",
    # --- substr -------------------------------------------------------------------------------
    "substr_basic": "tf.strings.substr(['hello', 'hi'], 1, 3)",
    "substr_negative_pos": "tf.strings.substr(['hello', 'hi'], -2, 3)",
    "substr_pos_out_of_range": "tf.strings.substr(['hello', 'hi'], 3, 1)",
    "substr_negative_len": "tf.strings.substr(['hello', 'hi'], 1, -1)",
    "substr_negative_len2": "tf.strings.substr(['hello'], 1, -3)",
    "substr_vector_args": "tf.strings.substr(['hello', 'hi'], [0, 1], [2, 1])",
    "substr_utf8": "tf.strings.substr('h\\u00e9llo', 1, 2, unit='UTF8_CHAR')",
    "substr_utf8_negative": "tf.strings.substr(['h\\u00e9llo'], -4, 2, unit='UTF8_CHAR')",
    "substr_len_past_end": "tf.strings.substr(['hello', 'hi'], 2, 5)",
    "substr_int64": "tf.strings.substr(['hello'], tf.constant(1, tf.int64), "
                    "tf.constant(2, tf.int64))",
    "substr_mixed_types": "tf.strings.substr(['hello'], tf.constant(1, tf.int64), "
                          "tf.constant(2))",
    "substr_bad_unit": "tf.strings.substr(['hello'], 1, 2, unit='CHAR')",
    # --- to_number ----------------------------------------------------------------------------
    "to_number_default": "tf.strings.to_number(['1.5', ' 2', 'inf', '-nan', '1e3', '0x10', "
                         "'.5', '5.', '-Infinity', '1e40', '1e-50'])",
    "to_number_float64": "tf.strings.to_number(['1.5', '0.1'], tf.float64)",
    "to_number_int32": "tf.strings.to_number(['12', '+3', '-4', ' 5 '], tf.int32)",
    "to_number_int64": "tf.strings.to_number(['99999999999', '-7'], tf.int64)",
    "to_number_uint32": "tf.strings.to_number(['4000000000'], tf.uint32)",
    "to_number_int_overflow": "tf.strings.to_number(['99999999999'], tf.int32)",
    "to_number_int_from_float": "tf.strings.to_number(['1.5'], tf.int32)",
    "to_number_int_hex": "tf.strings.to_number(['0x10'], tf.int64)",
    "to_number_bad": "tf.strings.to_number(['abc'])",
    "to_number_empty": "tf.strings.to_number([''])",
    "to_number_suffix": "tf.strings.to_number(['1.5f'])",
    "to_number_underscore": "tf.strings.to_number(['1_0'])",
    "to_number_bad_type": "tf.strings.to_number(['1'], tf.string)",
    "to_number_2d": "tf.strings.to_number([['1', '2'], ['3', '4']], out_type=tf.int32)",
    "to_number_message": """
try:
    tf.strings.to_number(['x1'])
    result = 'no error'
except tf.errors.InvalidArgumentError as e:
    result = 'StringToNumberOp could not correctly convert string: x1' in str(e)
""",
    # --- as_string ----------------------------------------------------------------------------
    "as_string_float": "tf.strings.as_string([1.5, 2.0, 1e-7, 1e10])",
    "as_string_precision": "tf.strings.as_string([1.5, 2.0], precision=2)",
    "as_string_shortest": "tf.strings.as_string([1.5, 2.0, 1e-7, 1e10, 0.1], shortest=True)",
    "as_string_scientific": "tf.strings.as_string([1.5, 2.0], scientific=True, precision=3)",
    "as_string_width": "tf.strings.as_string([1, -22], width=5)",
    "as_string_fill_zero": "tf.strings.as_string([1, -22], width=5, fill='0')",
    "as_string_fill_float": "tf.strings.as_string([1.5, -1.5], width=8, precision=2, fill='0')",
    "as_string_bad_fill": "tf.strings.as_string([1], width=5, fill='x')",
    "as_string_long_fill": "tf.strings.as_string([1.5], fill='ab')",
    "as_string_bool": "tf.strings.as_string([True, False])",
    "as_string_string": "tf.strings.as_string(['a'])",
    "as_string_int64": "tf.strings.as_string(tf.constant([2**40, -1], tf.int64))",
    "as_string_uint8": "tf.strings.as_string(tf.constant([1, 255], tf.uint8))",
    "as_string_float64": "tf.strings.as_string(tf.constant([1/3], tf.float64), precision=10)",
    "as_string_half": "tf.strings.as_string(tf.constant([1.5], tf.float16))",
    "as_string_complex": "tf.strings.as_string(tf.constant([1.5+2j], tf.complex64))",
    "as_string_nonfinite": "tf.strings.as_string([float('nan'), float('inf'), -float('inf')])",
    "as_string_int_precision": "tf.strings.as_string([1], precision=2)",
    "as_string_sci_and_shortest": "tf.strings.as_string([1.5], shortest=True, scientific=True)",
    "as_string_scalar": "tf.strings.as_string(3)",
    # --- format -------------------------------------------------------------------------------
    "format_basic": "tf.strings.format('x={} y={}', [1, tf.constant([1.5, 2.0])])",
    "format_summarize_default": "tf.strings.format('x={}', tf.range(7))",
    "format_summarize_2": "tf.strings.format('x={}', tf.range(7), summarize=2)",
    "format_summarize_all": "tf.strings.format('x={}', tf.range(7), summarize=-1)",
    "format_matrix": "tf.strings.format('{}', tf.reshape(tf.range(30), [5, 6]))",
    "format_3d": "tf.strings.format('{}', tf.reshape(tf.range(8), [2, 2, 2]))",
    "format_strings": "tf.strings.format('{}', tf.constant(['a\"b', 'c\\nd', '\\u00e9', "
                      "\"it's\"]))",
    "format_string_scalar": "tf.strings.format('x={}', tf.constant('a'))",
    "format_bool": "tf.strings.format('{}', tf.constant([True, False]))",
    "format_floats": "tf.strings.format('{}', tf.constant([1/3, 1e10, 1e-5, 100000.0, "
                     "1234567.0, -0.0]))",
    "format_float64": "tf.strings.format('{}', tf.constant([1/3, 1e10], tf.float64))",
    "format_empty": "tf.strings.format('x={}', tf.zeros([0]))",
    "format_empty_3d": "tf.strings.format('x={}', tf.zeros([2, 0, 3]))",
    "format_no_inputs": "tf.strings.format('plain', [])",
    "format_count_mismatch": "tf.strings.format('x={} {}', [1])",
    "format_placeholder": "tf.strings.format('a=%s', [tf.constant(2)], placeholder='%s')",
    "format_single_tensor": "tf.strings.format('v: {}', tf.constant(5))",
    # --- split / bytes_split ------------------------------------------------------------------
    "split_scalar": "tf.strings.split('a b  c ')",
    "split_whitespace": "tf.strings.split(['a b  c ', ' ', '\\ta\\nb\\x0bc\\x0cd\\re']).to_list()",
    "split_sep": "tf.strings.split(['a,b,,c', ''], sep=',').to_list()",
    "split_maxsplit": "tf.strings.split(['a,b,,c'], sep=',', maxsplit=1).to_list()",
    "split_whitespace_maxsplit": "tf.strings.split(['  a b c d  '], maxsplit=2).to_list()",
    "split_multichar_sep": "tf.strings.split(['a<>b<>', '<>'], sep='<>').to_list()",
    "split_scalar_sep": "tf.strings.split('a,b', sep=',')",
    "split_2d": "tf.strings.split([['a b', 'c'], ['d', 'e f g']]).to_list()",
    "split_empty_input": "tf.strings.split(tf.constant([], tf.string)).to_list()",
    "split_dtypes": """
r = tf.strings.split(['a b', 'c'])
result = [r.dtype.name, r.row_splits.dtype.name, r.ragged_rank, r.shape.as_list()]
""",
    "split_ragged_input": "tf.strings.split(tf.ragged.constant([['a b', 'c'], []])).to_list()",
    "split_unicode": "tf.strings.split(['\\u00e9 \\u20ac'], sep=' ').to_list()",
    "bytes_split_scalar": "tf.strings.bytes_split('ab\\u00e9')",
    "bytes_split_1d": "tf.strings.bytes_split(['ab', '', 'c']).to_list()",
    "bytes_split_2d": "tf.strings.bytes_split([['ab'], ['c']]).to_list()",
    # --- unicode ------------------------------------------------------------------------------
    "unicode_split": "tf.strings.unicode_split(['h\\u00e9', '', '\\u20ac'], 'UTF-8').to_list()",
    "unicode_split_scalar": "tf.strings.unicode_split('h\\u00e9', 'UTF-8')",
    "unicode_split_invalid": "tf.strings.unicode_split([b'a\\xffb'], 'UTF-8').to_list()",
    "unicode_split_ignore": "tf.strings.unicode_split([b'a\\xffb'], 'UTF-8', errors='ignore')"
                            ".to_list()",
    "unicode_decode": "tf.strings.unicode_decode(['h\\u00e9', 'abc', ''], 'UTF-8').to_list()",
    "unicode_decode_scalar": "tf.strings.unicode_decode('h\\u00e9', 'UTF-8')",
    "unicode_decode_dtype": "tf.strings.unicode_decode(['ab'], 'UTF-8').flat_values",
    "unicode_decode_ignore": "tf.strings.unicode_decode([b'a\\xffb'], 'UTF-8', "
                             "errors='ignore').to_list()",
    "unicode_decode_strict": "tf.strings.unicode_decode([b'a\\xffb'], 'UTF-8', errors='strict')",
    "unicode_decode_replacement": "tf.strings.unicode_decode([b'a\\xff\\xfeb', b'\\xe2\\x82'], "
                                  "'UTF-8', replacement_char=63).to_list()",
    "unicode_decode_control": "tf.strings.unicode_decode([b'a\\x01b\\x7f\\xc2\\x85 \\x00\\x1f'], "
                              "'UTF-8', replace_control_characters=True).to_list()",
    "unicode_decode_utf16": "tf.strings.unicode_decode([b'\\x00h\\x00\\xe9', b'\\xd8\\x3d\\xde"
                            "\\x00', b'\\x00'], 'UTF-16-BE').to_list()",
    "unicode_decode_2d": "tf.strings.unicode_decode([['ab'], ['c']], 'UTF-8').to_list()",
    "unicode_decode_offsets": """
cp, off = tf.strings.unicode_decode_with_offsets(['h\\u00e9\\u20acx', b'a\\xffb', ''], 'UTF-8')
result = [cp.to_list(), off.to_list(), off.flat_values.dtype.name]
""",
    "unicode_split_offsets": """
ch, off = tf.strings.unicode_split_with_offsets(['h\\u00e9'], 'UTF-8')
result = [ch.to_list(), off.to_list()]
""",
    "unicode_encode_1d": "tf.strings.unicode_encode([104, 233], 'UTF-8')",
    "unicode_encode_2d": "tf.strings.unicode_encode([[104, 233], [65, 66]], 'UTF-8')",
    "unicode_encode_ragged": "tf.strings.unicode_encode(tf.ragged.constant([[104, 233], [65], "
                             "[]]), 'UTF-8')",
    "unicode_encode_invalid": "tf.strings.unicode_encode([104, -1, 0x110000, 0xD800], 'UTF-8')",
    "unicode_encode_ignore": "tf.strings.unicode_encode([104, -1, 105], 'UTF-8', "
                             "errors='ignore')",
    "unicode_encode_strict": "tf.strings.unicode_encode([104, -1], 'UTF-8', errors='strict')",
    "unicode_encode_utf16": "tf.strings.unicode_encode([104, 233, 0x1F600], 'UTF-16-BE')",
    "unicode_encode_utf32": "tf.strings.unicode_encode([104], 'UTF-32-BE')",
    "unicode_encode_int64": "tf.strings.unicode_encode(tf.constant([104], tf.int64), 'UTF-8')",
    "unicode_encode_bad_encoding": "tf.strings.unicode_encode([104], 'latin1')",
    "unicode_encode_3d": "tf.strings.unicode_encode(tf.ones([2, 1, 3], tf.int32) * 65, "
                         "'UTF-8')",
    "unicode_roundtrip": "tf.strings.unicode_encode(tf.strings.unicode_decode(['h\\u00e9llo', "
                         "'\\u20ac'], 'UTF-8'), 'UTF-8')",
    "unicode_transcode": "tf.strings.unicode_transcode(['h\\u00e9', 'x'], 'UTF-8', 'UTF-16-BE')",
    "unicode_transcode_invalid": "tf.strings.unicode_transcode([b'a\\xffb'], 'UTF-8', 'UTF-8')",
    # --- ngrams -------------------------------------------------------------------------------
    "ngrams_1d": "tf.strings.ngrams(['a', 'b', 'c', 'd'], 2)",
    "ngrams_2d": "tf.strings.ngrams([['a', 'b', 'c'], ['d', 'e', 'f']], 2)",
    "ngrams_too_short": "tf.strings.ngrams(['a', 'b'], 3)",
    "ngrams_ragged": "tf.strings.ngrams(tf.ragged.constant([['a', 'b', 'c'], ['d']]), 2)"
                     ".to_list()",
    "ngrams_widths": "tf.strings.ngrams(tf.ragged.constant([['a', 'b', 'c'], ['d']]), (1, 2), "
                     "separator='_').to_list()",
    "ngrams_pad_pair": "tf.strings.ngrams(tf.ragged.constant([['a', 'b', 'c'], ['d']]), 3, "
                       "pad_values=('L', 'R')).to_list()",
    "ngrams_pad_width": "tf.strings.ngrams(tf.ragged.constant([['a', 'b', 'c'], ['d']]), 3, "
                        "pad_values='P', padding_width=1).to_list()",
    "ngrams_pad_unigram": "tf.strings.ngrams(['a', 'b'], (1, 2), pad_values='P')",
    "ngrams_preserve": "tf.strings.ngrams(tf.ragged.constant([['a', 'b', 'c'], ['d'], []]), 3, "
                       "preserve_short_sequences=True).to_list()",
    "ngrams_scalar": "tf.strings.ngrams('a', 2)",
    "ngrams_zero_width": "tf.strings.ngrams(['a', 'b'], 0)",
    "ngrams_bad_padding_width": "tf.strings.ngrams(['a', 'b'], 2, pad_values='P', "
                                "padding_width=0)",
    # --- unsorted_segment_join ----------------------------------------------------------------
    "segment_join": "tf.strings.unsorted_segment_join(['a', 'b', 'c'], [1, 0, 1], 3, "
                    "separator=':')",
    "segment_join_2d": "tf.strings.unsorted_segment_join([['a', 'b'], ['c', 'd']], [1, 1], 2)",
    "segment_join_out_of_range": "tf.strings.unsorted_segment_join(['a', 'b'], [1, 5], 3)",
    "segment_join_negative": "tf.strings.unsorted_segment_join(['a', 'b'], [1, -1], 3)",
    # --- hashing ------------------------------------------------------------------------------
    "hash_fast": "tf.strings.to_hash_bucket_fast(['hello', '', '\\u00e9', 'x' * 100], 1000)",
    "hash_fast_2d": "tf.strings.to_hash_bucket_fast([['a', 'b'], ['c', 'd']], 3)",
    "hash_legacy": "tf.strings.to_hash_bucket(['hello', '', '\\u00e9', 'a longer string with "
                   "stuff!!', 'x' * 17], 1000000007)",
    "hash_strong": "tf.strings.to_hash_bucket_strong(['hello', '', '\\u00e9', 'a longer string "
                   "with stuff!!', 'x' * 16], 1000000007, [1, 2])",
    "hash_strong_big_key": "tf.strings.to_hash_bucket_strong(['abc'], 2**62, [2**63 + 5, 7])",
    "hash_zero_buckets": "tf.strings.to_hash_bucket_fast(['hello'], 0)",
    "hash_strong_bad_key": "tf.strings.to_hash_bucket_strong(['hello'], 10, [1])",
    "hash_int_input": "tf.strings.to_hash_bucket_fast(tf.constant([1]), 10)",
    # --- ragged inputs ---------------------------------------------------------------------
    "ragged_reduce_join_last": "tf.strings.reduce_join(tf.strings.unicode_split(['h\\u00e9llo', "
                               "'', 'ab'], 'UTF-8'), axis=-1)",
    "ragged_reduce_join_all": "tf.strings.reduce_join(tf.ragged.constant([['a', 'b'], [], "
                              "['c']]), separator=',')",
    "ragged_reduce_join_nested": "tf.strings.reduce_join(tf.ragged.constant([[['a', 'b'], []], "
                                 "[['c']]]), axis=-1, separator='_').to_list()",
    "ragged_reduce_join_nested_all": "tf.strings.reduce_join(tf.ragged.constant([[['a', 'b'], "
                                     "[]], [['c']]]), separator='_')",
    "ragged_to_number": "tf.strings.to_number(tf.strings.split(['1,2', '3'], ','), tf.int32)"
                        ".to_list()",
    "ragged_length": "tf.strings.length(tf.ragged.constant([['ab', ''], ['\\u00e9']]), "
                     "unit='UTF8_CHAR').to_list()",
    "ragged_upper_regex": "tf.strings.regex_replace(tf.strings.upper(tf.ragged.constant("
                          "[['ab', 'c'], []])), 'A', '_').to_list()",
    "ragged_as_string": "tf.strings.as_string(tf.ragged.constant([[1, 2], [3]])).to_list()",
    "ragged_hash": "tf.strings.to_hash_bucket_fast(tf.ragged.constant([['a', 'b'], ['c']]), 5)"
                   ".to_list()",
    "ragged_substr": "tf.strings.substr(tf.ragged.constant([['abc'], ['de', 'f']]), 0, 1)"
                     ".to_list()",
    "ragged_ngrams_of_split": "tf.strings.ngrams(tf.strings.split(['a b c', 'd e']), 2)"
                              ".to_list()",
    "text_generation_roundtrip": """
chars = tf.strings.unicode_split(['abc d', 'xy\\u00e9'], input_encoding='UTF-8')
@tf.function
def join(c):
    return tf.strings.reduce_join(c, axis=-1)
result = [chars.to_list(), join(chars)]
""",
    "keras_standardize": """
import re, string
lower = tf.strings.lower(tf.constant(['It\\'s <br />GREAT!! (10/10)', 'Meh...']))
no_br = tf.strings.regex_replace(lower, '<br />', ' ')
result = tf.strings.regex_replace(no_br, '[%s]' % re.escape(string.punctuation), '')
""",
    # --- graph mode and datasets --------------------------------------------------------------
    "function_pipeline": _fn("""    y = tf.strings.lower(x)
    y = tf.strings.regex_replace(y, '<br />', ' ')
    y = tf.strings.regex_replace(y, '[^a-z ]', '')
    return [y, tf.strings.length(y), tf.strings.join([y, tf.strings.as_string(
        tf.strings.length(y))], separator='|'), tf.strings.to_hash_bucket_fast(y, 10),
        tf.strings.reduce_join(y, separator=','), tf.strings.format('{} {}', [y, 3])]""",
                             "tf.constant(['Hello World<br />Ok!', 'AB c'])"),
    "function_split_ragged": _fn("""    r = tf.strings.split(x)
    return r.to_tensor(), r.row_splits, tf.strings.ngrams(r, 2).to_tensor()""",
                                 "tf.constant(['a b c', 'd'])"),
    "function_split_scalar": _fn("    return tf.strings.split(x, sep=',')",
                                 "tf.constant('1,2,3')"),
    "function_unicode": _fn("""    cp = tf.strings.unicode_decode(x, 'UTF-8')
    return (cp.to_tensor(), tf.strings.unicode_encode(cp, 'UTF-8'),
            tf.strings.unicode_split(x, 'UTF-8').to_tensor())""",
                            "tf.constant(['h\\u00e9', 'abc'])"),
    "function_to_number": _fn("""    parts = tf.strings.split(x, sep=',')
    return tf.strings.to_number(parts, tf.int32)""", "tf.constant('4,5,6')"),
    "function_to_number_error": _fn("    return tf.strings.to_number(x)",
                                    "tf.constant(['1', 'nope'])"),
    "function_substr_lengths": _fn(
        "    return tf.strings.substr(x, tf.zeros_like(tf.strings.length(x)), "
        "tf.strings.length(x) - 1)", "tf.constant(['abc', 'xy'])"),
    "substr_shape_mismatch": "tf.strings.substr(['abc', 'xy'], [0, 1], 1)",
    "substr_broadcast_input": "tf.strings.substr('abc', [0, 1], [1, 2])",
    "substr_broadcast_rows": "tf.strings.substr([['abc', 'xy'], ['a', 'b']], [0, 1], [1, 1])",
    "function_substr": _fn("    return tf.strings.substr(x, 0, tf.strings.length(x) - 1)",
                           "tf.constant(['abc', 'xy'])"),
    "dataset_map_split": """
ds = tf.data.Dataset.from_tensor_slices(['a b', 'c d e'])
result = list(ds.map(lambda s: tf.strings.split(s)))
""",
    "dataset_map_csv": """
ds = tf.data.Dataset.from_tensor_slices(['1,2.5,x', '3,4.5,y'])
def parse(line):
    parts = tf.strings.split(line, ',')
    return tf.strings.to_number(parts[0], tf.int32), tf.strings.to_number(parts[1]), parts[2]
result = list(ds.map(parse))
""",
    "dataset_map_text": """
ds = tf.data.Dataset.from_tensor_slices(['Hello, World!', 'TF Strings'])
def clean(s):
    s = tf.strings.regex_replace(tf.strings.lower(s), '[^a-z ]', '')
    return s, tf.strings.length(s), tf.strings.upper(tf.strings.substr(s, 0, 1))
result = list(ds.map(clean))
""",
    "dataset_batch_split": """
ds = tf.data.Dataset.from_tensor_slices(['a b', 'c d e', 'f']).batch(2)
result = list(ds.map(lambda s: tf.strings.split(s).to_tensor()))
""",
    "dataset_map_ragged_output": """
ds = tf.data.Dataset.from_tensor_slices(['a b', 'c d e', 'f']).batch(2)
result = [x.to_list() for x in ds.map(lambda s: tf.strings.split(s))]
""",
    "dataset_map_ragged_unbatched": """
ds = tf.data.Dataset.from_tensor_slices([['a b', 'c'], ['d', 'e f g']])
result = [x.to_list() for x in ds.map(tf.strings.split)]
""",
    "dataset_map_chars": """
ds = tf.data.Dataset.from_tensor_slices(['ab\\u00e9'])
result = list(ds.map(lambda s: (tf.strings.unicode_split(s, 'UTF-8'),
                                tf.strings.bytes_split(s), tf.strings.unicode_decode(s, 'UTF-8'))))
""",
}
