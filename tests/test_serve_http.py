"""serve over real HTTP on 127.0.0.1: the feed read by feedparser and podcastparser, its
documents equal to the MP3's own tags and lyrics, byte ranges, conditional requests, and
bad requests that all find nothing."""

from __future__ import annotations

import hashlib
import json
import struct
import textwrap
from pathlib import Path

from tests.serving import ROUTINE, TOKEN, Served, get, served, store
from voicecoach.serve import documents, feed

__all__ = ["served"]   # the fixture

def url(path: str) -> str:
    return f"/{TOKEN}/{path}"


def test_the_feed_reads_in_both_parsers(served: Served) -> None:
    import feedparser
    import podcastparser

    st, shelf, port, _ = served
    status, headers, body = get(port, url("feed.xml"))
    assert status == 200 and headers["content-type"].startswith("application/rss+xml")
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.feed.itunes_type == "serial"
    base = f"http://127.0.0.1:{port}/{TOKEN}/"
    pod = podcastparser.parse(base + "feed.xml", __import__("io").BytesIO(body))
    assert pod["title"] == "Test export" and pod["cover_url"] == f"{base}{shelf.artwork}"
    assert len(pod["episodes"]) == len(parsed.entries) == 2
    by_number = {ep["number"]: ep for ep in pod["episodes"]}
    for e, entry in zip(shelf.episodes, parsed.entries):
        ep = by_number[e.number]
        size = (st.public / e.audio).stat().st_size
        assert entry.enclosures[0]["length"] == str(size) == str(e.size)
        assert ep["enclosures"] == [{"url": base + e.audio, "file_size": size,
                                     "mime_type": "audio/mpeg"}]
        assert ep["total_time"] == round(e.seconds) == int(entry.itunes_duration)
        assert int(entry.itunes_episode) == e.number
        assert ep["guid"] == entry.id == f"voicecoach:{e.guid}"
        assert e.guid == hashlib.sha256((st.public / e.audio).read_bytes()).hexdigest()[:32]


def _frames(mp3: Path) -> tuple[list[tuple[float, str]], list[tuple[float, str]], bytes]:
    """The MP3's CHAP frames, SYLT lines and front cover, read here with mutagen."""
    from mutagen.id3 import ID3

    tags = ID3(str(mp3))
    chaps = [(f.start_time / 1000, str(f.sub_frames["TIT2"].text[0]))
             for f in tags.getall("CHAP")]
    sylt = [(ms / 1000, text) for text, ms in tags.getall("SYLT")[0].text]
    return chaps, sylt, tags.getall("APIC")[0].data


def test_chapters_transcripts_and_artwork_agree_with_the_mp3(served: Served) -> None:
    st, shelf, port, _ = served
    for e in shelf.episodes:
        chaps, sylt, cover = _frames(st.public / e.audio)
        assert [at for at, _ in chaps] == sorted(at for at, _ in chaps)   # in time order
        assert [t for _, t in chaps] == [t for _, t in e.chapters]
        _, _, body = get(port, url(e.chapters_json))
        doc = json.loads(body)
        assert [(c["startTime"], c["title"]) for c in doc["chapters"]] == \
            [(round(at, 3), t) for at, t in chaps]
        lrc = (st.folder / "staging" / "0" / e.audio[:-17]).with_suffix(".lrc")
        lines = documents.lrc_lines(lrc.read_text("utf-8"))
        assert [t for _, t in lines] == [t for _, t in sylt]   # centiseconds against ms:
        assert all(abs(a - b) <= 0.0051 for (a, _), (b, _) in zip(lines, sylt))
        status, headers, vtt = get(port, url(e.vtt))
        assert status == 200 and headers["content-type"].startswith("text/vtt")
        blocks = vtt.decode().split("\n\n")[1:]
        assert [b.splitlines()[1] for b in blocks if b] == [t for _, t in lines]
        assert [b.splitlines()[0][:12] for b in blocks if b] == \
            [documents.vtt([(at, "")], at).split("\n")[2][:12] for at, _ in lines]
        _, _, srt = get(port, url(e.srt))
        assert [b.splitlines()[2] for b in srt.decode().split("\n\n") if b] == \
            [t for _, t in lines]
        _, headers, png = get(port, url(shelf.artwork or ""))
        assert headers["content-type"] == "image/png" and png == cover
        width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
        assert (width, height, depth, colour) == (1400, 1400, 8, 2)   # 8-bit RGB, no alpha


def test_a_second_run_writes_the_same_items(served: Served, tmp_path: Path,
                                            shared_cache: Path) -> None:
    st, shelf, _, _ = served
    routine = tmp_path / "r.yaml"
    routine.write_text(textwrap.dedent(ROUTINE), encoding="utf-8")
    other = store(routine, tmp_path, shared_cache, []).current()
    base = "http://192.168.1.20:8765/x/"
    assert feed.feed(other, base) == feed.feed(shelf, base)
    for e in other.episodes:
        assert (tmp_path / "serve" / "public" / e.audio).read_bytes() == \
            (st.public / e.audio).read_bytes()


def test_the_feed_answers_304_to_its_etag(served: Served) -> None:
    _, _, port, said = served
    _, headers, body = get(port, url("feed.xml"))
    etag = headers["etag"]
    assert said[-1] == "phone fetched the feed"
    status, again, empty = get(port, url("feed.xml"), headers={"If-None-Match": etag})
    assert (status, empty, again["etag"]) == (304, b"", etag)
    assert said[-1] == "phone checked the feed: nothing new"
    status, _, full = get(port, url("feed.xml"), headers={"If-None-Match": '"other"'})
    assert (status, full) == (200, body)


def test_byte_ranges(served: Served) -> None:
    st, shelf, port, said = served
    e = shelf.episodes[0]
    data = (st.public / e.audio).read_bytes()
    size = len(data)
    status, headers, body = get(port, url(e.audio), "HEAD")
    assert (status, body, headers["content-length"]) == (200, b"", str(size))
    assert headers["accept-ranges"] == "bytes" and headers["content-type"] == "audio/mpeg"
    status, headers, body = get(port, url(e.audio), headers={"Range": "bytes=0-1"})
    assert (status, body, headers["content-range"]) == (206, data[:2], f"bytes 0-1/{size}")
    assert said[-1] == "downloading Legs (1 of 2)"
    status, _, body = get(port, url(e.audio), headers={"Range": "bytes=0-"})
    assert (status, body) == (206, data)
    status, headers, body = get(port, url(e.audio), headers={"Range": "bytes=-100"})
    assert (status, body) == (206, data[-100:])
    assert headers["content-range"] == f"bytes {size - 100}-{size - 1}/{size}"
    told = len(said)
    status, _, _ = get(port, url(e.audio), headers={"Range": f"bytes={size}-"})
    assert status == 416
    status, _, _ = get(port, url(e.audio), headers={"Range": "bytes=99-0"})
    assert status == 400
    assert len(said) == told   # nothing sent: no "resumed … at 100 %" or "at 0 %"


def test_a_resumed_download_is_the_whole_file(served: Served) -> None:
    st, shelf, port, said = served
    e = shelf.episodes[1]
    whole = (st.public / e.audio).read_bytes()
    half = (e.size + 1) // 2  # 50 % (rounded down) of an odd size too: another ffmpeg, another size
    status, headers, first = get(port, url(e.audio), headers={"Range": f"bytes=0-{half - 1}"})
    assert status == 206
    etag = headers["etag"]
    status, _, rest = get(port, url(e.audio), headers={"Range": f"bytes={half}-",
                                                        "If-Range": etag})
    assert status == 206
    assert said[-1] == "resumed Core (2 of 2) at 50 %"
    assert hashlib.sha256(first + rest).hexdigest() == hashlib.sha256(whole).hexdigest()
    status, _, body = get(port, url(e.audio), headers={"Range": f"bytes={half}-",
                                                        "If-Range": '"stale"'})
    assert (status, body) == (200, whole)   # the file changed since: the whole of it


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def test_bad_requests_find_nothing(served: Served, tmp_path: Path) -> None:
    st, shelf, port, _ = served
    secret = tmp_path / "secret.txt"
    secret.write_text("not for phones")
    link = st.public / "link.mp3"
    link.symlink_to(secret)
    try:
        before = _snapshot(st.folder)
        audio = shelf.episodes[0].audio
        for path in [f"/{'x' * len(TOKEN)}/feed.xml", f"/{TOKEN[:-1]}/{audio}", "/",
                     f"/{TOKEN}/../{TOKEN}/feed.xml", f"/{TOKEN}/..%2f..%2fetc%2fpasswd",
                     f"/{TOKEN}/%2e%2e/episodes.json", f"/{TOKEN}/%2e%2e%2fepisodes.json",
                     f"/{TOKEN}/..", f"/{TOKEN}//etc/passwd", f"/{TOKEN}/%2Fetc%2Fpasswd",
                     f"/{TOKEN}/{st.public}/{audio}", f"/{TOKEN}/link.mp3",
                     f"/{TOKEN}/.{audio}.1.part", f"/{TOKEN}/index.html", f"/{TOKEN}/static/",
                     f"/{TOKEN}/page.js/..", f"/{TOKEN}/{audio}%00"]:
            status, _, body = get(port, path)
            assert status == 404, path
            assert b"not for phones" not in body
        for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
            status, headers, _ = get(port, url(audio), method)
            assert (status, headers["allow"]) == (405, "GET, HEAD"), method
        assert _snapshot(st.folder) == before
    finally:
        link.unlink()


def test_content_types(served: Served) -> None:
    _, _, port, said = served
    for name, kind in [("", "text/html"), ("page.js", "text/javascript"),
                       ("page.css", "text/css"), ("episodes.json", "application/json")]:
        status, headers, _ = get(port, url(name))
        assert status == 200 and headers["content-type"].startswith(kind), name
    assert "phone opened the page" in said
    _, _, body = get(port, url("episodes.json"))
    data = json.loads(body)
    assert [e["title"] for e in data["episodes"]] == ["Legs", "Core"]
    assert data["feed"] == f"http://127.0.0.1:{port}/{TOKEN}/feed.xml"
    assert data["episodes"][0]["chapters"][0] == {"start": 0.0, "title": "Main: Squat"}
