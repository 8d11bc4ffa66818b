"""serve under load on loopback: ``voicecoach serve`` of the seed program in a child
process, then 200 clients at once, each polling the feed (conditional after the first
poll) and asking for 1 MB ranges of the episodes, 3 rounds each: errors, the server's
memory (resident before; the most sampled during the load), the time to the first byte
of an episode range idle and under load (median, 95th percentile), the load's wall time."""

from __future__ import annotations

import http.client
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "routines" / "glute-minimus-program.yaml"
CLIENTS, ROUNDS, CHUNK = 200, 3, 1 << 20


def _kib(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    m = re.search(rf"^{field}:\s+(\d+) kB", status, re.M)
    return int(m.group(1)) if m else 0


class Client(threading.Thread):
    """One phone: feed polls and range downloads; counts what went wrong."""

    def __init__(self, port: int, token: str, files: list[tuple[str, int]],
                 start: threading.Barrier, seed: int) -> None:
        super().__init__(daemon=True)
        self.port, self.token, self.files, self.start_line = port, token, files, start
        self.rng = random.Random(seed)
        self.errors: list[str] = []
        self.first_bytes: list[float] = []

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        etag = ""
        try:
            self.start_line.wait()
            for _ in range(ROUNDS):
                r = self._get(conn, "feed.xml", {"If-None-Match": etag} if etag else {})
                body = r.read()
                if r.status not in (200, 304) or (r.status == 200 and not body):
                    self.errors.append(f"feed {r.status}")
                etag = r.getheader("etag") or etag
                name, size = self.rng.choice(self.files)
                lo = self.rng.randrange(0, max(1, size - CHUNK))
                sent = time.perf_counter()
                r = self._get(conn, name, {"Range": f"bytes={lo}-{lo + CHUNK - 1}"})
                r.read(1)
                self.first_bytes.append(time.perf_counter() - sent)
                rest = r.read()
                if r.status != 206 or 1 + len(rest) != min(CHUNK, size - lo):
                    self.errors.append(f"range {r.status} {1 + len(rest)} bytes")
        except (OSError, http.client.HTTPException) as exc:
            self.errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            conn.close()

    def _get(self, conn: http.client.HTTPConnection, name: str,
             headers: dict[str, str]) -> http.client.HTTPResponse:
        conn.request("GET", f"/{self.token}/{name}", headers=headers)
        return conn.getresponse()


def _start(env: dict[str, str]) -> tuple[subprocess.Popen[str], int, str]:
    proc = subprocess.Popen([sys.executable, "-m", "voicecoach", "serve", str(SEED), "--host",
                             "127.0.0.1", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    while line and "Page:" not in line:
        line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/([\w-]+)/", line)
    if not m:
        proc.kill()
        raise SystemExit("serve bench: the server did not start")
    out = proc.stdout
    threading.Thread(target=lambda: [None for _ in out], daemon=True).start()  # drained
    return proc, int(m.group(1)), m.group(2)


def run(tmp: Path, env: dict[str, str]) -> None:
    env = {**env, "VOICECOACH_DATA_DIR": str(tmp / "serve-data")}
    proc, port, token = _start(env)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", f"/{token}/episodes.json")
        import json

        eps = json.loads(conn.getresponse().read())["episodes"]
        files = [(e["audio"].rsplit("/", 1)[1], e["size"]) for e in eps]
        idle = []
        for name, _ in files * 5:
            sent = time.perf_counter()
            conn.request("GET", f"/{token}/{name}", headers={"Range": "bytes=0-65535"})
            r = conn.getresponse()
            r.read(1)
            idle.append(time.perf_counter() - sent)
            r.read()
        conn.close()
        before = _kib(proc.pid, "VmRSS")
        barrier = threading.Barrier(CLIENTS)
        clients = [Client(port, token, files, barrier, i) for i in range(CLIENTS)]
        began = time.perf_counter()
        for c in clients:
            c.start()
        peak = before   # sampled every 20 ms (the process's own high-water mark includes
        while any(c.is_alive() for c in clients):   # the export before the load)
            peak = max(peak, _kib(proc.pid, "VmRSS"))
            time.sleep(0.02)
        took = time.perf_counter() - began
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    errors = [e for c in clients for e in c.errors]
    loaded = sorted(t for c in clients for t in c.first_bytes)
    requests = CLIENTS * ROUNDS * 2
    print(f"serve: {CLIENTS} clients x {ROUNDS} rounds (feed poll + 1 MB range): "
          f"{requests} requests, {len(errors)} errors, {took:.1f} s"
          + (f" (first: {errors[0]})" if errors else ""))
    print(f"serve memory: {before / 1024:.0f} MiB resident before the load, at most "
          f"{peak / 1024:.0f} MiB during it (sampled every 20 ms)")
    print(f"serve first byte of an episode: idle median {statistics.median(idle) * 1000:.1f} "
          f"ms; under load median {statistics.median(loaded) * 1000:.0f} ms, 95th percentile "
          f"{loaded[int(len(loaded) * 0.95)] * 1000:.0f} ms")
