"""The summary page's security rules (DESIGN.md §5), each tested on real requests.

The app runs in process behind aiohttp's test server on a real loopback port, so the
Host header the client sends is the one a browser would send.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from metanet.store import Store
from metanet.web import tokens
from metanet.web.app import make_app
from metanet.web.security import CONTENT_SECURITY_POLICY
from metanet.web.sessions import SESSION_SECONDS, Sessions
from metanet.web.tokens import LoginTokens, TokenRejected, mint
from tests.web_support import SAME_ORIGIN, SECRET, Client, make_client

pytest_plugins = ("tests.web_fixtures",)  # web_home


@pytest.fixture
async def client(aiohttp_client: Any, web_home: Path, unused_tcp_port: int) -> Client:
    """Not logged in."""
    return await make_client(aiohttp_client, web_home, unused_tcp_port, login=False)


async def log_in(client: Client) -> None:
    response = await client.get(f"/login?token={mint(SECRET)}", allow_redirects=False)
    assert response.status == 303


# -- login required ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/captures", "/people/1"])
async def test_pages_need_a_session(client: Client, path: str) -> None:
    response = await client.get(path)
    assert response.status == 401
    text = await response.text()
    assert "metanet serve" in text and "extension" in text


async def test_api_needs_a_session(client: Client) -> None:
    response = await client.get("/api/people", headers=SAME_ORIGIN)
    assert response.status == 401
    assert (await response.json())["error"]["code"] == "login_required"


async def test_unknown_session_cookie_is_refused(client: Client) -> None:
    port = client.server.port
    response = await client.get("/", headers={"Cookie": f"metanet_session_{port}=made-up"})
    assert response.status == 401


async def test_static_assets_need_no_session(client: Client) -> None:
    response = await client.get("/static/metanet.css")
    assert response.status == 200
    assert "text/css" in response.headers["Content-Type"]


# -- Host allow-list (DNS rebinding) -------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",
        "evil.example",
        "127.0.0.1.nip.io",
        "127.0.0.1.nip.io:{port}",
        "localhost.evil.example:{port}",
        "127.0.0.1",  # our address but not our port
        "127.0.0.1:1",
        "",
    ],
)
async def test_foreign_host_is_refused_even_with_a_session(client: Client, host: str) -> None:
    await log_in(client)
    value = host.format(port=client.server.port)
    for path in ("/", "/api/people", "/login?token=x", "/static/metanet.css"):
        response = await client.get(path, headers={"Host": value, **SAME_ORIGIN})
        assert response.status in (400, 421), (value, path)
        assert "Metanet" in await response.text() or response.status == 400


@pytest.mark.parametrize(
    "host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "LOCALHOST:{port}"]
)
async def test_loopback_names_are_answered(client: Client, host: str) -> None:
    await log_in(client)
    response = await client.get("/", headers={"Host": host.format(port=client.server.port)})
    assert response.status == 200


# -- login tokens ------------------------------------------------------------------------


async def test_valid_token_sets_a_strict_httponly_cookie(client: Client) -> None:
    response = await client.get(f"/login?token={mint(SECRET)}", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"metanet_session_{client.server.port}=")
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert "httponly" in attributes
    assert "samesite=strict" in attributes
    assert "path=/" in attributes
    assert "secure" not in attributes  # plain http on loopback, see web/sessions.py
    assert (await client.get("/")).status == 200


async def test_login_from_another_site_continues_with_a_same_origin_page(client: Client) -> None:
    # A link in the extension popup: Strict cookies would be withheld on a redirect.
    response = await client.get(
        f"/login?token={mint(SECRET)}", headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status == 200
    assert '<meta http-equiv="refresh" content="0; url=/">' in await response.text()
    assert "SameSite=Strict" in response.headers["Set-Cookie"]


async def test_token_is_single_use(client: Client) -> None:
    token = mint(SECRET)
    assert (await client.get(f"/login?token={token}", allow_redirects=False)).status == 303
    client.session.cookie_jar.clear()
    replay = await client.get(f"/login?token={token}", allow_redirects=False)
    assert replay.status == 403
    assert "Set-Cookie" not in replay.headers
    assert "already used" in await replay.text()
    assert (await client.get("/")).status == 401


async def test_expired_token_is_refused(client: Client) -> None:
    token = mint(SECRET, now=time.time() - tokens.TTL_SECONDS - 10)
    response = await client.get(f"/login?token={token}", allow_redirects=False)
    assert response.status == 403
    assert "expired" in await response.text()
    assert "Set-Cookie" not in response.headers


async def test_token_valid_for_too_long_is_refused(client: Client) -> None:
    response = await client.get(f"/login?token={mint(SECRET, ttl=3600)}", allow_redirects=False)
    assert response.status == 403


async def test_token_signed_with_another_secret_is_refused(client: Client) -> None:
    response = await client.get(f"/login?token={mint(b'x' * 32)}", allow_redirects=False)
    assert response.status == 403
    assert "not a valid" in await response.text()


async def test_token_with_a_changed_expiry_is_refused(client: Client) -> None:
    version, nonce, expiry, mac = mint(SECRET).split(".")
    forged = f"{version}.{nonce}.{int(expiry) + 60}.{mac}"
    response = await client.get(f"/login?token={forged}", allow_redirects=False)
    assert response.status == 403


@pytest.mark.parametrize(
    "token", ["", "abc", "v1....", "v2.AAAAAAAAAAAAAAAAAAAAAA.1.x", "v1." + "A" * 5000, "%00%ff"]
)
async def test_malformed_token_is_refused_not_crashed(client: Client, token: str) -> None:
    response = await client.get(f"/login?token={token}", allow_redirects=False)
    assert response.status == 403


def test_server_rereads_a_secret_that_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two processes may create the secret at the same moment; the server must pick up
    # the one that won instead of refusing every login until restarted.
    monkeypatch.setattr(tokens, "RELOAD_INTERVAL_SECONDS", 0.0)
    current = [b"a" * 32]
    verifier = LoginTokens(lambda: current[0])
    verifier.verify(mint(b"a" * 32))
    current[0] = b"b" * 32
    verifier.verify(mint(b"b" * 32))
    with pytest.raises(TokenRejected) as refused:
        verifier.verify(mint(b"c" * 32))
    assert refused.value.reason == "forged"


def test_used_nonces_are_forgotten_after_expiry() -> None:
    verifier = LoginTokens(lambda: SECRET)
    start = time.time()
    for _ in range(5):
        verifier.verify(mint(SECRET, now=start), now=start)
    verifier.verify(mint(SECRET, now=start + 600), now=start + 600)
    assert len(verifier._used) == 1


def test_sessions_expire() -> None:
    sessions = Sessions()
    session_id = sessions.create(now=1000.0)
    assert sessions.valid(session_id, now=1000.0 + SESSION_SECONDS - 1)
    assert not sessions.valid(session_id, now=1000.0 + SESSION_SECONDS + 1)
    assert not sessions.valid(None)


# -- unsafe methods and cross-site reads ----------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another port on 127.0.0.1 is the same site
        {"Sec-Fetch-Site": "none"},
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {},
    ],
)
async def test_cross_site_post_is_refused(client: Client, headers: dict[str, str]) -> None:
    await log_in(client)
    response = await client.post("/logout", headers=headers, allow_redirects=False)
    assert response.status == 403
    assert (await client.get("/")).status == 200  # still logged in: the POST did nothing


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
async def test_other_unsafe_methods_are_refused_cross_site(client: Client, method: str) -> None:
    await log_in(client)
    response = await client.request(method, "/", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status == 403


@pytest.mark.parametrize(
    "headers",
    [SAME_ORIGIN, {"Origin": "http://127.0.0.1:{port}"}],
)
async def test_same_origin_post_works(client: Client, headers: dict[str, str]) -> None:
    await log_in(client)
    sent = {k: v.format(port=client.server.port) for k, v in headers.items()}
    response = await client.post("/logout", headers=sent)
    assert response.status == 200
    assert (await client.get("/")).status == 401


@pytest.mark.parametrize("site", ["cross-site", "same-site", None])
async def test_cross_site_json_read_is_refused(client: Client, site: str | None) -> None:
    await log_in(client)
    headers = {"Sec-Fetch-Site": site} if site else {}
    for path in ("/api/people", "/api/captures", "/api/people/1"):
        response = await client.get(path, headers=headers)
        assert response.status == 403, path
        assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("site", ["same-origin", "none"])
async def test_json_read_from_our_own_page_works(client: Client, site: str) -> None:
    await log_in(client)
    response = await client.get("/api/people", headers={"Sec-Fetch-Site": site})
    assert response.status == 200
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "Access-Control-Allow-Origin" not in response.headers


async def test_cors_preflight_grants_nothing(client: Client) -> None:
    response = await client.options(
        "/api/people",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "Access-Control-Allow-Origin" not in response.headers


# -- headers on every response -------------------------------------------------------------


def assert_security_headers(response: Any, *, cacheable: bool = False) -> None:
    headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert headers["X-Metanet"].startswith("metanet/")  # tells our server from others
    if not cacheable:
        assert headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?lang=de",
        "/captures",
        "/people/1",
        "/people/999",
        "/api/people",
        "/api/captures",
        "/api/people/999",
        "/login",
        "/login?token=bad",
        "/nowhere",
        "/?page=x",
        "/healthz",
    ],
)
async def test_security_headers_on_every_response(client: Client, path: str) -> None:
    store = Store()
    store.add_offline_person("Anna")
    store.close()
    response = await client.get(path, headers=SAME_ORIGIN)
    assert response.status in (401, 403, 404, 400, 200)
    assert_security_headers(response)
    await log_in(client)
    assert_security_headers(await client.get(path, headers=SAME_ORIGIN))


async def test_security_headers_on_static_refused_and_error_responses(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_security_headers(await client.get("/static/metanet.css"), cacheable=True)
    assert_security_headers(await client.get("/", headers={"Host": "evil.example"}))
    assert_security_headers(await client.post("/logout", headers={"Sec-Fetch-Site": "cross-site"}))
    await log_in(client)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(Store, "people_ids", broken)
    response = await client.get("/people")
    assert response.status == 500
    assert "secret detail" not in await response.text()
    assert_security_headers(response)


def every_route(method: str) -> list[str]:
    """Each route of the app for ``method``, its path parameters filled with 1."""
    import re

    app = make_app(Path("/nonexistent/metanet.db"), port=1, secret=lambda: b"s" * 32)
    found = set()
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        if route.method != method or "prefix" in info:
            continue
        template = info.get("path") or info.get("formatter", "")
        found.add(re.sub(r"\{[^}]+\}", "1", template))
    return sorted(found)


@pytest.mark.parametrize("path", every_route("POST"))
async def test_every_form_refuses_a_cross_site_post(client: Client, path: str) -> None:
    """Each POST route, new ones included, changes nothing when another site posts."""
    await log_in(client)
    for headers in ({"Sec-Fetch-Site": "same-site"}, {"Origin": "http://127.0.0.1:1"}, {}):
        response = await client.post(path, headers=headers, allow_redirects=False)
        assert response.status == 403, (path, headers)


@pytest.mark.parametrize("path", every_route("GET"))
async def test_every_page_needs_a_login(client: Client, path: str) -> None:
    response = await client.get(path, headers=SAME_ORIGIN, allow_redirects=False)
    if path in ("/login", "/healthz"):
        assert response.status in (200, 303, 400, 403), path
    else:
        assert response.status == 401, path
