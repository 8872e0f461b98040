"""Command line: `fluxion demo` (or `python -m fluxion demo`), `fluxion demo --estimator`."""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fluxion", description="Fluxion command line")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser(
        "demo", help="train, evaluate, save and reload a small Keras CNN on the packaged digits "
                     "(--estimator: a wide & deep Estimator on the packaged census data)")
    demo.add_argument("--estimator", action="store_true",
                      help="train a DNNLinearCombinedClassifier with feature columns on UCI "
                           "Adult, evaluate it, export a SavedModel, reload it and predict "
                           "from serialized tf.train.Example protos")
    demo.add_argument("--epochs", type=int, default=20, help="Keras demo: epochs")
    demo.add_argument("--steps", type=int, default=600, help="Estimator demo: training steps")
    demo.add_argument("--batch-size", type=int, default=None,
                      help="default: 32 (Keras demo), 64 (Estimator demo)")
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument("--model-dir", default=None,
                      help="Estimator demo: where to keep checkpoints and the export "
                           "(default: a new temporary directory)")
    args = parser.parse_args(argv)
    if args.command == "demo" and args.estimator:
        from fluxion import demo_estimator  # noqa: PLC0415 - keep `fluxion --help` fast

        result = demo_estimator.run(steps=args.steps, batch_size=args.batch_size or 64,
                                    seed=args.seed, model_dir=args.model_dir)
        return 0 if result["metrics"]["accuracy"] >= 0.8 else 1
    if args.command == "demo":
        from fluxion import demo as demo_module  # noqa: PLC0415

        accuracy = demo_module.run(epochs=args.epochs, batch_size=args.batch_size or 32,
                                   seed=args.seed)
        return 0 if accuracy >= 0.95 else 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
