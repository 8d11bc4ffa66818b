"""scripts/bench: one line per figure."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main() -> None:
    which = set(sys.argv[1:]) or {"startup", "history", "program", "voice", "export", "music",
                                   "live", "listen", "serve"}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "VOICECOACH_CACHE_DIR": str(Path(tmp) / "cache")}
        if "cli" in which or "startup" in which:
            from benchmarks import startup_bench

            # "cli": --help and plan; "startup": also cold validate and the first cue
            startup_bench.run(Path(tmp), env, which)
        if "history" in which:
            from benchmarks import history_bench

            history_bench.run(Path(tmp), env)
        if "voice" in which or "voices" in which:
            from benchmarks import voice_bench

            # "voice": the default voice; "voices": every installed voice
            voice_bench.run(Path(tmp), every="voices" in which)
        if "export" in which:
            from benchmarks import export_bench

            export_bench.run(Path(tmp), env)
        if "music" in which:
            from benchmarks import music_bench

            music_bench.run(Path(tmp), env)
        if "live" in which:
            from benchmarks import live_bench

            live_bench.run(Path(tmp), env)
        if "program" in which:
            from benchmarks import program_bench

            program_bench.run(Path(tmp), env)
        if "listen" in which:
            from benchmarks import listen_bench

            listen_bench.run(Path(tmp), env)
        if "serve" in which:
            from benchmarks import serve_bench

            serve_bench.run(Path(tmp), env)


if __name__ == "__main__":
    main()
