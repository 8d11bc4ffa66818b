"""What ``serve`` prints: where it serves, the page and feed URLs, the sync account, a QR
code of the page for the phone's camera, and then one line per thing a phone does."""

from __future__ import annotations

import io
import ipaddress

from voicecoach.serve.address import Interface
from voicecoach.serve.episodes import Shelf

SCAN = ("Scan it with the phone's camera (same network) or add the feed to a podcast app; "
        "Ctrl-C stops.")


def qr_code(url: str) -> str:
    """``url`` as a QR code in text, two modules a character row (light modules are the
    block characters: a dark terminal shows it as a camera expects)."""
    import segno

    out = io.StringIO()
    segno.make(url, error="l", micro=False).terminal(out=out, compact=True, border=2)
    return out.getvalue().rstrip("\n")


def banner(shelf: Shelf, where: Interface, port: int, page: str, noun: str) -> list[str]:
    """The lines printed once the server listens (``noun``: what an episode is); the sync
    line is what AntennaPod's gpodder.net synchronisation asks for."""
    n = len(shelf.episodes)
    host = f"{where.ip}" if where.name == "?" else f"{where.ip} ({where.name})"
    lines = [f'Serving {n} {noun}{"s" * (n != 1)} of "{shelf.title}" on {host}, '
             f"port {port}",
             f"  Page:  {page}",
             f"  Feed:  {page}feed.xml",
             f"  Sync:  server http://{page.split('/')[2]}, user name {page.split('/')[3]}, "
             "any password (AntennaPod: gpodder.net)"]
    if shelf.error:
        lines.append(f"  Error: {shelf.error} (serving the last good episodes)")
    if ipaddress.ip_address(where.ip).is_loopback:
        lines.append(f"  Only this computer reaches {where.ip}: for a phone, leave out --host "
                     "(or give this computer's address on your network)")
    return [*lines, *("  " + row for row in qr_code(page).splitlines()), SCAN]
