"""JSON graphs for ``static/graph.js``: a person's ego network and the paths to a person."""

from __future__ import annotations

from aiohttp import web

from metanet.answers.service import snapshot_for
from metanet.services.people import existing_person
from metanet.web.graphs import ego_evidence, ego_graph, paths_graph
from metanet.web.i18n import words_for
from metanet.web.keys import STORE
from metanet.web.views.paths import PERSON_ID, answer_for

routes = web.RouteTableDef()


@routes.get("/api/people/" + PERSON_ID + "/ego")
async def ego_json(request: web.Request) -> web.StreamResponse:
    store = request.app[STORE]
    person_id = existing_person(store, int(request.match_info["person_id"]))
    graph = ego_graph(store, snapshot_for(store), person_id, words_for(request))
    return web.json_response({**graph, "evidence": f"/api/people/{person_id}/ego/evidence"})


@routes.get("/api/people/" + PERSON_ID + "/ego/evidence")
async def ego_evidence_json(request: web.Request) -> web.StreamResponse:
    """What shows the person's own ties in their ego graph, in words (graph.js reads it
    when the list of ties is opened)."""
    store = request.app[STORE]
    person_id = existing_person(store, int(request.match_info["person_id"]))
    said = ego_evidence(store, snapshot_for(store), person_id, words_for(request))
    return web.json_response({"edges": said})


@routes.get("/api/paths/" + PERSON_ID + "/graph")
async def paths_graph_json(request: web.Request) -> web.StreamResponse:
    store = request.app[STORE]
    answer = answer_for(store, int(request.match_info["person_id"]))
    return web.json_response(paths_graph(answer, words_for(request), me=snapshot_for(store).me))
