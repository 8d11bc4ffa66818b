"""The gPodder sync API of `serve`, called by the gPodder client library (mygpoclient) as
AntennaPod's synchronisation calls it, on a real server on 127.0.0.1: a session played to
its end on the phone is recorded once a day, and the served sessions follow the program."""

from __future__ import annotations

import http.client
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
from mygpoclient.api import EpisodeAction, MygPodderClient
from mygpoclient.http import Unauthorized

from tests.conftest import need
from tests.fakes import FakeClock, fake_env
from tests.serving import TOKEN, get, running
from voicecoach.app.environment import Environment
from voicecoach.app.export import Export
from voicecoach.app.program import played
from voicecoach.errors import VoicecoachError
from voicecoach.history import History
from voicecoach.serve.episodes import Episode, Shelf, Store
from voicecoach.serve.sync import Sync
from voicecoach.settings import Settings

ROUTINE = """\
    name: Ladder
    schedule: {per_week: 2, weeks: 2}
    sessions:
      - name: Up
        blocks:
          - exercises:
              - {name: Squat, reps: 2, rep_time: 2s, load: 20 kg, progress: {load: +2.5 kg}}
              - {name: Run, time: {1: 8s, 2: 12s}}
      - name: Long
        weeks: 2
        blocks:
          - exercises: [{name: Walk, time: 6s}]
"""


def post(port: int, path: str, body: bytes) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def rows(env: Environment) -> list[tuple[str, int | None, int | None, str, str]]:
    h = History(env.data_dir / "history.sqlite3")
    try:
        return [(e.session, e.week, e.week_session, e.place, f"{e.started:%Y-%m-%d %H:%M}")
                for e in reversed(h.every_entry())]
    finally:
        h.close()


def exported(routine: Path, env: Environment, tmp: Path) -> list[tuple[str, float]]:
    """The sessions `export` makes now, with their lengths (s)."""
    job = Export(routine, None, tmp, Settings(), env)
    return [(t.session, t.duration) for t in job.timelines]


def test_a_phone_play_to_the_end_is_a_session_done(tmp_path: Path, shared_cache: Path) -> None:
    need("ffmpeg")
    routine = tmp_path / "ladder.yaml"
    routine.write_text(textwrap.dedent(ROUTINE), encoding="utf-8")
    clock = FakeClock()
    env = fake_env(shared_cache, tmp_path / "data", clock)
    said: list[str] = []
    st = Store([routine], Settings(), env, tmp_path / "serve", said.append)
    shelf = st.current()
    assert [(e.title, e.seconds) for e in shelf.episodes] == exported(routine, env, tmp_path / "x")

    def finished(e: Episode, when: datetime) -> str:
        return played(routine, e.session, when, env)

    def sync(port: int) -> Sync:
        return Sync(st, TOKEN, f"http://127.0.0.1:{port}/{TOKEN}/feed.xml", env.now, finished,
                    said.append)

    with running(st, said, sync=sync) as port:
        root = f"http://127.0.0.1:{port}"
        feed = f"{root}/{TOKEN}/feed.xml"
        phone = MygPodderClient(TOKEN, "any password", root)
        assert phone.update_device_settings("pixel", "Pixel", "mobile")
        assert [(d.device_id, d.caption, d.type) for d in phone.get_devices()] == [
            ("pixel", "Pixel", "mobile")]
        assert phone.pull_subscriptions("pixel", 0).add == [feed]
        assert phone.pull_subscriptions("pixel", 5).add == []
        assert phone.update_subscriptions("pixel", [feed]).update_urls == []
        assert phone.get_subscriptions("pixel") == [feed]

        up = shelf.episodes[0]
        total = round(up.seconds)

        def play(e: Episode, position: int, at: str, length: int = total) -> EpisodeAction:
            return EpisodeAction(feed, f"{root}/{TOKEN}/{e.audio}", "play", "pixel", at, 0,
                                 position, length)

        # the phone's own length of the episode counts (AntennaPod measures it)
        phone.upload_episode_actions([play(up, 45, "2026-11-18T10:00:00", 100)])
        assert said[-1] == "phone played Up (1 of 1): resumed at 45 % (not recorded)"
        assert rows(env) == []
        # 10:30 UTC is 11:30 in the computer's zone (UTC+1): the entry says so
        phone.upload_episode_actions([play(up, total - 2, "2026-11-18T10:30:00")])
        assert said[-1] == ("phone finished Up (1 of 1): Logged Up (week 1, session 1 of 2) "
                            "on 2026-11-18 11:30 as entry 1.")
        phone.upload_episode_actions([play(up, total, "2026-11-18T20:00:00")])   # again
        assert said[-1] == "phone finished Up (1 of 1): Up was recorded on 2026-11-18 already."
        assert rows(env) == [("Up", 1, 1, "phone", "2026-11-18 11:30")]
        changes = phone.download_episode_actions(0)
        assert [a.position for a in changes.actions] == [45, total - 2, total]
        assert phone.download_episode_actions(changes.since).actions == []

        # the history moved the program on: the feed serves week 1's session 2, 2.5 kg up
        shelf = st.current()
        assert "a routine or the history changed: exporting again" in said
        assert [(e.title, e.seconds) for e in shelf.episodes] == exported(
            routine, env, tmp_path / "y")
        assert shelf.episodes[0].guid != up.guid
        phone.upload_episode_actions([play(shelf.episodes[0], total, "2026-11-19T09:00:00")])
        assert rows(env)[-1] == ("Up", 1, 2, "phone", "2026-11-19 10:00")
        shelf = st.current()   # week 2: both sessions, Run for 12 s
        assert [e.title for e in shelf.episodes] == ["Up", "Long"]
        assert [(e.title, e.seconds) for e in shelf.episodes] == exported(
            routine, env, tmp_path / "z")

        assert shelf.program[0].streak == "Ladder: 2 of 2 this week, met; streak: 1 week"
        clock.sleep_until(clock.now() + 7 * 86400)   # a week later, nothing played: the
        assert st.current().program[0].streak == (   # page's standing follows the day
            "Ladder: 0 of 2 this week, 2 more by Sunday; streak: 1 week")

        with pytest.raises(Unauthorized):
            MygPodderClient("someone", "x", root).get_devices()


@pytest.mark.parametrize(("body", "answer"), [
    (b"{not json", b"Bad request: the body is not JSON\n"),
    (b'{"add": []}', b"Bad request: the body is not a list of episode actions\n"),
    (b'[{"podcast": "p", "action": "play"}]',
     b"Bad request: episode action 1 has no 'episode' text\n"),
    (b'[{"podcast": "p", "episode": "e", "action": "play", "position": "end"}]',
     b"Bad request: episode action 1: 'position' is not whole seconds\n"),
    (b"[" + b" " * 1_000_000 + b"]", b"Bad request: the body is larger than 1 MB\n"),
])
def test_a_bad_body_is_400_in_one_line(tmp_path: Path, body: bytes, answer: bytes) -> None:
    env = fake_env(tmp_path / "cache", tmp_path / "data")
    said: list[str] = []
    st = Store([tmp_path / "none.yaml"], Settings(), env, tmp_path / "serve", said.append)

    def sync(port: int) -> Sync:
        return Sync(st, TOKEN, "feed", env.now, lambda e, w: "", said.append)

    with running(st, said, sync=sync) as port:
        assert post(port, f"/api/2/episodes/{TOKEN}.json", body) == (400, answer)
        assert post(port, f"/api/2/episodes/{TOKEN}x.json", b"[]")[0] == 401
        assert post(port, f"/api/2/auth/{TOKEN}/login.json", b"") == (200, b"")
        assert get(port, f"/{TOKEN}/feed.xml", "POST")[0] == 405   # the rest: GET and HEAD
    assert not (tmp_path / "serve" / "sync.json").exists()   # nothing was taken
    assert not (env.data_dir / "history.sqlite3").exists()


def test_found_by_guid_and_a_recording_error_is_told(tmp_path: Path) -> None:
    env = fake_env(tmp_path / "cache", tmp_path / "data")
    said: list[str] = []
    st = Store([tmp_path / "none.yaml"], Settings(), env, tmp_path / "serve", said.append)
    st.shelf = Shelf("Ladder", episodes=(Episode(1, "Up", 300.0, (), "01-up.mp3", 1, "g1",
                                                 "c.json", "v.vtt", "s.srt", 0.0, 0, "Up"),))

    def broken(e: Episode, when: datetime) -> str:
        raise VoicecoachError("history database h is locked by another program")

    def sync(port: int) -> Sync:
        return Sync(st, TOKEN, "feed", env.now, broken, said.append)

    with running(st, said, sync=sync) as port:
        body = (b'[{"podcast": "feed", "episode": "http://elsewhere/x.mp3", "guid": "g1", '
                b'"action": "play", "position": 296}]')   # no total: the episode's 300 s
        assert post(port, f"/api/2/episodes/{TOKEN}.json", body)[0] == 200
    assert said[-1] == ("phone finished Up (1 of 1): not recorded: Error: history database h "
                        "is locked by another program")
