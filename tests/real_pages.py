"""The real saved pages a parser reads, their real addresses, and what each must yield.

Every HTML page in ``shared/fixtures/real`` (see PROVENANCE.md there) is listed in
:data:`REAL_PAGES` with the address it was saved from (or, where the source did not say,
the address it would have had). What the parsers make of it is pinned in
``tests/expected/<site>/<page>.json``, one file per page, and checked by one parametrised
test (``tests/test_sites_real_pages.py``), on the saved file and on the page as Chromium
serialises it.

When a parser changes what a page yields, regenerate and review, as Zotero's translator
authors do with their test cases::

    make expectations        # rewrites tests/expected/ and shows the diff

Run as ``python -m tests.real_pages [--check]`` from the repository root.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from metanet.capture import Outcome, parse_guarded
from metanet.model import AccountRecord, AccountRef, ParseResult, TieRecord
from tests.conftest import REAL_FIXTURES

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "expected"


@dataclass(frozen=True)
class RealPage:
    """One saved page: its path under ``shared/fixtures/real`` and its real address."""

    path: str
    url: str

    @property
    def expected_file(self) -> Path:
        return EXPECTED / f"{self.path.removesuffix('.html')}.json"


REAL_PAGES = (
    RealPage(
        "facebook/m-profile-about-loggedin-2017-jennchentaylor-skopenow.html",
        "https://m.facebook.com/jenn.c.taylor/about",
    ),
    RealPage(
        "facebook/m-profile-loggedin-2017-ahmedsamir732-friends-mutual-skopenow.html",
        "https://m.facebook.com/ahmedsamir732",
    ),
    RealPage(
        "facebook/m-profile-loggedin-2017-mahmoudmagdy-friends-mutual-skopenow.html",
        "https://m.facebook.com/m.magdy.cg",
    ),
    RealPage(
        "facebook/m-profile-loggedin-2017-rob.douglas.7923-friends-mutual-skopenow.html",
        "https://m.facebook.com/rob.douglas.7923",
    ),
    RealPage(
        "facebook/mfacebook-group-public-2021-southamericansincomputing-fbscraper.html",
        "https://m.facebook.com/groups/southamericansincomputing/",
    ),
    RealPage(
        "facebook/search-people-loggedin-2017-robdouglas-skopenow.html",
        "https://www.facebook.com/search/str/rob+douglas/keywords_users",
    ),
    RealPage(
        "github/org-people-list-dwyl-2024-github-usernames.html",
        "https://github.com/orgs/dwyl/people",
    ),
    RealPage("github/profile-2017-taylorotwell-skopenow.html", "https://github.com/taylorotwell"),
    RealPage(
        "github/profile-loggedout-2012-adarshpandit-gitsucker.html",
        "https://github.com/adarshpandit",
    ),
    RealPage(
        "github/user-hovercard-2024-github-usernames.html",
        "https://github.com/users/Deykun/hovercard",
    ),
    RealPage(
        "instagram/followers-2025-brocc.html", "https://www.instagram.com/hausoftiffany/followers/"
    ),
    RealPage("instagram/profile-2025-brocc.html", "https://www.instagram.com/hausoftiffany/"),
    RealPage(
        "instagram/profile-loggedout-2019-aaronpk-xray.html", "https://www.instagram.com/aaronpk/"
    ),
    RealPage(
        "instagram/profile-loggedout-2019-indiewebcat-xray.html",
        "https://www.instagram.com/indiewebcat/",
    ),
    RealPage(
        "instagram/profile-loggedout-2019-kmikeym-xray.html", "https://www.instagram.com/kmikeym/"
    ),
    RealPage(
        "instagram/profile-loggedout-2024-pluto__travel-metascraper.html",
        "https://www.instagram.com/pluto__travel/",
    ),
    RealPage(
        "linkedin/connections-list-2025-brocc.html",
        "https://www.linkedin.com/mynetwork/invite-connect/connections/",
    ),
    RealPage(
        "linkedin/profile-loggedin-2017-robdouglas-skopenow.html",
        "https://www.linkedin.com/in/robdouglas/",
    ),
    RealPage(
        "linkedin/profile-loggedin-2018-jeffweiner-linkedinonymous.html",
        "https://www.linkedin.com/in/jeffweiner08/",
    ),
    RealPage(
        "linkedin/profile-loggedin-2024-scoutr.html",
        "https://www.linkedin.com/in/eduardo-alvarez-nowak/",
    ),
    RealPage(
        "linkedin/profile-loggedin-2025-brocc.html", "https://www.linkedin.com/in/robertkcheung/"
    ),
    RealPage("linkedin/profile-public-2013-jgrevich.html", "https://www.linkedin.com/in/jgrevich"),
    RealPage(
        "linkedin/profile-public-2016-jeffweiner08.html", "https://www.linkedin.com/in/jeffweiner08"
    ),
    RealPage(
        "linkedin/profile-public-2024-scoutr.html",
        "https://se.linkedin.com/in/eduardo-alvarez-nowak",
    ),
    RealPage(
        "linkedin/profile-public-notfound-2024-scoutr.html",
        "https://www.linkedin.com/in/ivanahmadfatoni/",
    ),
    RealPage(
        "linkedin/search-people-loggedin-2017-robdouglas-skopenow.html",
        "https://www.linkedin.com/search/results/index/?keywords=firstname%3A%22rob%22%20"
        "lastname%3A%22douglas%22%20AND%20skopenow&origin=GLOBAL_SEARCH_HEADER",
    ),
    RealPage(
        "linkedin/search-people-shared-connections-2018-linkedinonymous.html",
        "https://www.linkedin.com/search/results/people/?keywords=Software%20Engineer"
        "&origin=SUGGESTION",
    ),
    RealPage(
        "linkedin/search-people-with-mutual-connections-2025-brocc.html",
        "https://www.linkedin.com/search/results/people/?keywords=engineer&origin=GLOBAL",
    ),
    RealPage("twitter/followers-2025-brocc.html", "https://x.com/perceptnet/followers"),
    RealPage("twitter/profile-2025-brocc.html", "https://x.com/perceptnet"),
    RealPage(
        "twitter/profile-loggedin-legacy-2017-theamynicholson-skopenow.html",
        "https://twitter.com/TheAmyNicholson",
    ),
    RealPage(
        "twitter/profile-loggedout-2025-kikobeats-metascraper.html", "https://x.com/Kikobeats"
    ),
    RealPage(
        "xing/profile-cv-loggedin-ru-dennisd1.html", "https://www.xing.com/profile/-_-3319/cv"
    ),
    RealPage(
        "xing/profile-loggedout-2017-anonymized-resume_exporter.html",
        "https://www.xing.com/profile/John_Doe",
    ),
)


# --- what a parse yields, as JSON ------------------------------------------------------


def outcome(url: str, html: str) -> dict[str, Any]:
    """Everything the parsers make of a page, in the shape of the expectation files."""
    result, status, error = parse_guarded(url, html)
    if result is None:
        return {"outcome": status, "error": error} if error else {"outcome": status}
    return {"outcome": Outcome.STORED, **result_json(result)}


def result_json(result: ParseResult) -> dict[str, Any]:
    """A parse result for people to read and diff: empty fields left out, ties one line each."""
    data: dict[str, Any] = {
        "site": result.site,
        "kind": result.kind,
        "parser": result.parser,
    }
    for item in dataclasses.fields(result):
        name = item.name
        if name in ("site", "kind", "parser", "parser_version"):
            continue
        value = getattr(result, name)
        if name == "owner":
            value = record_json(value) if value is not None else None
        elif name == "accounts":
            value = [record_json(record) for record in value]
        elif name == "ties":
            value = [tie_line(tie) for tie in value]
        else:
            value = _plain(value)
        if not _empty(value):
            data[name] = value
    return data


def record_json(record: AccountRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"ref": f"{record.network}:{record.key}"}
    # the URL first, then the facts (model.PersonFacts) and the rest, as a page gives them
    rest = [item.name for item in dataclasses.fields(record)]
    for name in ["profile_url", *(n for n in rest if n not in ("network", "key", "profile_url"))]:
        value = _plain(getattr(record, name))
        if not _empty(value):
            data[name] = value
    return data


def tie_line(tie: TieRecord) -> str:
    """``linkedin:~me -- linkedin:kenaizawa contact`` (``->`` when directed)."""
    arrow = "->" if tie.directed else "--"
    return f"{tie.src.network}:{tie.src.key} {arrow} {tie.dst.network}:{tie.dst.key} {tie.kind}"


def _plain(value: object) -> Any:
    """Dataclasses (nested, in lists) as dicts without their empty or false fields; an
    account reference as ``network:key``."""
    if isinstance(value, AccountRef):
        return f"{value.network}:{value.key}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            item.name: _plain(getattr(value, item.name))
            for item in dataclasses.fields(value)
            if not _empty(getattr(value, item.name))
        }
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _empty(value: object) -> bool:
    """None, False and empty containers are left out of the files; 0 is a count."""
    return value is None or value is False or (isinstance(value, str | list | dict) and not value)


def expected(page: RealPage) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.expected_file.read_text(encoding="utf-8"))
    return data


def actual(page: RealPage, html: str) -> dict[str, Any]:
    return {"page": page.path, "url": page.url, **outcome(page.url, html)}


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- make expectations -----------------------------------------------------------------


def write_all(check: bool = False) -> int:
    """Rewrite every expectation file from the saved pages; with ``check``, only report
    which ones differ. Returns the number of files that changed (or would)."""
    changed = 0
    for page in REAL_PAGES:
        html = (REAL_FIXTURES / page.path).read_text(encoding="utf-8")
        text = dump(actual(page, html))
        old = page.expected_file.read_text(encoding="utf-8") if page.expected_file.exists() else ""
        if text == old:
            continue
        changed += 1
        print(f"{'differs' if check else 'updated'}: {page.expected_file.relative_to(HERE.parent)}")
        if not check:
            page.expected_file.parent.mkdir(parents=True, exist_ok=True)
            page.expected_file.write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    if not REAL_FIXTURES.is_dir():
        print(f"real pages not found at {REAL_FIXTURES}", file=sys.stderr)
        return 2
    check = "--check" in argv
    changed = write_all(check=check)
    if changed and not check:
        # Review what changed before committing it: new files show as untracked.
        subprocess.run(["git", "status", "--short", "--", str(EXPECTED)], check=False)
        subprocess.run(["git", "--no-pager", "diff", "--", str(EXPECTED)], check=False)
    print(f"{changed} of {len(REAL_PAGES)} expectation files {'differ' if check else 'changed'}")
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
