"""The graphs graph.js draws: a person's ego network (capped, says so) and paths."""

from __future__ import annotations

import re
from pathlib import Path

from metanet.answers.service import snapshot_for
from metanet.i18n import words
from metanet.model import AccountRecord
from metanet.store import Store
from metanet.web.graphs import EGO_CAP, ego_evidence, ego_graph
from tests.db_support import raw
from tests.web_support import (
    CROSS_SITE,
    SAME_ORIGIN,
    XSS,
    Client,
    api,
    person,
)

# fixtures: web_demo, web_client (logged in), web_stranger, web_home
pytest_plugins = ("tests.web_fixtures",)

STATIC = Path(__file__).parent.parent / "companion" / "metanet" / "web" / "static"


def check_shape(graph: dict[str, object]) -> None:
    nodes = graph["nodes"]
    assert isinstance(nodes, list)
    ids = {n["id"] for n in nodes}
    where = {"columns": "places", "clusters": "cluster"}[graph["layout"]]  # type: ignore[index]
    assert all(set(n) == {"id", "label", "kind", where} for n in nodes)
    assert all(isinstance(n["id"], str) for n in nodes)
    for edge in graph["edges"]:  # type: ignore[attr-defined]
        assert edge["source"] in ids and edge["target"] in ids
        assert 0 < edge["strength"] <= 1
        assert edge["words"] and edge["text"]  # strength and evidence in words
    colours = {e["network"] for e in graph["edges"]}  # type: ignore[attr-defined]
    assert {entry["network"] for entry in graph["legend"]} == colours  # type: ignore[attr-defined]
    assert graph["shown"] == len(nodes)


async def test_ego_graph_of_a_person(web_demo: Store, web_client: Client) -> None:
    target = person(web_demo, "Dr. Katharina Berger")
    graph = await api(web_client, f"/api/people/{target}/ego")
    check_shape(graph)
    labels = {n["label"]: n["kind"] for n in graph["nodes"]}
    assert labels["Dr. Katharina Berger"] == "target"
    assert {"Bernd Keller", "Frank Wagner"} <= set(labels)
    assert graph["truncated"] is False and graph["total"] == graph["shown"]
    names = {n["id"]: n["label"] for n in graph["nodes"]}
    drawn = {names[e["target"]]: e["text"] for e in graph["edges"] if e["source"] == str(target)}
    assert drawn["Frank Wagner"] == "LinkedIn"  # the networks, until the evidence is read
    # What shows the person's own ties: each tie's kind and evidence, relations their label.
    assert graph["evidence"] == f"/api/people/{target}/ego/evidence"
    evidence = (await api(web_client, graph["evidence"]))["edges"]
    assert {e["source"] for e in evidence} == {str(target)}
    said = {names[e["target"]]: e["text"] for e in evidence}
    assert set(said) == set(drawn)  # every own edge of the drawing, no other
    assert said["Bernd Keller"] == "offline: golf partner"
    assert re.fullmatch(r"LinkedIn contact, seen once, \d+ seconds? ago", said["Frank Wagner"])
    german = (await api(web_client, f"{graph['evidence']}?lang=de"))["edges"]
    said = {names[e["target"]]: e["text"] for e in german}
    assert said["Bernd Keller"] == "offline: Golfpartner"
    assert re.fullmatch(
        r"Kontakt \(LinkedIn\), einmal gesehen, vor \d+ Sekunden?", said["Frank Wagner"]
    )


async def test_ego_graph_marks_me_and_keeps_hostile_names_as_data(
    web_demo: Store, web_client: Client
) -> None:
    me = int(raw(web_demo).execute("select id from persons where is_me = 1").fetchone()[0])
    graph = await api(web_client, f"/api/people/{me}/ego")
    check_shape(graph)
    assert {n["label"]: n["kind"] for n in graph["nodes"]}[XSS] == "person"
    assert graph["nodes"][0]["kind"] == "me"


def test_ego_graph_is_capped_strongest_first(web_home: Path) -> None:
    with Store(web_home / "big.db") as store:
        hub = store.upsert_account(AccountRecord("xing", "hub", "https://x/hub", name="Hub"))
        friends = []
        for i in range(EGO_CAP + 25):
            friend = store.upsert_account(
                AccountRecord("xing", f"f{i}", f"https://x/f{i}", name=f"Friend {i}")
            )
            store.add_tie(hub, friend, network="xing", kind="contact", directed=False)
            friends.append(friend)
        hub_person = int(store.account_by_id(hub)["person_id"])
        strong = int(store.account_by_id(friends[-1])["person_id"])
        store.relate(hub_person, strong, "brother", strength=0.99)
        store.add_tie(friends[0], friends[1], network="xing", kind="contact", directed=False)
        pair = {str(store.account_by_id(f)["person_id"]) for f in friends[:2]}
        graph = ego_graph(store, snapshot_for(store), hub_person, words("en"))
        evidence = ego_evidence(store, snapshot_for(store), hub_person, words("en"))
    check_shape(graph)
    # The evidence of every own edge drawn: the strongest is the relation, then the ties.
    own = [(e["source"], e["target"]) for e in graph["edges"] if e["source"] == str(hub_person)]
    assert [(e["source"], e["target"]) for e in evidence] == own
    tie = r"XING contact, seen once, \d+ seconds? ago"
    assert re.fullmatch(f"{tie}; offline: brother", evidence[0]["text"]), evidence[0]
    assert all(re.fullmatch(tie, e["text"]) for e in evidence[1:]), evidence
    assert graph["truncated"] is True
    assert graph["shown"] == EGO_CAP and graph["total"] == EGO_CAP + 26
    assert graph["nodes"][1]["id"] == str(strong)  # the strongest tie is kept first
    among = [e for e in graph["edges"] if {e["source"], e["target"]} == pair]
    assert len(among) == 1  # ties between neighbours are drawn, each once


async def test_paths_graph_joins_the_k_paths(web_demo: Store, web_client: Client) -> None:
    target = person(web_demo, "Dr. Katharina Berger")
    graph = await api(web_client, f"/api/paths/{target}/graph")
    check_shape(graph)
    kinds = {n["label"]: n["kind"] for n in graph["nodes"]}
    assert kinds["Dr. Katharina Berger"] == "target" and "me" in kinds.values()
    assert {"Anna Schmidt", "Bernd Keller", "Frank Wagner"} <= set(kinds)
    assert len({(e["source"], e["target"]) for e in graph["edges"]}) == len(graph["edges"])
    assert any(e["label"] == "offline: golf partner" for e in graph["edges"])


async def test_paths_graph_places_you_left_and_them_right(
    web_demo: Store, web_client: Client
) -> None:
    """Columns by hop, one row per path; you and the target once, in the middle row, and
    the same answer twice gives the same places (the drawing is deterministic)."""
    target = person(web_demo, "Dr. Katharina Berger")
    graph = await api(web_client, f"/api/paths/{target}/graph?lang=de")
    assert graph == await api(web_client, f"/api/paths/{target}/graph?lang=de")
    places = {n["kind"]: n["places"] for n in graph["nodes"] if n["kind"] != "person"}
    last = max(p["col"] for n in graph["nodes"] for p in n["places"])
    assert places == {"me": [{"col": 0, "row": 1}], "target": [{"col": last, "row": 1}]}
    rows = sorted({p["row"] for n in graph["nodes"] for p in n["places"]})
    assert rows == [0, 1, 2]
    frank = next(n for n in graph["nodes"] if n["label"] == "Frank Wagner")
    assert len(frank["places"]) == 2  # on two paths: drawn in both rows
    words = {e["words"] for e in graph["edges"]}
    assert words <= {"kennen sich sehr gut", "kennen sich gut", "kennen sich",
                     "kennen sich flüchtig", "kennen sich kaum"}  # fmt: skip
    assert any("Kontakt (LinkedIn), einmal gesehen" in e["text"] for e in graph["edges"])


async def test_graph_api_unknown_person(web_demo: Store, web_client: Client) -> None:
    for path in (
        "/api/people/99999/ego",
        "/api/people/99999/ego/evidence",
        "/api/paths/99999/graph",
    ):
        response = await web_client.get(path, headers=SAME_ORIGIN)
        assert response.status == 404
        assert (await response.json())["error"]["code"] == "not_found"


async def test_graph_api_needs_login_and_same_origin(
    web_demo: Store, web_client: Client, web_stranger: Client
) -> None:
    for path in ("/api/people/1/ego", "/api/people/1/ego/evidence", "/api/paths/4/graph"):
        assert (await web_stranger.get(path, headers=SAME_ORIGIN)).status == 401
        assert (await web_client.get(path, headers=CROSS_SITE)).status == 403


async def test_graph_script_and_vendored_library_are_served(web_client: Client) -> None:
    script = await web_client.get("/static/graph.js")
    assert script.status == 200 and "javascript" in script.headers["Content-Type"]
    library = await web_client.get("/static/vendor/cytoscape.esm.min.js")
    assert library.status == 200 and "javascript" in library.headers["Content-Type"]
    assert (STATIC / "vendor" / "cytoscape.LICENSE.txt").read_text().startswith("Copyright")
    assert "innerHTML" not in (STATIC / "graph.js").read_text()
