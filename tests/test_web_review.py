"""The merge review queue: both sides, score, reason; confirm and reject by POST."""

from __future__ import annotations

import pytest

from metanet.identity.decisions import rejected_between
from metanet.identity.suggestions import review_queue
from metanet.model import AccountRecord
from metanet.store import Store, now
from tests.db_support import raw
from tests.web_support import (
    CROSS_SITE,
    SAME_ORIGIN,
    XSS,
    Client,
    assert_escaped,
    page,
)

pytest_plugins = ("tests.web_fixtures",)  # the web_* fixtures


def suggest(store: Store, a_name: str, b_name: str, reason: str = "similar names") -> int:
    """Two accounts on different networks and an open suggestion that they are one."""
    a = store.upsert_account(
        AccountRecord("xing", a_name.lower(), f"https://www.xing.com/profile/{a_name}", name=a_name)
    )
    b = store.upsert_account(
        AccountRecord(
            "github", b_name.lower(), f"https://github.com/{b_name}", name=b_name, company="ACME"
        )
    )
    with store.write():
        table = raw(store).table("identity_suggestions")
        table.insert(
            {
                "a_account_id": a,
                "b_account_id": b,
                "score": 0.87,
                "reason": reason,
                "status": "open",
                "created_at": now(),
                "updated_at": now(),
            }
        )
        return int(raw(store).execute("select max(id) from identity_suggestions").fetchone()[0])


def persons_of(store: Store, suggestion_id: int) -> tuple[int, int]:
    row = (
        raw(store)
        .execute(
            "select a.person_id, b.person_id from identity_suggestions s join accounts a on "
            "a.id = s.a_account_id join accounts b on b.id = s.b_account_id where s.id = ?",
            [suggestion_id],
        )
        .fetchone()
    )
    return int(row[0]), int(row[1])


async def test_queue_shows_both_sides_score_and_reason(web_demo: Store, web_client: Client) -> None:
    suggest(
        web_demo, "Maxi Muster", "Max Muster", reason="same first name (nickname); same company"
    )
    html = await page(web_client, "/review")
    assert "Maxi Muster" in html and "Max Muster" in html and "ACME" in html
    # a reason stored as a sentence before reasons became codes is shown as it was
    assert "87%" in html and "same first name (nickname); same company" in html
    assert "Same person" in html and "Not the same" in html


async def test_confirm_merges_the_two(web_demo: Store, web_client: Client) -> None:
    sid = suggest(web_demo, "Maxi Muster", "Max Muster")
    response = await web_client.post(
        f"/review/{sid}/confirm", headers=SAME_ORIGIN, allow_redirects=False
    )
    assert response.status == 303 and response.headers["Location"] == "/review"
    a, b = persons_of(web_demo, sid)
    assert a == b
    assert review_queue(web_demo) == []
    again = await web_client.post(f"/review/{sid}/confirm", headers=SAME_ORIGIN)
    assert again.status == 409 and "Already decided" in await again.text()


async def test_reject_is_remembered(web_demo: Store, web_client: Client) -> None:
    sid = suggest(web_demo, "Maxi Muster", "Max Muster")
    response = await web_client.post(f"/review/{sid}/reject", headers=SAME_ORIGIN)
    assert response.status == 200  # followed the redirect back to the queue
    assert "No suggestions are waiting" in await response.text()
    a, b = persons_of(web_demo, sid)
    assert a != b and rejected_between(web_demo, a, b)


async def test_empty_queue_and_unknown_suggestion(web_demo: Store, web_client: Client) -> None:
    assert "No suggestions are waiting" in await page(web_client, "/review")
    assert (await web_client.post("/review/4242/confirm", headers=SAME_ORIGIN)).status == 404


async def test_hostile_names_and_reason_are_text(web_demo: Store, web_client: Client) -> None:
    suggest(web_demo, XSS, "Harmless", reason=XSS)
    assert_escaped(await page(web_client, "/review"))


async def test_review_in_german(web_demo: Store, web_client: Client) -> None:
    suggest(web_demo, "Maxi Muster", "Max Muster")
    html = await page(web_client, "/review?lang=de")
    assert "Vorgeschlagene Zusammenführungen prüfen" in html and "Dieselbe Person" in html


@pytest.mark.parametrize("action", ["confirm", "reject"])
async def test_decisions_need_login_and_same_origin(
    web_demo: Store, web_client: Client, web_stranger: Client, action: str
) -> None:
    sid = suggest(web_demo, "Maxi Muster", "Max Muster")
    assert (await web_stranger.get("/review")).status == 401
    assert (await web_stranger.post(f"/review/{sid}/{action}", headers=SAME_ORIGIN)).status == 401
    assert (await web_client.post(f"/review/{sid}/{action}", headers=CROSS_SITE)).status == 403
    assert (await web_client.post("/decisions/1/undo", headers=CROSS_SITE)).status == 403
    a, b = persons_of(web_demo, sid)
    assert a != b and not rejected_between(web_demo, a, b)
