"""Command line: `fluxion demo` (or `python -m fluxion demo`)."""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fluxion", description="Fluxion command line")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="train, evaluate, save and reload a small Keras CNN on the packaged digits")
    demo.add_argument("--epochs", type=int, default=20)
    demo.add_argument("--batch-size", type=int, default=32)
    demo.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.command == "demo":
        from fluxion import demo as demo_module  # noqa: PLC0415 - keep `fluxion --help` fast

        accuracy = demo_module.run(epochs=args.epochs, batch_size=args.batch_size,
                                   seed=args.seed)
        return 0 if accuracy >= 0.95 else 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
