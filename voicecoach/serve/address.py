"""Which address to serve on: the LAN address of the interface the default route leaves by,
never a container bridge, VPN tunnel or loopback, and never every interface unless asked."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from voicecoach.errors import VoicecoachError

VIRTUAL = ("docker", "br-", "bridge", "virbr", "veth", "tun", "tap", "wg", "zt", "vmnet", "vboxnet",
           "lxc", "lxd", "cni", "flannel", "cali", "podman", "utun", "lo")


@dataclass(frozen=True)
class Interface:
    """A network interface and one of its IPv4 addresses."""

    name: str
    ip: str


def interfaces() -> list[Interface]:
    """The machine's IPv4 addresses, by interface (ifaddr)."""
    import ifaddr

    return [Interface(a.nice_name, ip.ip) for a in ifaddr.get_adapters()
            for ip in a.ips if isinstance(ip.ip, str)]


def default_route(route_table: Path = Path("/proc/net/route")) -> str | None:
    """The interface of the IPv4 default route (Linux's route table), None if unknown."""
    try:
        lines = route_table.read_text().splitlines()[1:]
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if len(fields) > 2 and fields[1] == "00000000":
            return fields[0]
    return None


def is_virtual(name: str) -> bool:
    return name.lower().startswith(VIRTUAL)


def _usable(i: Interface) -> bool:
    ip = ipaddress.ip_address(i.ip)
    return not (is_virtual(i.name) or ip.is_loopback or ip.is_link_local
                or ip.is_multicast or ip.is_unspecified)


def choose(found: Iterable[Interface], route: str | None) -> Interface:
    """The address a phone on the same network reaches: on the default route's interface
    if it is a real one, else the first private address of a real interface."""
    usable = [i for i in found if _usable(i)]
    for i in usable:
        if i.name == route:
            return i
    for i in usable:
        if ipaddress.ip_address(i.ip).is_private:
            return i
    raise VoicecoachError("found no network address a phone could reach (only loopback, "
                          "containers or tunnels); give one with --host")


def given(host: str, found: Iterable[Interface]) -> Interface:
    """``--host ADDR``: an IP address (or ``localhost``: 127.0.0.1), named with its
    interface when it is one of ours."""
    if host.lower() == "localhost":
        host = "127.0.0.1"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise VoicecoachError(f"--host {host!r} is not an IP address") from None
    names = [i.name for i in found if i.ip == host]
    what = "every interface" if ipaddress.ip_address(host).is_unspecified else "?"
    return Interface(names[0] if names else what, host)
