"""serve's page in a real browser: Debian's chromium with chromium-driver, headless
(installed by scripts/test). The page loads, plays, a chapter click seeks (a 206 reaches
the server), the Media Session has the episode, and the transcript highlight moves."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import missing, need
from tests.serving import ROUTINE, TOKEN, Seen, running, store

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
        later = until(browser, """const now = document.querySelector('#transcript li.now');
            return now && Number(now.dataset.start);""")
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
    assert "phone opened the page" in said
    assert any(line.startswith("downloading Legs (1 of 2)") for line in said)
