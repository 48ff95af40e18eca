"""What you did together on the person page, dormant ties and bridges on the dashboard —
in English and German."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from metanet.answers import interactions
from metanet.imports.interactions.events import MEETING, SENT, Event, Who
from metanet.store import Store
from tests.web_support import Client, page, person

pytest_plugins = ("tests.web_fixtures",)


def counted(store: Store, name: str, days: list[int], kind: str = SENT) -> int:
    """Interaction with a demo person, as an import would count it (by their id)."""
    target = person(store, name)
    row = store.person_accounts(target)[0]
    who = Who("account", f"{row['network']}:{row['key']}")
    now = datetime.now(UTC)
    interactions.record(
        store, [Event("mail", kind, now - timedelta(days=d), (who,), f"{kind}{d}") for d in days]
    )
    return target


async def test_the_person_page_says_what_you_did_together(
    web_demo: Store, web_client: Client
) -> None:
    anna = counted(web_demo, "Anna Schmidt", [3, 40, 41])
    counted(web_demo, "Anna Schmidt", [10], MEETING)
    html = await page(web_client, f"/people/{anna}")
    assert "What you did together" in html
    assert "3 messages, last in " in html and "1 meeting in the last 12 months" in html
    response = await web_client.get(f"/people/{anna}", headers={"Accept-Language": "de-DE"})
    german = await response.text()
    assert "Was Sie miteinander zu tun hatten" in german and "3 Nachrichten, zuletzt im " in german
    other = await page(web_client, f"/people/{person(web_demo, 'Frank Wagner')}")
    assert "No messages or meetings counted." in other


async def test_the_dashboard_lists_dormant_ties_and_bridges(
    web_demo: Store, web_client: Client
) -> None:
    counted(web_demo, "Anna Schmidt", [400 + 7 * i for i in range(20)])
    html = await page(web_client, "/")
    assert "Dormant ties worth reviving" in html and "Bridges (their contacts" in html
    section = html.split("Dormant ties worth reviving")[1].split("Bridges")[0]
    assert "Anna Schmidt" in section and "reach through nobody else" in section
