"""Command-line subcommands, one module per area.

Each module exposes ``register(subparsers, common)`` which adds its
subcommands and sets ``handler(args, config) -> int`` on them. Modules keep
heavy imports (Whoosh, Rich tables) inside their handlers so that starting the
TUI stays fast.
"""
