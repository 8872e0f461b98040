"""The ``tf.nn`` namespace: re-exports collected from the op families (fluxion.ops)."""
from fluxion.ops import namespace as _namespace

globals().update(_namespace("nn"))

from fluxion.extras import depth_to_space, space_to_depth  # noqa: E402,F401 - composites
from fluxion.ops.ctc_ops import (  # noqa: E402,F401 - CTC
    collapse_repeated, ctc_beam_search_decoder, ctc_greedy_decoder, ctc_loss, ctc_unique_labels)
from fluxion.ops.sampled_losses import (  # noqa: E402,F401 - sampled-class losses
    all_candidate_sampler, compute_accidental_hits, nce_loss, sampled_softmax_loss)

_EMBEDDING_SPARSE = ("embedding_lookup_sparse", "safe_embedding_lookup_sparse", "approx_max_k",
                     "approx_min_k")


def __getattr__(name: str):
    if name in _EMBEDDING_SPARSE:  # composites over sparse ops: loaded on first use
        from fluxion.ops import embedding_sparse  # noqa: PLC0415

        return getattr(embedding_sparse, name)
    raise AttributeError(f"module 'fluxion.nn' has no attribute {name!r}")
