"""Resolution rules: merge automatically only on exact evidence; suggest, explained, else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from metanet.i18n import texts, words
from metanet.identity import resolve_accounts, resolve_all
from metanet.identity.me import set_me
from metanet.identity.suggestions import review_queue
from metanet.model import VIEWER_KEY, AccountRecord
from metanet.reasons import decode
from metanet.services.answers import mutual as shared_connections
from metanet.services.pages import capture
from metanet.store import Store
from tests.db_support import raw


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "metanet.db")


def add(store: Store, network: str, key: str, name: str | None, **facts: object) -> int:
    confirmed = bool(facts.pop("confirmed", True))
    record = AccountRecord(network, key, f"https://{network}.example/{key}", name=name, **facts)  # type: ignore[arg-type]
    return store.upsert_account(record, confirmed=confirmed)


def person(store: Store, account_id: int) -> int:
    return int(store.account_by_id(account_id)["person_id"])


def test_same_email_merges_with_the_reason(store: Store) -> None:
    a = add(store, "xing", "max", "Max Mustermann", emails=["max@example.org"])
    b = add(store, "addressbook", "v1", "Mustermann, Max", emails=["max@example.org"])
    report = resolve_accounts(store, [b])
    assert report.merges == 1
    assert person(store, a) == person(store, b)
    decision = raw(store).execute("select source, reason from merge_decisions").fetchone()
    assert decision[0] == "auto"
    said = texts.reasons(words("en"), decode(decision[1]))
    assert said == "same e-mail address max@example.org"


def test_same_mobile_number_merges(store: Store) -> None:
    a = add(store, "xing", "max", "Max Mustermann", phones=["+491711234567"])
    b = add(store, "addressbook", "v1", "Max Mustermann", phones=["+491711234567"])
    resolve_accounts(store, [a, b])
    assert person(store, a) == person(store, b)


def test_same_landline_and_name_is_only_suggested(store: Store) -> None:
    """Father and son may share a name and the family's number: a landline never merges."""
    a = add(store, "addressbook", "v1", "Sebastian Tanneller", phones=["+49899260524"])
    b = add(store, "addressbook", "v2", "Sebastian Tanneller", phones=["+49899260524"])
    resolve_all(store)
    assert person(store, a) != person(store, b)
    [item] = review_queue(store)
    said = texts.reasons(words("en"), item["reasons"])
    assert said == "same phone number +49899260524; a landline: perhaps a household's"
    assert item["score"] >= 0.9


def test_a_profile_linking_to_another_merges_in_either_order(store: Store) -> None:
    linker = add(store, "web", "max.example", "Max Mustermann",
                 same_as=["https://de.linkedin.com/in/maxm?trk=x"])  # fmt: skip
    resolve_accounts(store, [linker])  # the linked profile is not known yet: nothing to do
    linked = store.upsert_account(
        AccountRecord("linkedin", "maxm", "https://www.linkedin.com/in/maxm/", name="Max M.")
    )
    resolve_accounts(store, [linked])
    assert person(store, linker) == person(store, linked)


def test_two_pages_linking_the_same_profile_merge(store: Store) -> None:
    a = add(store, "web", "a", "Max Mustermann", same_as=["https://www.linkedin.com/in/maxm/"])
    b = add(store, "addressbook", "b", "Max Mustermann", same_as=["https://linkedin.com/in/maxm"])
    resolve_accounts(store, [a, b])
    assert person(store, a) == person(store, b)


def test_same_name_and_company_is_only_a_suggestion(store: Store) -> None:
    a = add(store, "xing", "a", "Dr. Jürgen Müller", company="Siemens AG", location="München")
    b = add(store, "linkedin", "b", "Juergen Mueller", company="Siemens", location="Munich")
    report = resolve_accounts(store, [a, b])
    assert report.merges == 0
    assert person(store, a) != person(store, b)
    [item] = review_queue(store)
    assert item["score"] > 0.9
    said = texts.reasons(words("en"), item["reasons"])
    assert "same name" in said and "both at Siemens" in said


def test_shared_company_mailbox_is_no_evidence(store: Store) -> None:
    a = add(store, "addressbook", "a", "Anna Schmidt", emails=["info@firma.example"])
    b = add(store, "addressbook", "b", "Bernd Keller", emails=["info@firma.example"])
    assert resolve_accounts(store, [a, b]).merges == 0
    assert person(store, a) != person(store, b)


def test_exact_evidence_between_different_names_is_held_back(store: Store) -> None:
    a = add(store, "addressbook", "a", "Anna Müller", emails=["muellers@example.org"])
    b = add(store, "addressbook", "b", "Bernd Müller", emails=["muellers@example.org"])
    report = resolve_accounts(store, [a, b])
    assert report.merges == 0 and report.conflicts >= 1
    assert person(store, a) != person(store, b)


def test_facebook_name_only_friend_is_never_merged_by_name(store: Store) -> None:
    fb = add(store, "facebook", "anna", "Anna Schmidt", confirmed=False)
    xing = add(store, "xing", "anna", "Anna Schmidt", company="Bosch")
    resolve_all(store)
    resolve_accounts(store, [fb, xing])
    assert person(store, fb) != person(store, xing)
    assert [i["a"]["id"] for i in review_queue(store)] in ([fb], [xing])
    # exact evidence later (an export with her e-mail, on both) does merge them
    add(store, "facebook", "anna", "Anna Schmidt", emails=["anna@example.org"], confirmed=False)
    add(store, "xing", "anna", "Anna Schmidt", emails=["anna@example.org"])
    resolve_accounts(store, [fb])
    assert person(store, fb) == person(store, xing)


def test_a_rare_name_scores_higher_than_a_common_one(store: Store) -> None:
    rare = [add(store, n, "r", "Wendelin Quast") for n in ("xing", "linkedin")]
    common = [add(store, n, f"t{i}", "Thomas Müller") for i in range(6) for n in ("xing",)]
    common.append(add(store, "linkedin", "t", "Thomas Müller"))
    resolve_all(store)
    scores = {
        frozenset((i["a"]["id"], i["b"]["id"])): i["score"] for i in review_queue(store, limit=99)
    }
    assert scores[frozenset(rare)] > max(s for pair, s in scores.items() if common[-1] in pair)
    # six on XING are at least six people; the seventh, on LinkedIn, may be one of them
    assert "6 people in your data have this name" in " ".join(
        texts.reasons(words("en"), i["reasons"]) for i in review_queue(store, limit=99)
    )


def test_full_and_incremental_runs_agree(tmp_path: Path) -> None:
    def build(path: Path) -> tuple[Store, list[int]]:
        s = Store(path)
        ids = [
            add(s, "xing", "m", "Max Mustermann", emails=["m@example.org"]),
            add(s, "addressbook", "m", "Mustermann, Max", emails=["m@example.org"],
                same_as=["https://www.linkedin.com/in/mm/"]),
            s.upsert_account(AccountRecord("linkedin", "mm", "https://www.linkedin.com/in/mm/")),
            add(s, "facebook", "m", "Max Mustermann", confirmed=False),
        ]  # fmt: skip
        return s, ids

    full, ids = build(tmp_path / "full.db")
    part, _ = build(tmp_path / "part.db")
    resolve_all(full)
    for account_id in ids:
        resolve_accounts(part, [account_id])
    for s in (full, part):
        assert len({person(s, a) for a in ids[:3]}) == 1
        assert person(s, ids[3]) != person(s, ids[0])  # name-only: never merged by name


def test_merges_take_effect_in_shared_connections(store: Store) -> None:
    me = add(store, "xing", "me", "Ich Selbst")
    set_me(store, me)
    me_li = add(store, "linkedin", "me", "Ich Selbst", emails=["me@example.org"])
    raw(store).execute("update accounts set person_id = ? where id = ?", [person(store, me), me_li])
    friend_x = add(store, "xing", "f", "Frank Wagner", emails=["frank@example.org"])
    friend_l = add(store, "linkedin", "f", "Frank Wagner")
    target = add(store, "linkedin", "t", "Katharina Berger")
    store.add_tie(me, friend_x, network="xing", kind="contact", directed=False)
    store.add_tie(target, friend_l, network="linkedin", kind="contact", directed=False)
    assert shared_connections(store, person(store, target))["total"] == 0
    add(store, "linkedin", "f", "Frank Wagner", emails=["frank@example.org"])
    resolve_accounts(store, [friend_l])
    shared = shared_connections(store, person(store, target))
    assert shared["total"] == 1
    assert shared["people"][0]["you"] == [{"network": "xing"}]
    assert shared["people"][0]["them"] == [{"network": "linkedin"}]


def test_a_capture_merges_on_rel_me_at_once(store: Store) -> None:
    known = store.upsert_account(
        AccountRecord("linkedin", "maxm", "https://www.linkedin.com/in/maxm/", name="Max Muster")
    )
    page = {
        "@context": "https://schema.org", "@type": "Person", "name": "Max Muster",
        "sameAs": ["https://www.linkedin.com/in/maxm/"],
    }  # fmt: skip
    html = f'<html><script type="application/ld+json">{json.dumps(page)}</script></html>'
    result = capture(store, "https://max-muster.example/", html)
    assert result.owner_account_id is not None
    assert person(store, result.owner_account_id) == person(store, known)


def test_merges_keep_the_user_as_me(store: Store) -> None:
    mine = add(store, "xing", "me", "Ich Selbst", emails=["ich@example.org"])
    me_id = set_me(store, mine)
    book = add(store, "addressbook", "me", "Selbst, Ich", emails=["ich@example.org"])
    other = add(store, "linkedin", "me", "Ich Selbst", phones=["+491701234567"])
    add(store, "addressbook", "me", "Selbst, Ich", phones=["+491701234567"])
    resolve_all(store)
    assert person(store, book) == person(store, other) == me_id
    assert store.person(me_id)["is_me"] == 1


def test_an_undone_bulk_merge_restores_the_other_person(store: Store) -> None:
    from metanet.identity.decisions import undo

    a = add(store, "xing", "a", "Max Mustermann", emails=["m@example.org"])
    b = add(store, "addressbook", "b", "Max Mustermann", emails=["m@example.org"])
    raw(store).table("persons").update(person(store, b), {"note": "Nachbar"})
    resolve_all(store)
    decision_id = raw(store).execute("select id from merge_decisions").fetchone()[0]
    undo(store, decision_id)
    assert person(store, a) != person(store, b)
    assert store.person(person(store, b))["note"] == "Nachbar"


def test_a_failing_resolution_keeps_the_capture_and_undoes_itself_whole(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The resolution fails after it wrote the account's name keys: the capture stays, the
    keys go with the rest of the resolution (the account is still pending), and it is
    logged."""
    from metanet.identity import resolve

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(resolve, "exact_edges", broken)  # runs after store_keys
    page = {"@context": "https://schema.org", "@type": "Person", "name": "Max Muster"}
    html = f'<html><script type="application/ld+json">{json.dumps(page)}</script></html>'
    result = capture(store, "https://max-muster.example/", html)
    assert result.owner_account_id is not None
    assert store.account_by_id(result.owner_account_id)["name"] == "Max Muster"
    pending = raw(store).execute("select account_id from identity_pending").fetchall()
    assert (result.owner_account_id,) in pending
    assert "identity resolution failed" in caplog.text


def test_a_resolution_journals_no_page_twice(store: Store) -> None:
    """One transaction, its keys and merges with no savepoint inside it: a savepoint makes
    SQLite copy each page it changes to a statement journal first (in a file when no change
    runs around it)."""
    names = ["Anna Berger", "Bernd Keller", "Clara Vogt"]
    resolve_accounts(store, [add(store, "xing", f"k{n}", name) for n, name in enumerate(names)])
    new = [add(store, "mastodon", f"m{n}", name) for n, name in enumerate(names)]
    new += [add(store, "xing", "dora", "Dora Lang", emails=["dora@example.org"])]
    new += [add(store, "addressbook", "dora", "Dora Lang", emails=["dora@example.org"])]
    said: list[str] = []
    raw(store).conn.set_trace_callback(said.append)
    try:
        merges = resolve_accounts(store, new).merges
    finally:
        raw(store).conn.set_trace_callback(None)
    assert said[0] == "BEGIN IMMEDIATE"
    assert not [s for s in said if "SAVEPOINT" in s.upper()]
    assert merges == 1
    assert raw(store).execute("select count(*) from identity_suggestions").fetchone()[0] == 3


def test_a_household_address_merges_no_one(store: Store) -> None:
    anna = add(store, "addressbook", "a", "Anna Müller", emails=["muellers@example.org"])
    bernd = add(store, "addressbook", "b", "Bernd Müller", emails=["muellers@example.org"])
    initial = add(store, "xing", "am", "A. Mueller", emails=["muellers@example.org"])
    resolve_all(store)
    resolve_accounts(store, [anna, bernd, initial])
    assert len({person(store, a) for a in (anna, bernd, initial)}) == 3


def test_an_initial_needs_more_than_a_shared_email(store: Store) -> None:
    full = add(store, "addressbook", "t", "Thomas Müller", emails=["tm@example.org"])
    initial = add(store, "xing", "t", "T. Müller", emails=["tm@example.org"])
    resolve_accounts(store, [full, initial])
    assert person(store, full) != person(store, initial)  # T. may be Tanja on a family address
    page = add(store, "web", "t", "T. Müller", same_as=["https://addressbook.example/t"])
    raw(store).execute(
        "update account_links set url = ? where account_id = ?",
        ["https://www.xing.com/profile/t", page],
    )
    resolve_accounts(store, [page])
    assert person(store, page) == person(store, initial)  # his own page links his profile


def test_two_initials_on_one_address_stay_apart(store: Store) -> None:
    a = add(store, "addressbook", "a", "S. Hirschinstätter", emails=["s.h@example.org"])
    b = add(store, "addressbook", "b", "S. Hirschinstaetter", emails=["s.h@example.org"])
    resolve_all(store)
    assert person(store, a) != person(store, b)  # Stefan and Sabine?


def test_yilmaz_on_linkedin_and_xing_at_one_company_is_suggested(store: Store) -> None:
    """Issue 15: the old folding made "lmaz" of "Yılmaz", so the two never shared a block."""
    a = add(store, "linkedin", "mehmet-y", "Mehmet Yılmaz", company="Siemens AG")
    b = add(store, "xing", "Mehmet_Yilmaz", "Mehmet Yilmaz", company="Siemens")
    report = resolve_accounts(store, [a, b])
    assert report.merges == 0 and report.suggestions >= 1
    [item] = review_queue(store)
    assert {item["a"]["id"], item["b"]["id"]} == {a, b}
    assert item["score"] > 0.9
    said = texts.reasons(words("en"), item["reasons"])
    assert said.startswith("same name “Mehmet Y"), said
    assert "both at Siemens" in said


@pytest.mark.parametrize(
    ("own_script", "transliterated"),
    [
        ("Łukasz Wiśniewski", "Lukasz Wisniewski"),
        ("Đorđe Đorđević", "Djordje Djordjevic"),
        ("Дмитрий Иванов", "Dmitrij Iwanow"),
        ("Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos"),
    ],
)
def test_a_name_in_its_own_script_is_suggested_with_its_transliteration(
    store: Store, own_script: str, transliterated: str
) -> None:
    a = add(store, "facebook", "fb1", own_script, location="München")
    b = add(store, "xing", "x1", transliterated, location="Munich", company="Bosch")
    resolve_accounts(store, [a, b])
    [item] = review_queue(store)
    assert {item["a"]["id"], item["b"]["id"]} == {a, b}
    assert "both in" in texts.reasons(words("en"), item["reasons"])


# Issue 24: each case is a folder of real export files (tests/fixtures/identity/<case>/)
# and case.json: the two accounts by name, whether they are one person afterwards, and
# what the suggestion between them says. Every case is imported in both orders.
CASES = Path(__file__).parent / "fixtures" / "identity"


def _import_case(folder: Path, db: Path, *, reverse: bool) -> Store:
    from metanet.services.imports import import_file
    from metanet.services.settings import set_region

    spec = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    store = Store(db)
    if spec.get("region"):
        set_region(store, spec["region"])
    files = sorted(p for p in folder.iterdir() if p.name != "case.json")
    for path in reversed(files) if reverse else files:
        import_file(store, path)
    return store


def _named(store: Store, names: list[str]) -> tuple[int, int]:
    rows = (
        raw(store)
        .execute("select id, name from accounts where name is not null order by id")
        .fetchall()
    )
    first = next(i for i, n in rows if n == names[0])
    second = next(i for i, n in rows if n == names[1] and i != first)
    return first, second


def _partition(store: Store) -> set[frozenset[tuple[str, str]]]:
    persons: dict[int, set[tuple[str, str]]] = {}
    for network, key, person_id in raw(store).execute(
        "select network, key, person_id from accounts where key != ?", [VIEWER_KEY]
    ):
        persons.setdefault(person_id, set()).add((network, key))
    return {frozenset(p) for p in persons.values()}


def _between(store: Store, a: int, b: int) -> list[str]:
    pa, pb = person(store, a), person(store, b)
    return [
        texts.reasons(words("en"), item["reasons"])
        for item in review_queue(store, limit=500)
        if {item["a"]["person_id"], item["b"]["person_id"]} == {pa, pb}
    ]


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_issue_24_case_same_outcome_in_either_import_order(tmp_path: Path, case: str) -> None:
    folder = CASES / case
    spec = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    stores = [_import_case(folder, tmp_path / f"{o}.db", reverse=o) for o in (False, True)]
    assert _partition(stores[0]) == _partition(stores[1]), "the import order decided"
    for store in stores:
        a, b = _named(store, spec["names"])
        if spec["same"]:
            assert person(store, a) == person(store, b)
        else:
            assert person(store, a) != person(store, b)
        said = _between(store, a, b)
        if spec.get("unrelated"):
            assert said == []  # a shared mailbox or landline is no evidence, not even a hint
        if spec.get("suggested"):
            assert said, "not suggested"
        if spec.get("reasons"):
            assert len(said) == 1, said
            [item] = [i for i in review_queue(store, limit=500) if texts.reasons(
                words("en"), i["reasons"]) == said[0]]  # fmt: skip
            assert item["score"] >= 0.9  # exact evidence ranks first
        for text in spec.get("reasons", []):
            assert text in said[0], said
        for text in spec.get("not_reasons", []):
            assert all(text not in s for s in said), said
        if spec.get("person"):
            assert store.person(person(store, a))["name"] == spec["person"]
        before = _partition(store)
        resolve_all(store)  # `metanet suggestions rebuild` agrees with the imports
        assert _partition(store) == before


@pytest.mark.parametrize("formal_first", [True, False])
def test_nicknames_meet_their_formal_name_in_either_order(
    tmp_path: Path, formal_first: bool
) -> None:
    """Each account stores the full-name key of its own first name only (``n:sepp|huber``);
    the block of Josef is read from the keys of every name standing for Josef. So captured
    one by one, in either order, Sepp and Jupp are compared with Josef as a full resolution
    compares them, and the same pairs are suggested. "J. Huber" stores initial keys marked
    as such: every J-something Huber meets it, and no full name meets another by initial."""
    names = [("xing", "Josef Huber"), ("linkedin", "Sepp Huber"), ("addressbook", "Jupp Huber"),
             ("github", "J. Huber"), ("mastodon", "Jakob Huber")]  # fmt: skip
    if not formal_first:
        names.reverse()

    def build(path: Path) -> tuple[Store, list[int]]:
        s = Store(path)
        made = [
            add(s, net, f"k{n}", name, company="Siemens AG") for n, (net, name) in enumerate(names)
        ]
        return s, made

    def pairs(s: Store) -> set[frozenset[str]]:
        rows = raw(s).execute(
            "select a.name, b.name from identity_suggestions g join accounts a on "
            "a.id = g.a_account_id join accounts b on b.id = g.b_account_id where status = 'open'"
        )
        return {frozenset(row) for row in rows}

    part, ids = build(tmp_path / "part.db")
    for account_id in ids:
        resolve_accounts(part, [account_id])
    full, _ = build(tmp_path / "full.db")
    resolve_all(full)
    assert {
        frozenset({"Josef Huber", "Sepp Huber"}),
        frozenset({"Josef Huber", "Jupp Huber"}),
    } <= pairs(part)
    assert pairs(part) == pairs(full)
