"""callback-sim: rehearse callback interviews in the terminal."""

import os

# The scorer multiplies small matrices (core/scoring/semantic.py); a BLAS thread pool only
# adds wake-up latency there (0.3 ms becomes 4 ms on a busy 2-core machine).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
