"""serve's page in a real browser: Debian's chromium with chromium-driver, headless
(installed by scripts/test). The page loads, plays, a chapter click seeks (a 206 reaches
the server), the Media Session has the episode, and the transcript highlight moves."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import missing, need
from tests.serving import ROUTINE, TOKEN, Seen, running, store
from tests.test_serve_sync import ROUTINE as LADDER
from voicecoach.history import History

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--mute-audio", "--autoplay-policy=no-user-gesture-required"]
WAIT = 30.0   # seconds at most for anything the page does


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        missing("chromium and chromium-driver are required (scripts/test installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"]:
        options.add_argument(flag)
    web = webdriver.Chrome(service=Service(str(driver)), options=options)
    try:
        yield web
    finally:
        web.quit()


def until(web: Any, script: str, *args: Any) -> Any:
    """Wait (at most WAIT) until ``script`` returns something true; return it."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(web, WAIT, poll_frequency=0.1).until(
        lambda w: w.execute_script(script, *args))


def test_the_page_plays_seeks_and_follows(browser: Any, tmp_path: Path,
                                          shared_cache: Path) -> None:
    need("ffmpeg")
    routine = tmp_path / "r.yaml"
    routine.write_text(textwrap.dedent(ROUTINE), encoding="utf-8")
    said: list[str] = []
    seen: Seen = []
    st = store(routine, tmp_path, shared_cache, said)
    legs = st.current().episodes[0]
    with running(st, said, seen) as port:
        browser.get(f"http://127.0.0.1:{port}/{TOKEN}/")
        titles = until(browser, """
            const items = document.querySelectorAll('#episodes > li strong');
            return items.length === 2 && Array.from(items, (e) => e.textContent);""")
        assert titles == ["Legs", "Core"]
        assert browser.execute_script("return document.getElementById('feed').value") == \
            f"http://127.0.0.1:{port}/{TOKEN}/feed.xml"
        assert browser.execute_script("return document.getElementById('apple').href") == \
            f"podcast://127.0.0.1:{port}/{TOKEN}/feed.xml"
        meta = until(browser, """const m = navigator.mediaSession.metadata;
            return m && [m.title, m.album, m.artist, m.artwork.length];""")
        assert meta == ["Legs", "Test export", "voicecoach", 1]

        browser.execute_script("document.querySelector('#episodes .play').click()")
        assert until(browser, """const a = document.getElementById('audio');
            return !a.paused && a.currentTime > 0.3 && a.currentTime;""")

        chapter = legs.chapters[1][0]   # Side plank
        browser.execute_script("document.querySelectorAll('#chapters button')[1].click()")
        at = until(browser, """const a = document.getElementById('audio');
            return !a.seeking && Math.abs(a.currentTime - arguments[0]) < 1 && a.currentTime;""",
                   chapter)
        assert abs(at - chapter) < 1
        audio = f"/{TOKEN}/{legs.audio}"
        assert any(path == audio and status == 206 for _, path, _, status in seen)
        # the browser's MP3 seek may land a little early, on the cue before: the highlight
        # follows into the chapter's first cue as it plays
        later = until(browser, """const now = document.querySelector('#transcript li.now');
            const start = now && Number(now.dataset.start);
            return start >= arguments[0] - 0.05 && start;""", chapter)
        assert chapter - 0.05 <= later <= chapter + 1.5
        assert until(browser, """return document.querySelector('#chapters li.now button')
            .textContent""").endswith("Side plank")

        # the lock screen's previous and next: this exercise's start, then the one before
        start = """const a = document.getElementById('audio');
            return !a.seeking && Math.abs(a.currentTime - arguments[0]) < 1 && a.currentTime;"""
        browser.execute_script("document.getElementById('audio').currentTime = arguments[0]",
                               chapter + 5)   # 5 s into the exercise: back to its start
        until(browser, start, chapter + 5)
        browser.execute_script("window.mediaActions.previoustrack()")
        until(browser, start, chapter)
        browser.execute_script("window.mediaActions.previoustrack()")   # at its start: before
        until(browser, start, 0.0)
        browser.execute_script("window.mediaActions.nexttrack()")
        until(browser, start, chapter)
        browser.execute_script("document.querySelectorAll('#chapters button')[0].click()")
        earlier = until(browser, """const now = document.querySelector('#transcript li.now');
            return now && Number(now.dataset.start) < arguments[0] && now.dataset.start;""",
                        chapter)
        assert float(earlier) < later
        # a chapter's number stays by its first line when its title wraps on a phone
        assert browser.execute_script("""return getComputedStyle(
            document.querySelector('#chapters button')).display""") == "block"
    # the computer stopped serving: the page says so (and asks again every 5 s)
    browser.execute_script("refresh()")
    assert until(browser, """const e = document.getElementById('error');
        return !e.hidden && e.textContent;""") == (
        "The computer does not answer (is voicecoach serve still running?); trying again…")
    assert "phone opened the page" in said
    assert any(line.startswith("downloading Legs (1 of 2)") for line in said)


def test_the_page_shows_the_program(browser: Any, tmp_path: Path, shared_cache: Path) -> None:
    need("ffmpeg")
    routine = tmp_path / "ladder.yaml"
    routine.write_text(textwrap.dedent(LADDER), encoding="utf-8")
    history = History(tmp_path / "data" / "history.sqlite3")   # the store's data folder
    history.log("Ladder", "Up", 2, datetime(2026, 11, 18, 9, 0, tzinfo=timezone(
        timedelta(hours=1))), (1, 1), (), None)
    history.close()
    said: list[str] = []
    st = store(routine, tmp_path, shared_cache, said)
    chart = st.current().program[0].chart
    assert chart is not None and (st.public / chart).read_bytes().startswith(b"<?xml")
    with running(st, said) as port:
        browser.get(f"http://127.0.0.1:{port}/{TOKEN}/")
        shown = until(browser, """const s = document.querySelector('#standing .standing');
            return s && !document.getElementById('program').hidden && [
                s.querySelector('.next').textContent, s.querySelector('.streak').textContent,
                Array.from(s.querySelectorAll('.values li'), (li) => li.textContent)];""")
        assert shown[:2] == ["Week 1, session 2 of 2: Up.",
                             "Ladder: 1 of 2 this week, 1 more by Sunday; no streak"]
        # one session of Squat at 20 kg (a flat sparkline), 2.5 kg more next time
        [squat] = shown[2]
        assert squat.startswith("Squat  ▄ ") and squat.endswith("20 kg → 20 kg  next 22.5 kg")
        assert until(browser, """const img = document.querySelector('#standing img.chart');
            return img && img.complete && img.naturalWidth > 0 && img.src;""") == \
            f"http://127.0.0.1:{port}/{TOKEN}/{chart}"
