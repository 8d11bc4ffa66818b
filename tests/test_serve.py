"""serve: the address chosen from FAKE interfaces, the token kept, transcripts and
chapters documents, the terminal's QR code read back, and the episodes kept current."""

from __future__ import annotations

import os
import stat
import textwrap
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tests.conftest import need
from tests.serving import ROUTINE, store
from voicecoach.cli import cli
from voicecoach.errors import VoicecoachError
from voicecoach.serve import address, documents, terminal
from voicecoach.serve.address import Interface
from voicecoach.serve.episodes import Shelf
from voicecoach.serve.token import token
from voicecoach.serve.web import page_data

HOME = [Interface("lo", "127.0.0.1"), Interface("docker0", "172.17.0.1"),
        Interface("br-3f2a", "172.18.0.1"), Interface("veth12ab", "169.254.3.3"),
        Interface("tun0", "10.8.0.5"), Interface("wlan0", "192.168.1.20"),
        Interface("enp3s0", "192.168.7.3")]


def test_the_default_routes_interface_wins() -> None:
    assert address.choose(HOME, "wlan0") == Interface("wlan0", "192.168.1.20")
    assert address.choose(HOME, "enp3s0") == Interface("enp3s0", "192.168.7.3")


def test_a_vpn_or_container_default_route_falls_back_to_a_real_interface() -> None:
    # tun0 carries the default route (a VPN): the phone is on wlan0's network
    assert address.choose(HOME, "tun0") == Interface("wlan0", "192.168.1.20")
    assert address.choose(HOME, None) == Interface("wlan0", "192.168.1.20")


def test_no_reachable_address_is_an_error_never_every_interface() -> None:
    with pytest.raises(VoicecoachError) as e:
        address.choose(HOME[:5], "docker0")
    assert str(e.value) == ("found no network address a phone could reach (only loopback, "
                            "containers or tunnels); give one with --host")


def test_host_given() -> None:
    assert address.given("192.168.7.3", HOME) == Interface("enp3s0", "192.168.7.3")
    assert address.given("localhost", HOME) == Interface("lo", "127.0.0.1")
    assert address.given("0.0.0.0", HOME) == Interface("every interface", "0.0.0.0")
    with pytest.raises(VoicecoachError, match=r"^--host 'my-pc' is not an IP address$"):
        address.given("my-pc", HOME)


def test_default_route_read_from_the_route_table(tmp_path: Path) -> None:
    table = tmp_path / "route"
    table.write_text("Iface\tDestination\tGateway\n"
                     "docker0\t000011AC\t00000000\n"
                     "wlan0\t00000000\t0101A8C0\n")
    assert address.default_route(table) == "wlan0"
    assert address.default_route(tmp_path / "none") is None


def test_token_is_kept_and_renewed(tmp_path: Path) -> None:
    first = token(tmp_path)
    assert len(first) == 22 and first.replace("-", "").replace("_", "").isalnum()
    assert token(tmp_path) == first                    # a restart keeps the subscription
    assert stat.S_IMODE(os.stat(tmp_path / "serve-token").st_mode) == 0o600
    renewed = token(tmp_path, renew=True)
    assert renewed != first and token(tmp_path) == renewed
    (tmp_path / "serve-token").write_text("../../etc\n")  # not a token: a new one
    assert token(tmp_path) not in ("../../etc", renewed)


LRC = """[ti:Legs]
[length:0:12]
[00:00.00]Legs.
[00:01.50]Squat, 3 reps.
[00:07.25]♪
"""


def test_transcripts_follow_the_lrc_lines() -> None:
    lines = documents.lrc_lines(LRC)
    assert lines == [(0.0, "Legs."), (1.5, "Squat, 3 reps."), (7.25, "♪")]
    assert documents.vtt(lines, 12.0) == (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nLegs.\n\n"
        "00:00:01.500 --> 00:00:07.250\nSquat, 3 reps.\n\n"
        "00:00:07.250 --> 00:00:12.000\n♪\n")
    assert documents.srt(lines, 12.0).splitlines()[:3] == [
        "1", "00:00:00,000 --> 00:00:01,500", "Legs."]


def _decode(text: str) -> str:
    """Read a compact terminal QR code back through an image: a block character's halves
    are light modules, a space is two dark ones; 4 pixels a module."""
    rows = []
    for line in text.splitlines():
        row = line.strip(" ")   # the indent, not the code: the code starts with a light border
        rows.append([255 if c in "█▀" else 0 for c in row])
        rows.append([255 if c in "█▄" else 0 for c in row])
    width = max(map(len, rows))
    image = np.array([r + [255] * (width - len(r)) for r in rows], dtype=np.uint8)
    image = np.pad(np.kron(image, np.ones((4, 4), dtype=np.uint8)), 16, constant_values=255)
    import zxingcpp

    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1
    return str(found[0].text)


def test_the_printed_qr_code_reads_as_the_printed_page_url() -> None:
    page = "http://192.168.1.20:8765/k7Qm3xWq9Zt2Lp0aBcDeFg/"
    lines = terminal.banner(Shelf("Gluteus minimus program", episodes=()),
                            Interface("wlan0", "192.168.1.20"), 8765, page, "session")
    assert lines[:4] == ['Serving 0 sessions of "Gluteus minimus program" on 192.168.1.20 '
                         "(wlan0), port 8765",
                         f"  Page:  {page}", f"  Feed:  {page}feed.xml",
                         "  Sync:  server http://192.168.1.20:8765, user name k7Qm3xWq9Zt2Lp0aBcDeFg, "
                         "any password (AntennaPod: gpodder.net)"]
    code = "\n".join(lines[4:-1])
    assert _decode(code) == page


def test_serve_refuses_a_host_that_is_no_address(tmp_path: Path) -> None:
    routine = tmp_path / "r.yaml"
    routine.write_text(textwrap.dedent(ROUTINE), encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", str(routine), "--host", "my-pc"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "Error: --host 'my-pc' is not an IP address"


def test_episodes_follow_the_routine(tmp_path: Path, shared_cache: Path) -> None:
    need("ffmpeg")
    routine = tmp_path / "r.yaml"
    routine.write_text(textwrap.dedent(ROUTINE), encoding="utf-8")
    said: list[str] = []
    st = store(routine, tmp_path, shared_cache, said)
    first = st.current()
    assert said and all(line.startswith("Warning: Legs: ") for line in said)  # rests grew
    said.clear()
    assert [e.title for e in first.episodes] == ["Legs", "Core"]
    assert [e.number for e in first.episodes] == [1, 2]
    assert first.error is None
    files = sorted(p.name for p in st.public.iterdir())
    assert files == sorted(first.files())
    for e in first.episodes:
        assert e.size == (st.public / e.audio).stat().st_size
        assert e.guid[:12] in e.audio
    # a restart reads the index: nothing is exported again, the same shelf is served
    again = store(routine, tmp_path, shared_cache, said)
    assert again.current() == first and said == []
    # one exercise changed: that session alone gets new audio, the old file goes
    kept = {name: (st.public / name).stat().st_mtime_ns for name in first.episodes[0].files()}
    routine.write_text(textwrap.dedent(ROUTINE).replace("time: 12s", "time: 14s"))
    changed = again.current()
    # the unchanged session's files are left alone: same dates, so the same ETags
    assert {n: (st.public / n).stat().st_mtime_ns for n in kept} == kept
    assert said[0] == "a routine or the history changed: exporting again"
    del said[1:]
    assert changed.episodes[0].guid == first.episodes[0].guid
    assert changed.episodes[1].guid != first.episodes[1].guid
    # 2 s more work; "fourteen seconds" is said in a little more or less time than "twelve"
    assert changed.episodes[1].seconds == pytest.approx(first.episodes[1].seconds + 2, abs=0.5)
    assert not (st.public / first.episodes[1].audio).exists()
    # a routine that no longer reads: the last good episodes stay, with the error line
    routine.write_text("name: Test export\nsessions: 3\n")
    broken = again.current()
    assert broken.episodes == changed.episodes
    assert broken.error is not None and broken.error.startswith(f"{routine}:2:")
    assert said[-1] == f"Error: {broken.error} (still serving the last good episodes)"
    assert again.current() is broken and len(said) == 3   # not tried again until it changes
    assert page_data(broken, "http://h/t/")["error"] == broken.error   # the page shows it


def test_split_by_exercise_serves_an_episode_an_exercise(tmp_path: Path,
                                                          shared_cache: Path) -> None:
    from tests.fakes import fake_env
    from voicecoach.serve.episodes import Store
    from voicecoach.settings import Settings

    need("ffmpeg")
    routine = tmp_path / "r.yaml"
    routine.write_text(textwrap.dedent(ROUTINE), encoding="utf-8")
    env = fake_env(shared_cache, tmp_path / "data")
    shelf = Store([routine], Settings(split="exercise"), env, tmp_path / "serve",
                  lambda line: None).current()
    assert [(e.number, e.title) for e in shelf.episodes] == [
        (1, "Legs: Main: Squat"), (2, "Legs: Main: Side plank"), (3, "Core: Jumping jacks")]
    assert [len(e.chapters) for e in shelf.episodes] == [1, 1, 1]


def test_serve_prints_the_page_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    """The command itself, in a child process on 127.0.0.1: the banner, the printed QR
    code read back as the printed page URL, a line per phone action, Ctrl-C."""
    import re
    import signal
    import socket
    import subprocess
    import sys
    import threading

    from tests.serving import get

    need("ffmpeg")
    routine = tmp_path / "r.yaml"
    routine.write_text(textwrap.dedent(ROUTINE), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "voicecoach", "serve", str(routine),
                             "--host", "127.0.0.1", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")
    guard = threading.Timer(180, proc.kill)   # never hangs the suite
    guard.start()
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline().rstrip("\n")]
        while lines[-1] and not lines[-1].startswith("Scan it"):
            lines.append(proc.stdout.readline().rstrip("\n"))
        assert lines[0].startswith('Serving 2 sessions of "Test export" on 127.0.0.1 (lo), '
                                   "port "), lines
        port = int(lines[0].rsplit(" ", 1)[1])
        page = lines[1].removeprefix("  Page:  ")
        kept = (Path(os.environ["VOICECOACH_DATA_DIR"]) / "serve-token").read_text().strip()
        assert page == f"http://127.0.0.1:{port}/{kept}/"
        assert lines[2] == f"  Feed:  {page}feed.xml"
        assert lines[3] == (f"  Sync:  server http://127.0.0.1:{port}, user name {kept}, any "
                            "password (AntennaPod: gpodder.net)")
        assert lines[4] == ("  Only this computer reaches 127.0.0.1: for a phone, leave out "
                            "--host (or give this computer's address on your network)")
        assert _decode("\n".join(lines[5:-1])) == page
        status, _, body = get(port, f"/{kept}/feed.xml")
        assert status == 200 and b"<itunes:type>serial</itunes:type>" in body
        assert proc.stdout.readline() == "phone fetched the feed\n"
        assert get(port, f"/api/2/auth/{kept}/login.json", "POST")[0] == 200
        assert proc.stdout.readline() == "phone signed in to sync\n"
        # a phone downloading slowly (it reads 1 kB, then nothing): Ctrl-C
        # still stops the server, cutting the download after a second, and says no more
        mp3 = re.search(rb'url="http://[^/]+(/[^"]+[.]mp3)"', body)
        assert mp3 is not None
        slow = socket.socket()
        slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        slow.connect(("127.0.0.1", port))
        # many times over one connection: more than the kernel's buffers hold
        slow.sendall((b"GET " + mp3[1] + b" HTTP/1.1\r\nHost: x\r\n\r\n") * 64)
        assert slow.recv(1024).startswith(b"HTTP/1.1 200")
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        slow.close()
    finally:
        guard.cancel()
        proc.kill()
    assert proc.returncode == 130 and err.splitlines()[-1] == "Interrupted."
    assert err.splitlines()[0] == "Exporting the sessions…"   # (then the rests' warnings)
    assert [line for line in err.splitlines()[1:-1] if not line.startswith("Warning: ")] == []


def test_serve_without_a_lan_address_stops_before_any_work(tmp_path: Path) -> None:
    from tests.fakes import fake_env
    from voicecoach.app.serve import Serve
    from voicecoach.settings import Settings

    env = fake_env(tmp_path / "cache", tmp_path / "data")
    with pytest.raises(VoicecoachError, match=r"^found no network address a phone could"):
        Serve([tmp_path / "r.yaml"], Settings(), env, None, 0, False, print,
              found=lambda: HOME[:5], route=lambda: "docker0")
    assert not (tmp_path / "data").exists()   # no token made, nothing exported


def test_the_artwork_leaves_the_chapters_in_time_order(tmp_path: Path) -> None:
    import subprocess

    from voicecoach.export.tags import TrackInfo, write_tags
    from voicecoach.serve import artwork

    mp3 = tmp_path / "a.mp3"
    subprocess.run([need("ffmpeg"), "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=22050",
                    "-t", "2", str(mp3)], check=True)
    marks = ((0.0, 1.0, "A first exercise with a much longer name"), (1.0, 2.0, "B"))
    write_tags(mp3, TrackInfo("T", "Al", "Ar", 1, 1, marks, ()))
    artwork.embed(mp3, b"\x89PNG not really")
    # mutagen's own writer puts the smaller CHAP frame ("B") first
    assert documents.chapters(mp3) == [(0.0, marks[0][2]), (1.0, "B")]


def test_several_routines_make_one_show(tmp_path: Path, shared_cache: Path) -> None:
    from tests.fakes import fake_env
    from voicecoach.serve.episodes import Store
    from voicecoach.settings import Settings

    need("ffmpeg")
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text(textwrap.dedent(ROUTINE), encoding="utf-8")
    two.write_text(textwrap.dedent(ROUTINE).replace("Test export", "Second"), encoding="utf-8")
    env = fake_env(shared_cache, tmp_path / "data")
    shelf = Store([one, two], Settings(), env, tmp_path / "serve", lambda line: None).current()
    assert shelf.title == "Test export + Second"
    assert [(e.number, e.title) for e in shelf.episodes] == [
        (1, "Legs"), (2, "Core"), (3, "Legs"), (4, "Core")]
    assert len({e.audio for e in shelf.episodes}) == 4   # the album tag names the routine


def test_artwork_of_any_title(tmp_path: Path) -> None:
    import struct

    from voicecoach.serve import artwork

    need("ffmpeg")
    path = artwork.draw("100% legs: %{pts} 'quoted' \\ — Übung", tmp_path)
    png = path.read_bytes()
    assert struct.unpack(">IIBB", png[16:26]) == (1400, 1400, 8, 2)   # 8-bit RGB, no alpha
    assert [p.name for p in tmp_path.iterdir()] == [path.name]        # no part left
    assert artwork.draw("100% legs: %{pts} 'quoted' \\ — Übung", tmp_path) == path
