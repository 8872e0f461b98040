"""Which public names exist where (tf.*, tf.math, tf.nn, tf.linalg, tf.random, tf.bitwise...),
for the op families of the core. A name present in TF must be present in fluxion and vice
versa, so TF2 code finds everything where it looks."""

_NAMES = """
add subtract multiply divide truediv floordiv floormod mod pow negative abs sign square sqrt rsqrt
exp expm1 log log1p sin cos tan asin acos atan atan2 sinh cosh tanh sigmoid erf erfc maximum minimum
squared_difference round floor ceil reciprocal equal not_equal less less_equal greater
greater_equal logical_and logical_or logical_not logical_xor is_nan is_finite is_inf cast
clip_by_value clip_by_norm clip_by_global_norm add_n cumsum cumprod reduce_sum reduce_mean
reduce_max reduce_min reduce_prod reduce_any reduce_all reduce_logsumexp reduce_std
reduce_variance argmax argmin top_k segment_sum segment_mean segment_max unsorted_segment_sum
bincount count_nonzero reshape transpose expand_dims squeeze concat stack unstack split tile pad
gather gather_nd scatter_nd tensor_scatter_nd_update tensor_scatter_nd_add one_hot where
boolean_mask reverse roll slice strided_slice broadcast_to fill zeros ones zeros_like ones_like
eye range linspace shape size rank identity sort argsort unique meshgrid einsum tensordot matmul
searchsorted relu relu6 leaky_relu elu selu gelu softplus softsign swish silu softmax log_softmax
sigmoid_cross_entropy_with_logits softmax_cross_entropy_with_logits
sparse_softmax_cross_entropy_with_logits weighted_cross_entropy_with_logits l2_loss l2_normalize
bias_add moments batch_normalization dropout conv1d conv2d conv3d conv2d_transpose
depthwise_conv2d separable_conv2d max_pool1d max_pool2d avg_pool1d avg_pool2d max_pool avg_pool
inv det slogdet cholesky solve triangular_solve qr svd eigh norm matrix_transpose diag diag_part
trace band_part set_seed normal uniform truncated_normal categorical shuffle stateless_normal
stateless_uniform Generator bitwise_and bitwise_or bitwise_xor invert conj real imag
stop_gradient custom_gradient GradientTape Variable constant convert_to_tensor TensorShape
DType as_dtype print Module executing_eagerly name_scope device nest errors config debugging
realdiv truncatediv xlogy divide_no_nan scalar_mul embedding_lookup global_norm matvec adjoint
logdet inv lu pinv expm cross lstsq math nn linalg random bitwise
""".split()

_SPACES = ["tf", "tf.math", "tf.nn", "tf.linalg", "tf.random", "tf.bitwise"]

SNIPPETS = {f"{space}.{name}": f"hasattr({space}, {name!r})"
            for space in _SPACES for name in dict.fromkeys(_NAMES)}
