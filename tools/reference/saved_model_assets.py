"""TF2 reference snippets for tf.saved_model.Asset and lookup tables in SavedModels.

Each snippet works in a fresh temporary folder `d`; paths are recorded relative to it, so TF's
and Fluxion's results compare although the folders differ. Original files are deleted before
loading where a snippet checks that they travel with the model.
"""

SETUP = """
import os, shutil, tempfile
d = tempfile.mkdtemp()
def write(name, text):
    path = os.path.join(d, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path
def rel(t):
    return os.path.relpath(t.numpy().decode(), d)
def assets(name):
    folder = os.path.join(d, name, "assets")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []
"""

TABLE_MODULE = SETUP + """
write("vocab.txt", "apple\\nbanana\\ncherry\\n")
write("pairs.csv", "7,seven\\n3,three\\n")
class M(tf.Module):
    def __init__(self):
        self.asset = tf.saved_model.Asset(os.path.join(d, "vocab.txt"))
        WL, LN = tf.lookup.TextFileIndex.WHOLE_LINE, tf.lookup.TextFileIndex.LINE_NUMBER
        self.hash = tf.lookup.StaticHashTable(
            tf.lookup.TextFileInitializer(self.asset, tf.string, WL, tf.int64, LN), -1)
        self.vocab = tf.lookup.StaticVocabularyTable(
            tf.lookup.TextFileInitializer(os.path.join(d, "vocab.txt"), tf.string, WL,
                                          tf.int64, LN), 2)
        self.pairs = tf.lookup.StaticHashTable(
            tf.lookup.TextFileInitializer(os.path.join(d, "pairs.csv"), tf.int64, 0,
                                          tf.string, 1, delimiter=","), "?")
        self.kv = tf.lookup.StaticHashTable(
            tf.lookup.KeyValueTensorInitializer(["a", "b"], [1.5, 2.5]), -1.0)
    @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
    def words(self, x):
        return {"hash": self.hash.lookup(x), "vocab": self.vocab.lookup(x),
                "kv": self.kv.lookup(x)}
    @tf.function(input_signature=[tf.TensorSpec([None], tf.int64)])
    def numbers(self, x):
        return self.pairs.lookup(x)
m = M()
tf.saved_model.save(m, os.path.join(d, "out"))
os.remove(os.path.join(d, "vocab.txt"))
os.remove(os.path.join(d, "pairs.csv"))
loaded = tf.saved_model.load(os.path.join(d, "out"))
"""

KERAS_FILE_LOOKUP = SETUP + """
write("v.txt", "cat\\ndog\\nbird\\n")
inp = tf.keras.Input(shape=(), dtype="string", name="s")
layer = tf.keras.layers.StringLookup(vocabulary=os.path.join(d, "v.txt"), name="sa_lookup")
model = tf.keras.Model(inp, layer(inp), name="sa_model")
"""

MUTABLE_MODULE = SETUP + """
class M(tf.Module):
    def __init__(self):
        self.t = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1)
        self.t.insert(tf.constant(["a", "b"]), tf.constant([1, 2], tf.int64))
        self.v = tf.lookup.experimental.MutableHashTable(tf.int64, tf.float32, [0.0, 0.0])
        self.v.insert(tf.constant([5], tf.int64), tf.constant([[1.0, 2.0]]))
    @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
    def get(self, k):
        return self.t.lookup(k)
    @tf.function(input_signature=[tf.TensorSpec([None], tf.int64)])
    def vec(self, k):
        return self.v.lookup(k)
    @tf.function(input_signature=[tf.TensorSpec([], tf.string), tf.TensorSpec([], tf.int64)])
    def put(self, k, v):
        self.t.insert(tf.reshape(k, [1]), tf.reshape(v, [1]))
        return self.t.size()
m = M()
tf.saved_model.save(m, os.path.join(d, "out"))
m.t.insert(tf.constant(["c"]), tf.constant([3], tf.int64))
loaded = tf.saved_model.load(os.path.join(d, "out"))
"""

SNIPPETS = {
    "mutable_table_contents_at_save": MUTABLE_MODULE + """
result = [loaded.get(tf.constant(["a", "b", "c"])), loaded.vec(tf.constant([5, 6], tf.int64)),
          m.t.size()]
""",
    "mutable_table_string_values": SETUP + """
m = tf.Module()
m.t = tf.lookup.experimental.MutableHashTable(tf.int64, tf.string, "none")
m.t.insert(tf.constant([3], tf.int64), tf.constant(["three"]))
m.f = tf.function(lambda x: m.t.lookup(x), input_signature=[tf.TensorSpec([None], tf.int64)])
tf.saved_model.save(m, os.path.join(d, "out"))
result = tf.saved_model.load(os.path.join(d, "out")).f(tf.constant([3, 4], tf.int64))
""",
    "mutable_table_loaded_insert_is_its_own": MUTABLE_MODULE + """
size = loaded.put(tf.constant("z"), tf.constant(9, tf.int64))
again = tf.saved_model.load(os.path.join(d, "out"))
result = [size, loaded.get(tf.constant(["z"])), again.get(tf.constant(["z"])),
          m.t.lookup(tf.constant(["z"])), m.t.size()]
""",
    "asset_path_is_string_tensor": SETUP + """
a = tf.saved_model.Asset(write("a/v.txt", "x\\n"))
result = [rel(a.asset_path), a.asset_path.dtype.name, a.asset_path.shape]
""",
    "asset_relative_path_kept": "tf.saved_model.Asset('some/dir/v.txt').asset_path",
    "asset_bytes_path": "tf.saved_model.Asset(b'v.txt').asset_path",
    "asset_tensor_path": "tf.saved_model.Asset(tf.constant('q.txt')).asset_path",
    "asset_pathlike": "import pathlib\nresult = tf.saved_model.Asset(pathlib.Path('x/y.txt'))"
                      ".asset_path",
    "asset_vector_path": "tf.saved_model.Asset(['a', 'b']).asset_path",
    "asset_non_string_fails": "tf.saved_model.Asset(3)",
    "save_copies_asset_basename": SETUP + """
m = tf.Module()
m.asset = tf.saved_model.Asset(write("a/vocab.txt", "x\\ny\\n"))
tf.saved_model.save(m, os.path.join(d, "out"))
loaded = tf.saved_model.load(os.path.join(d, "out"))
result = [assets("out"), rel(loaded.asset.asset_path), rel(m.asset.asset_path)]
""",
    "save_name_clash_gets_suffix": SETUP + """
m = tf.Module()
m.a1 = tf.saved_model.Asset(write("a/vocab.txt", "x\\ny\\nz\\n"))
m.a2 = tf.saved_model.Asset(write("b/vocab.txt", "p\\nq\\n"))
m.a3 = tf.saved_model.Asset(write("c/vocab.txt", "r\\n"))
m.f = tf.function(lambda: tf.io.read_file(m.a1.asset_path) + tf.io.read_file(m.a2.asset_path)
                  + tf.io.read_file(m.a3.asset_path), input_signature=[])
tf.saved_model.save(m, os.path.join(d, "out"))
shutil.rmtree(os.path.join(d, "a")); shutil.rmtree(os.path.join(d, "b"))
shutil.rmtree(os.path.join(d, "c"))
loaded = tf.saved_model.load(os.path.join(d, "out"))
# which file gets which suffix follows TF's object-graph order: compare contents instead
paths = [loaded.a1.asset_path, loaded.a2.asset_path, loaded.a3.asset_path]
result = [assets("out"), sorted(rel(p) for p in paths),
          [tf.io.read_file(p) for p in paths], loaded.f()]
""",
    "save_same_file_twice_copied_once": SETUP + """
p = write("a/vocab.txt", "x\\n")
m = tf.Module()
m.a = tf.saved_model.Asset(p)
m.b = tf.saved_model.Asset(p)
tf.saved_model.save(m, os.path.join(d, "out"))
loaded = tf.saved_model.load(os.path.join(d, "out"))
result = [assets("out"), rel(loaded.a.asset_path), rel(loaded.b.asset_path)]
""",
    "loaded_function_reads_new_location": SETUP + """
m = tf.Module()
m.asset = tf.saved_model.Asset(write("src/notes.txt", "hello"))
m.path = tf.function(lambda: m.asset.asset_path, input_signature=[])
m.read = tf.function(lambda: tf.io.read_file(m.asset.asset_path), input_signature=[])
tf.saved_model.save(m, os.path.join(d, "out"))
shutil.rmtree(os.path.join(d, "src"))
shutil.move(os.path.join(d, "out"), os.path.join(d, "moved"))
loaded = tf.saved_model.load(os.path.join(d, "moved"))
result = [rel(loaded.path()), loaded.read(), assets("moved")]
""",
    "nested_module_asset_copied": SETUP + """
m = tf.Module()
m.sub = tf.Module()
m.sub.asset = tf.saved_model.Asset(write("deep/inner.txt", "inner"))
m.read = tf.function(lambda: tf.io.read_file(m.sub.asset.asset_path), input_signature=[])
tf.saved_model.save(m, os.path.join(d, "out"))
os.remove(os.path.join(d, "deep", "inner.txt"))
loaded = tf.saved_model.load(os.path.join(d, "out"))
result = [assets("out"), loaded.read()]
""",
    "tables_text_file_assets_copied": TABLE_MODULE + "result = assets('out')",
    "tables_loaded_words": TABLE_MODULE + """
result = loaded.words(tf.constant(["banana", "zzz", "a", "apple", "b"]))
""",
    "tables_loaded_numbers": TABLE_MODULE + (
        "result = loaded.numbers(tf.constant([3, 5, 7], tf.int64))"),
    "tables_loaded_no_default_signature": TABLE_MODULE + "result = sorted(loaded.signatures)",
    "tables_int32_keys_refused": TABLE_MODULE + "loaded.numbers(tf.constant([3]))",
    "tables_loaded_asset_attribute": TABLE_MODULE + "result = rel(loaded.asset.asset_path)",
    "keras_string_lookup_file_export": KERAS_FILE_LOOKUP + """
model.export(os.path.join(d, "e"), verbose=False)
os.remove(os.path.join(d, "v.txt"))
loaded = tf.saved_model.load(os.path.join(d, "e"))
result = [assets("e"), loaded.serve(tf.constant(["dog", "fish", "cat"])),
          loaded.signatures["serving_default"](s=tf.constant(["bird"]))]
""",
    "keras_string_lookup_file_saved_model_save": KERAS_FILE_LOOKUP + """
tf.saved_model.save(model, os.path.join(d, "e"))
os.remove(os.path.join(d, "v.txt"))
loaded = tf.saved_model.load(os.path.join(d, "e"))
result = [assets("e"),
          loaded.signatures["serving_default"](inputs=tf.constant(["bird", "dog", "x"]))]
""",
    "keras_string_lookup_one_hot_export": SETUP + """
inp = tf.keras.Input(shape=(), dtype="string", name="u")
layer = tf.keras.layers.StringLookup(vocabulary=["a", "b"], output_mode="one_hot",
                                     name="sa_onehot")
model = tf.keras.Model(inp, layer(inp), name="sa_onehot_model")
model.export(os.path.join(d, "e"), verbose=False)
loaded = tf.saved_model.load(os.path.join(d, "e"))
result = loaded.serve(tf.constant(["b", "q"]))
""",
    "keras_text_vectorization_save": SETUP + """
tv = tf.keras.layers.TextVectorization(max_tokens=10, output_sequence_length=4,
                                       name="sa_tv")
tv.adapt(["the cat sat", "the dog ran fast"])
inp = tf.keras.Input(shape=(1,), dtype="string", name="t")
model = tf.keras.Model(inp, tv(inp), name="sa_tv_model")
tf.saved_model.save(model, os.path.join(d, "e"))
loaded = tf.saved_model.load(os.path.join(d, "e"))
sig = loaded.signatures["serving_default"]
result = [sorted(sig.structured_input_signature[1]),
          sig(inputs=tf.constant([["the cat ran"], ["zzz dog"]]))]
""",
    "keras_text_vectorization_export": SETUP + """
tv = tf.keras.layers.TextVectorization(max_tokens=10, output_mode="multi_hot",
                                       name="sa_tv2")
tv.adapt(["red green", "blue green green"])
inp = tf.keras.Input(shape=(1,), dtype="string", name="t2")
model = tf.keras.Model(inp, tv(inp), name="sa_tv2_model")
model.export(os.path.join(d, "e"), verbose=False)
loaded = tf.saved_model.load(os.path.join(d, "e"))
result = loaded.serve(tf.constant([["green red"], ["purple"]]))
""",
    "keras_two_inputs_signature_names": SETUP + """
a = tf.keras.Input(shape=(), dtype="string", name="sa_a")
b = tf.keras.Input(shape=(), dtype="string", name="sa_b")
layer = tf.keras.layers.StringLookup(vocabulary=["x", "y"], name="sa_two")
model = tf.keras.Model([a, b], layer(a) + layer(b), name="sa_two_model")
tf.saved_model.save(model, os.path.join(d, "e"))
loaded = tf.saved_model.load(os.path.join(d, "e"))
sig = loaded.signatures["serving_default"]
result = [sorted(sig.structured_input_signature[1]),
          sig(inputs=tf.constant(["x", "q"]), inputs_1=tf.constant(["y", "y"]))]
""",
}
