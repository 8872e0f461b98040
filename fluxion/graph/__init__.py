"""Graph mode: the IR (ir.py), its interpreter (executor.py) and rewrite passes (passes/)."""
