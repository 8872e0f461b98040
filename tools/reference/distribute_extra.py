"""TF2 reference snippets: tf.distribute's cross-device ops and option objects,
experimental_set_strategy, and tf.train.ClusterSpec."""

_C = "c = tf.train.ClusterSpec({'worker': ['a:1', 'b:2'], 'ps': ['c:3']})\n"
SNIPPETS = {
    "mirrored_with_hierarchical": "s = tf.distribute.MirroredStrategy(cross_device_ops="
                                  "tf.distribute.HierarchicalCopyAllReduce())\n"
                                  "result = s.num_replicas_in_sync",
    "mirrored_with_reduction_to_one": "s = tf.distribute.MirroredStrategy(cross_device_ops="
                                      "tf.distribute.ReductionToOneDevice())\n"
                                      "result = float(s.reduce('SUM', s.run(lambda: "
                                      "tf.constant(2.0)), axis=None))",
    "reduction_to_one_reduce": "r = tf.distribute.ReductionToOneDevice()\n"
                               "result = r.reduce(tf.distribute.ReduceOp.SUM, "
                               "tf.constant([1., 2.]), tf.constant([1., 2.]))",
    "nccl_num_packs": "result = isinstance(tf.distribute.NcclAllReduce(num_packs=2), "
                      "tf.distribute.CrossDeviceOps)",
    "nccl_bad_packs": "tf.distribute.NcclAllReduce(num_packs=-1)",
    "replication_modes": "list(tf.distribute.InputReplicationMode.__members__)",
    "input_options": "o = tf.distribute.InputOptions()\nresult = [o.experimental_fetch_to_device,"
                     " o.experimental_replication_mode.name, "
                     "o.experimental_place_dataset_on_device, "
                     "o.experimental_per_replica_buffer_size]",
    "run_options": "o = tf.distribute.RunOptions()\nresult = "
                   "[o.experimental_enable_dynamic_batch_size, "
                   "o.experimental_bucketizing_dynamic_shape]",
    "set_strategy": "s = tf.distribute.MirroredStrategy()\n"
                    "tf.distribute.experimental_set_strategy(s)\n"
                    "a = [tf.distribute.get_strategy() is s, tf.distribute.has_strategy()]\n"
                    "tf.distribute.experimental_set_strategy(None)\n"
                    "result = a + [tf.distribute.has_strategy()]",
    "set_strategy_variables": "s = tf.distribute.MirroredStrategy()\n"
                              "tf.distribute.experimental_set_strategy(s)\n"
                              "v = tf.Variable(1.0)\n"
                              "tf.distribute.experimental_set_strategy(None)\n"
                              "result = [type(v).__name__ != 'ResourceVariable' or "
                              "s.num_replicas_in_sync == 1, float(v.numpy())]",
    "cluster_jobs": _C + "result = [c.jobs, c.num_tasks('worker'), c.task_address('worker', 1), "
                         "c.task_indices('ps'), c.as_dict(), bool(c)]",
    "cluster_sparse": "result = tf.train.ClusterSpec({'worker': {1: 'x:1'}}).as_dict()",
    "cluster_dict_dense": "result = tf.train.ClusterSpec({'worker': {0: 'x:1', 1: 'y:2'}})"
                          ".as_dict()",
    "cluster_repr": _C + "result = repr(c)",
    "cluster_eq": _C + "result = [c == tf.train.ClusterSpec(c.as_dict()), "
                       "c == tf.train.ClusterSpec({'worker': ['a:1']})]",
    "cluster_empty": "result = bool(tf.train.ClusterSpec({}))",
    "cluster_missing_job": _C + "c.num_tasks('chief')",
    "cluster_missing_task": _C + "c.task_address('worker', 5)",
    "cluster_bad": "tf.train.ClusterSpec(['a:1'])",
    "cluster_job_tasks": "result = tf.train.ClusterSpec({'w': {0: 'a', 2: 'c'}}).job_tasks('w')",
}
