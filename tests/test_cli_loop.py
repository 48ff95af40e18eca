"""The everyday loop in the CLI on real pages: you are "you" (never "None"), `me add`
asks for your name, `person me` works, a list says what it saved, and a profile says what
its page printed about shared connections beside what Metanet knows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from metanet.cli import cli
from tests.real_pages import REAL_PAGES

NEVER = ("None", "(no name)")
PROFILE = "linkedin/profile-loggedin-2025-brocc.html"
CONNECTIONS = "linkedin/connections-list-2025-brocc.html"
SEARCH = "linkedin/search-people-with-mutual-connections-2025-brocc.html"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None, given: str | None = None) -> str:
        result = runner.invoke(cli, list(args), env=env, input=given, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        for word in NEVER:
            assert word not in result.output, result.output
        return result.output

    return invoke


def capture(run: Callable[..., str], real_fixture: Any, path: str, **kw: Any) -> str:
    url = next(page.url for page in REAL_PAGES if page.path == path)
    return run("capture", str(real_fixture(path)), "--url", url, **kw)


def test_you_are_you_before_you_give_a_name(run: Callable[..., str], real_fixture: Any) -> None:
    said = run("me", "add", "https://www.linkedin.com/in/jana-example/")
    assert "Metanet does not know your name yet" in said
    assert run("person", "me").startswith("you (#1)  — this is you")
    capture(run, real_fixture, CONNECTIONS)
    capture(run, real_fixture, PROFILE)
    capture(run, real_fixture, SEARCH)
    rob = run("person", "Rob Cheung")
    assert "    you: LinkedIn" in rob  # whom Rob knows: you (as main says it), never "None (#1)"
    assert "None" not in rob
    assert rob.count("LinkedIn: https://www.linkedin.com/in/") == 1  # one member, one account


def test_me_add_asks_for_your_name_and_person_me_shows_it(
    run: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("metanet.commands.people.interactive", lambda: True)
    said = run("me", "add", "https://www.linkedin.com/in/jana-example/", given="Jana Example\n")
    assert "Your name, as people know you" in said
    assert run("person", "me").startswith("Jana Example (#1)  — this is you")
    run("me", "add", "https://www.xing.com/profile/Jana_Example", "--name", "Jana Example")
    assert "XING" in run("person", "me")


def test_a_list_says_what_it_saved_in_both_languages(
    run: Callable[..., str], real_fixture: Any
) -> None:
    run("me", "add", "https://www.linkedin.com/in/jana-example/", "--name", "Jana Example")
    said = capture(run, real_fixture, CONNECTIONS)
    assert "saved: 10 contacts of yours (10 new)" in said
    again = capture(run, real_fixture, CONNECTIONS, env={"LANG": "de_DE.UTF-8"})
    assert "gespeichert: 10 Kontakte von Ihnen (0 neu)" in again


def test_a_profile_says_what_its_page_printed_about_shared_connections(
    run: Callable[..., str], real_fixture: Any
) -> None:
    run("me", "add", "https://www.linkedin.com/in/jana-example/", "--name", "Jana Example")
    capture(run, real_fixture, CONNECTIONS)
    capture(run, real_fixture, PROFILE)
    capture(run, real_fixture, SEARCH)
    mutual = run("mutual", "Rob Cheung")
    assert "LinkedIn shows 291 mutual connections; Metanet knows 0" in mutual
    assert "Named on the page, not in your meta-network yet: 💭 Kyle Pitzen, Bhaval Patel" in mutual
    maja = run("person", "Maja Milinkovic")  # the search page: "… and 11 other mutual"
    assert "LinkedIn shows 13 mutual connections; Metanet knows 2" in maja
    german = run("person", "Maja Milinkovic", env={"LANG": "de_DE.UTF-8"})
    assert "LinkedIn zeigt 13 gemeinsame Kontakte; Metanet kennt 2" in german


def test_the_people_followed_by_names_count_as_known(
    run: Callable[..., str], real_fixture: Any
) -> None:
    """tiff's followers list, then her profile: "Followed by robertkarpay, instadan_027 +
    56 more" names two people Metanet knows (one-way follows, not shared in the graph)."""
    capture(run, real_fixture, "instagram/followers-2025-brocc.html")
    capture(run, real_fixture, "instagram/profile-2025-brocc.html")
    tiff = run("person", "tiff")
    assert "Instagram shows 58 followers you follow; Metanet knows 2" in tiff
    assert "not in your meta-network yet" not in tiff


def test_doctor_says_which_pages_were_partly_read_in_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from metanet.store import Store, now

    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    with Store() as store:
        for partly in (None, "unknown_layout", "unknown_layout"):
            store.add_capture(
                {"url": "https://www.xing.com/profile/Anna", "site": "xing", "parser": "xing",
                 "outcome": "stored", "partly_read": partly, "received_at": now(),
                 "sha256": "0" * 64},
                "<p>x</p>",
            )  # fmt: skip
    runner = CliRunner()
    english = runner.invoke(cli, ["doctor"], env={"LANG": "en_US.UTF-8"}).output
    assert "  xing: 3 stored, 2 partly read, 0 unsupported, 0 failed" in english
    assert "2 × partly read: a layout Metanet does not know" in english
    german = runner.invoke(cli, ["doctor"], env={"LANG": "de_DE.UTF-8"}).output
    assert "Zustand der Parser (letzte Erfassungen):" in german
    assert "xing: 3 gespeichert, 2 teilweise gelesen" in german
