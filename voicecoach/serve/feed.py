"""The podcast feed: RSS 2.0 with the iTunes and Podcasting 2.0 namespaces, written from
the served episodes. The same episodes give the same bytes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from email.utils import format_datetime

from voicecoach.serve.episodes import Episode, Shelf

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
for _prefix, _uri in (("itunes", ITUNES), ("podcast", PODCAST), ("atom", ATOM)):
    ET.register_namespace(_prefix, _uri)

AUTHOR = "voicecoach"
CATEGORY = "Health & Fitness"
TYPES = {".mp3": "audio/mpeg", ".json": "application/json+chapters", ".vtt": "text/vtt",
         ".srt": "application/x-subrip", ".png": "image/png",
         ".svg": "image/svg+xml"}


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    el.text = text
    return el


def _it(name: str) -> str:
    return f"{{{ITUNES}}}{name}"


def _pc(name: str) -> str:
    return f"{{{PODCAST}}}{name}"


def summary(e: Episode) -> str:
    """An episode's description: its exercises, in order."""
    return "; ".join(title for _, title in e.chapters) or e.title


def feed(shelf: Shelf, base: str) -> bytes:
    """The feed XML (UTF-8) of ``shelf``, its URLs under ``base`` (ends with a slash)."""
    rss = ET.Element("rss", {"version": "2.0"})
    ch = _add(rss, "channel")
    _add(ch, "title", shelf.title)
    _add(ch, "link", base)
    _add(ch, "description", shelf.description or shelf.title)
    _add(ch, "language", shelf.language)
    _add(ch, "generator", AUTHOR)
    _add(ch, f"{{{ATOM}}}link", href=f"{base}feed.xml", rel="self",
         type="application/rss+xml")
    _add(ch, _it("author"), AUTHOR)
    _add(ch, _it("type"), "serial")
    _add(ch, _it("explicit"), "false")
    ET.SubElement(ch, _it("category"), {"text": CATEGORY})
    if shelf.artwork:
        art = f"{base}{shelf.artwork}"
        _add(ch, _it("image"), href=art)
        image = _add(ch, "image")
        _add(image, "url", art)
        _add(image, "title", shelf.title)
        _add(image, "link", base)
    for e in shelf.episodes:
        item = _add(ch, "item")
        _add(item, "title", e.title)
        _add(item, "description", summary(e))
        _add(item, "guid", f"voicecoach:{e.guid}", isPermaLink="false")
        when = datetime.fromtimestamp(e.published, timezone.utc)
        _add(item, "pubDate", format_datetime(when))
        _add(item, "enclosure", url=f"{base}{e.audio}", length=str(e.size),
             type=TYPES[".mp3"])
        _add(item, _it("duration"), str(round(e.seconds)))
        _add(item, _it("episode"), str(e.number))
        _add(item, _it("episodeType"), "full")
        _add(item, _pc("chapters"), url=f"{base}{e.chapters_json}", type=TYPES[".json"])
        _add(item, _pc("transcript"), url=f"{base}{e.vtt}", type=TYPES[".vtt"])
        _add(item, _pc("transcript"), url=f"{base}{e.srt}", type=TYPES[".srt"])
    ET.indent(rss, " ")
    xml: bytes = ET.tostring(rss, encoding="utf-8", xml_declaration=True)
    return xml + b"\n"
