"""Issue 18, as a networker meets it: four kinds of files imported (a LinkedIn export, a
Facebook export, a vCard address book, Google Contacts), then what a person reads about
someone they want to call, write or be introduced to — in `metanet person` (text and
JSON), the host's answers, the person page and the vCard export.

The files (tests/fixtures/imports/networker/) hold two people called Fritz Becker (an
installer in Munich, in the address book and on LinkedIn; a dispatcher in Hamburg, in
Google Contacts), Dr. Katrin Lehmann (her vCard has the title, LinkedIn does not) and
Clara Vogt. Fritz's vCard writes his mobile number with its country code and his office
number without: in a German address book "089 1234567" is +49 89 1234567.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from metanet.actions import HostContext
from metanet.cli import cli
from metanet.export import export_text
from metanet.host import handle
from metanet.store import Store
from tests.web_support import Client, page

pytest_plugins = ("tests.web_fixtures",)

FILES = Path(__file__).parent / "fixtures" / "imports" / "networker"
IMPORTS = ("Connections.csv", "your_friends.json", "kontakte.vcf", "google-contacts.csv")
ENGLISH = {"LANG": "en_US.UTF-8"}
GERMAN = {"LANG": "de_DE.UTF-8"}
#: what no view may show: internal keys (offline persons, address-book entries), "None"
INTERNAL = re.compile(r"\bNone\b|offline: p\d+|\bp\d+\b|~ab:|uid:|~fb:|urn:uuid")


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] = ENGLISH, code: int = 0) -> str:
        result = self.runner.invoke(cli, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output


@pytest.fixture
def run(web_home: Path) -> Iterator[Cli]:
    """A data folder with the four files imported, the user's region set to Germany."""
    run = Cli()
    run("config", "region", "DE")
    for name in IMPORTS:
        run("import", str(FILES / name))
    yield run


def person_id(run: Cli, who: str) -> int:
    return int(json.loads(run("person", who, "--json"))["id"])


def fritz_in_munich(run: Cli) -> int:
    return person_id(run, "https://www.linkedin.com/in/fritz-becker-haustechnik")


def test_fritz_reads_like_a_card_with_how_to_reach_him(run: Cli) -> None:
    text = run("person", str(fritz_in_munich(run)))
    lines = text.splitlines()
    assert lines[0] == f"Fritz Becker (#{fritz_in_munich(run)})"
    assert lines[1] == "  Inhaber at Becker Haustechnik GmbH, München"
    assert "  E-mail: fritz.becker@example.de (LinkedIn: Connections.csv, " in text
    assert "Address book: kontakte.vcf; seen " in text
    # national form at home, the international beside it
    assert "  Phone: 0171 2345678 · +49 171 2345678 (Address book: kontakte.vcf; seen " in text
    assert "  Phone: 089 1234567 · +49 89 1234567 (" in text  # written without +49
    assert "  Website: https://www.becker-haustechnik.example (" in text
    # his profile: the LinkedIn export listed it, his vCard links it
    assert (
        "  LinkedIn: https://www.linkedin.com/in/fritz-becker-haustechnik/ "
        "(LinkedIn: Connections.csv, Address book: kontakte.vcf; seen " in text
    )
    assert text.count("Becker Haustechnik") == 1  # said once, on the card
    assert not INTERNAL.search(text), text


def test_fritz_in_german(run: Cli) -> None:
    text = run("person", str(fritz_in_munich(run)), env=GERMAN)
    assert "  Inhaber bei Becker Haustechnik GmbH, München" in text
    assert "  E-Mail: fritz.becker@example.de (LinkedIn: Connections.csv, " in text
    assert (
        "  Telefon: 0171 2345678 · +49 171 2345678 (Adressbuch: kontakte.vcf; gesehen am " in text
    )
    assert "Adressbuch: Eintrag ohne Profilseite" in text
    assert "(LinkedIn: Connections.csv, Adressbuch: kontakte.vcf; gesehen am " in text
    # ties as German says them: "Kontakt (Adressbuch)", not "Adressbuch Kontakt"
    assert "    Sie: Kontakt (Adressbuch), 1-mal gesehen, seit " in text
    assert "    Sie: Kontakt (LinkedIn), 1-mal gesehen, seit 14. Feb. 2023" in text
    english = run("person", str(fritz_in_munich(run)))
    assert "    you: LinkedIn contact, seen 1 time, since Feb 14, 2023" in english
    assert not INTERNAL.search(text) and "Phone" not in text and "seen" not in text


def test_json_gives_every_form_of_the_number_and_where_it_came_from(run: Cli) -> None:
    data = json.loads(run("person", str(fritz_in_munich(run)), "--json"))
    contact = data["contact"]
    [email] = contact["emails"]
    assert email["value"] == "fritz.becker@example.de"
    assert email["href"] == "mailto:fritz.becker@example.de"
    assert {s["import_format"] for s in email["sources"]} == {"linkedin", "vcard"}
    mobile = next(p for p in contact["phones"] if p["value"] == "+491712345678")
    assert mobile["national"] == "0171 2345678"
    assert mobile["international"] == "+49 171 2345678"
    assert mobile["shown"] == "0171 2345678" and mobile["href"] == "tel:+491712345678"
    assert [s["import_file"] for s in mobile["sources"]] == ["kontakte.vcf"]
    assert mobile["last_seen"]
    assert {p["value"] for p in contact["phones"]} == {"+491712345678", "+49891234567"}
    [website] = contact["websites"]
    assert website["value"] == "https://www.becker-haustechnik.example"
    assert [(p["network"], p["value"]) for p in contact["profiles"]] == [
        ("linkedin", "https://www.linkedin.com/in/fritz-becker-haustechnik/")
    ]
    english = run("person", str(fritz_in_munich(run)), "--json")
    assert english == run("person", str(fritz_in_munich(run)), "--json", env=GERMAN)


def test_abroad_the_numbers_are_international(run: Cli) -> None:
    run("config", "region", "AT")
    text = run("person", str(fritz_in_munich(run)))
    assert "  Phone: +49 171 2345678 (Address book" in text
    assert "0171 2345678" not in text


def test_katrin_lehmann_is_found_without_her_title(run: Cli) -> None:
    """Her vCard says "Dr. Katrin Lehmann", LinkedIn "Katrin Lehmann": one person (the same
    e-mail address), found by either and by what people say."""
    katrin = person_id(run, "https://www.linkedin.com/in/katrin-lehmann-klinikum")
    said = ("Katrin Lehmann", "Dr. Katrin Lehmann", "katrin lehmann", "Frau Dr. Lehmann",
            "Lehmann, Katrin", "Lehmann Katrin", "K. Lehmann", "Katrin Anna Lehmann")  # fmt: skip
    for name in said:
        assert person_id(run, name) == katrin, name
    text = run("person", "Katrin Lehmann")
    assert text.splitlines()[1] == "  Oberärztin at Klinikum Schwabing, München"
    assert "  Phone: 089 30682000 · +49 89 30682000 (" in text
    # her profile as LinkedIn links it, not as the export wrote it (de.linkedin.com, ?trk=)
    assert (
        "  LinkedIn: https://www.linkedin.com/in/katrin-lehmann-klinikum/ "
        "(LinkedIn: Connections.csv; seen " in text
    )
    assert "trk=" not in text


def test_an_ambiguous_name_lists_both_with_what_tells_them_apart(run: Cli) -> None:
    said = run("person", "Fritz Becker", code=1)
    assert "“Fritz Becker” fits 2 people:" in said
    munich = fritz_in_munich(run)
    assert (
        f"  #{munich} Fritz Becker — Inhaber at Becker Haustechnik GmbH, München "
        "(Address book, LinkedIn)" in said
    )
    assert re.search(
        r"  #\d+ Fritz Becker — Disponent at Elbe Logistik GmbH, Hamburg \(Address book\)", said
    )
    assert "Name one by its number" in said
    german = run("person", "Herr Becker", env=GERMAN, code=1)
    assert "„Herr Becker“ passt auf 2 Personen:" in german
    assert "Disponent bei Elbe Logistik GmbH, Hamburg (Adressbuch)" in german
    error = json.loads(run("person", "Fritz Becker", "--json", code=1))["error"]
    assert error["code"] == "not_found" and error["total"] == 2
    assert "München; Address book, LinkedIn); #" in error["message"]
    assert [(c["company"], c["city"], c["networks"]) for c in error["candidates"]] == [
        ("Becker Haustechnik GmbH", "München", ["addressbook", "linkedin"]),
        ("Elbe Logistik GmbH", "Hamburg", ["addressbook"]),
    ]


def test_a_candidate_known_only_by_networks_reads_as_a_card_too(run: Cli) -> None:
    """Jürgen Größ is a Facebook friend (no company, no city); another one is known offline."""
    run("add", "Jürgen Größ")
    said = run("person", "Jurgen Gross", code=1)
    assert re.search(r"  #\d+ Jürgen Größ \(Facebook\)\n", said), said
    assert re.search(r"  #\d+ Jürgen Größ \(Offline\)\n", said), said
    german = run("person", "Juergen Groess", env=GERMAN, code=1)
    assert re.search(r"  #\d+ Jürgen Größ \(Facebook\)\n", german), german
    assert re.search(r"  #\d+ Jürgen Größ \(Offline\)\n", german), german
    assert "— (" not in said + german


def test_a_captured_profile_says_it_was_captured(
    run: Cli, real_fixture: Callable[[str], Path]
) -> None:
    url = "https://www.linkedin.com/in/jeffweiner08/"
    page = real_fixture("linkedin/profile-public-2016-jeffweiner08.html")
    run("capture", str(page), "--url", url)
    text = run("person", url)
    assert f"  LinkedIn: {url} — CEO at LinkedIn (LinkedIn: captured page; seen " in text
    german = run("person", url, env=GERMAN)
    assert f"  LinkedIn: {url} — CEO at LinkedIn (LinkedIn: erfasste Seite; gesehen am " in german


def test_no_view_shows_an_internal_key(run: Cli) -> None:
    run("add", "Bernd Keller")
    run("relate", "Bernd Keller", "Clara Vogt", "--as", "neighbour")
    people = {"Dr. Katrin Lehmann", "Clara Vogt", "Bernd Keller", "Sabine Krüger", "Jürgen Größ"}
    for who in people:
        for env in (ENGLISH, GERMAN):
            text = run("person", who, env=env)
            assert not INTERNAL.search(text), text
    assert "    Clara Vogt (#" in run("person", "Bernd Keller")
    assert "offline: neighbour" in run("person", "Bernd Keller")


@pytest.fixture
def host(run: Cli) -> Iterator[HostContext]:
    ctx = HostContext()
    yield ctx
    ctx.close()


def test_the_host_says_how_to_reach_him_and_who_is_meant(host: HostContext) -> None:
    url = "https://www.linkedin.com/in/fritz-becker-haustechnik/"
    found = handle(host, {"id": 1, "action": "lookup", "url": url})["result"]
    phones = {p["shown"]: p["href"] for p in found["contact"]["phones"]}
    assert phones["0171 2345678"] == "tel:+491712345678"
    assert found["contact"]["emails"][0]["href"] == "mailto:fritz.becker@example.de"
    reply = handle(host, {"id": 2, "action": "mutual", "person": "Fritz Becker"})
    assert reply["ok"] is False and reply["error"]["code"] == "not_found"
    assert {c["city"] for c in reply["error"]["candidates"]} == {"München", "Hamburg"}
    katrin = handle(host, {"id": 3, "action": "paths", "person": "Katrin Lehmann"})
    assert katrin["ok"], katrin


async def test_the_person_page_links_to_write_and_call(run: Cli, web_client: Client) -> None:
    munich = fritz_in_munich(run)
    html = await page(web_client, f"/people/{munich}")
    assert 'href="mailto:fritz.becker@example.de"' in html
    assert '<a href="tel:+491712345678">0171 2345678</a> · +49 171 2345678' in html
    assert '<a href="tel:+49891234567">089 1234567</a>' in html
    assert "https://www.becker-haustechnik.example" in html
    profile = html[html.index('class="reach-profile"') :]
    assert "(LinkedIn: Connections.csv, Address book: kontakte.vcf · seen " in profile
    assert not INTERNAL.search(html.replace("None;", ""))
    choose = await page(web_client, "/paths?who=Fritz+Becker")
    assert "Inhaber at Becker Haustechnik GmbH, München (Address book, LinkedIn)" in choose
    assert "Disponent at Elbe Logistik GmbH, Hamburg (Address book)" in choose


def test_the_vcard_export_carries_mail_and_phone(run: Cli, web_home: Path) -> None:
    with Store(web_home / "metanet.db") as store:
        cards = export_text(store, "vcard")
    fritz = next(card for card in cards.split("END:VCARD") if "Becker Haustechnik" in card)
    assert "EMAIL:fritz.becker@example.de\r\n" in fritz
    assert "TEL;VALUE=uri:tel:+49-171-2345678\r\n" in fritz
    assert "TEL;VALUE=uri:tel:+49-89-1234567\r\n" in fritz
    assert "URL:https://www.becker-haustechnik.example\r\n" in fritz
    assert "URL:https://www.linkedin.com/in/fritz-becker-haustechnik/\r\n" in fritz


def test_json_error_is_the_same_shape_as_the_hosts(run: Cli) -> None:
    error: dict[str, Any] = json.loads(run("person", "Fritz Becker", "--json", code=1))["error"]
    assert set(error) == {"code", "message", "candidates", "total"}
