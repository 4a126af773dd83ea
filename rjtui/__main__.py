"""Allow ``python -m rjtui``.

Guarded so that multiprocessing workers (spawned by parallel index builds),
which re-import ``__main__``, do not start a second rjtui.
"""

from rjtui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
