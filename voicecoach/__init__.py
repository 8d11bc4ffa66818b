"""voicecoach: spoken workout coaching from YAML routines."""

import os

# voicecoach keeps every core busy with its own workers (voices, encoders); BLAS threads on
# top of them only spin (resampling a clip cost ten times the CPU). Before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
