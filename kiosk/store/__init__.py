"""The only code that touches data files: TinyDB made crash-safe and multi-process-safe."""
