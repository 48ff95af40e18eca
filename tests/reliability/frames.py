"""Random native-messaging traffic for fuzzing the host: valid, broken and hostile frames.

Shared by the quick CI tests (tests/reliability/) and the long run (bench/reliability.py).
Seeded, so a failing run can be reproduced.
"""

from __future__ import annotations

import json
import random
import struct
from typing import Any

ACTIONS = ["ping", "capture", "lookup", "open_summary_", "nope", "", None, 7, ["ping"]]
HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    "\u202eevil\u202c",
    "zero\u200bwidth",
    "\x00\x01\x1b[31m",
    "Jürgen Größ",
    "😀" * 50,
    "a" * 5000,
    "\ud800",  # lone surrogates: JSON may escape them, UTF-8 cannot carry them
    "M\udfffller",
]
RAW_BODIES = [  # what json.dumps cannot write: huge numbers, NaN, surrogates as escapes
    b'{"id":' + b"9" * 5000 + b',"action":"ping"}',
    b'{"id":1,"action":"lookup","person_id":' + b"1" * 4400 + b"}",
    b'{"id":1,"action":"ping","x":NaN}',
    b'{"id":"\\ud800","action":"ping"}',
    b'{"id":1,"action":"\\udc00"}',
    b'{"id":1,"action":"search","query":"M\\ud800ller"}',
    b'{"id":1,"action":"search","query":"' + b"Koch " * 20_000 + b'"}',  # over the bounds
    b'{"id":1,"action":"requests","op":"add","query":"' + b"Koch " * 20_000 + b'"}',
]


def _value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(8 if depth < 4 else 5)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False, 0, -1, 2**63, 1.5e308, float("nan")])
    if kind == 2:
        return rng.choice(HOSTILE_TEXT)
    if kind == 3:
        return "https://www.linkedin.com/in/" + rng.choice(["x", "Ärger", "%ZZ", "a/b/../c"])
    if kind == 4:
        return "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(20)))
    if kind == 5:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(["url", "html", "id", "x"]): _value(rng, depth + 1) for _ in range(3)}


def _page(rng: random.Random) -> str:
    name = rng.choice(HOSTILE_TEXT)
    if rng.random() < 0.5:
        person = {"@type": "Person", "name": name, "url": "https://example.org/p"}
        return f'<script type="application/ld+json">{json.dumps(person)}</script>'
    return "<div>" * rng.randrange(2000) + f"<h1>{name}</h1>" + "<p>" * rng.randrange(100)


def request(rng: random.Random, n: int) -> dict[str, Any]:
    """A JSON request: usually well formed, often with wrong argument types."""
    message: dict[str, Any] = {"id": rng.choice([n, str(n), None, [n], {"n": n}])}
    action = rng.choice(ACTIONS)
    if action is not None:
        message["action"] = action
    if rng.random() < 0.6:
        message["url"] = _value(rng) if rng.random() < 0.3 else "https://example.org/p"
        message["html"] = _value(rng) if rng.random() < 0.3 else _page(rng)
    if rng.random() < 0.2:
        message["extra"] = _value(rng)
    return message


def frame(rng: random.Random, n: int) -> tuple[bytes, bool]:
    """One frame and whether the host must answer it (False: stream ends inside it)."""
    roll = rng.random()
    if roll < 0.55:
        body = json.dumps(request(rng, n), allow_nan=True).encode()
    elif roll < 0.65:
        body = bytes(rng.randrange(256) for _ in range(rng.randrange(64)))  # random bytes
    elif roll < 0.72:
        body = b"\xff\xfe" + "Größ".encode("latin-1")  # not UTF-8
    elif roll < 0.8:
        body = json.dumps(_value(rng)).encode()  # JSON but maybe not an object
    elif roll < 0.85:
        body = b"[" * 50_000 + b"]" * 50_000  # deep nesting
    elif roll < 0.88:
        body = b'{"id": 1, "action": "ping"'  # cut JSON
    elif roll < 0.93:
        body = rng.choice(RAW_BODIES)
    else:
        body = json.dumps({"id": n, "action": "ping"}).encode()
    return struct.pack("=I", len(body)) + body, True


def stream(seed: int, count: int) -> tuple[bytes, int]:
    """``count`` frames in one byte string, and how many replies the host owes."""
    rng = random.Random(seed)
    parts = [frame(rng, n) for n in range(count)]
    return b"".join(data for data, _ in parts), sum(1 for _, answered in parts if answered)


def profile_page(writer: int, n: int) -> tuple[str, str]:
    """A small generic profile page (JSON-LD Person knowing two others) and its URL."""
    url = f"https://people.example.org/w{writer}/p{n}"
    person = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": f"Person {writer}-{n} <b>Größ</b>",
        "url": url,
        "knows": [
            {"@type": "Person", "name": f"Friend {k}", "url": f"https://people.example.org/f{k}"}
            for k in (n % 7, n % 11 + 100)
        ],
    }
    script = f'<script type="application/ld+json">{json.dumps(person)}</script>'
    return url, f"<html><head>{script}</head></html>"
