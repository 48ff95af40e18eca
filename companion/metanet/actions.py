"""The native host's actions: one small function per action name.

Each handler takes the :class:`HostContext` and the request object and returns a JSON-ready
result, or raises: :class:`protocol.BadRequest` for wrong arguments, :class:`NotFound`,
:class:`StoreBusy`. The host turns those into error replies (docs/PROTOCOL.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from metanet import __version__, paths
from metanet.protocol import BadRequest

PROTOCOL_VERSION = 1
MAX_LABEL = 200  # an offline relation's label ("golf partner", "met at the Rotary club")


class HostContext:
    """What handlers share within one host process: the store, opened on first use.

    ``ping`` must answer fast on a cold start, so nothing heavy is imported or opened
    until an action needs it.
    """

    def __init__(self) -> None:
        self._store: Any = None

    @property
    def store(self) -> Any:
        if self._store is None:
            from metanet.store import Store

            self._store = Store()
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _text_arg(request: dict[str, Any], name: str) -> str:
    value = request.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"'{name}' must be a non-empty string")
    return value


def ping(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": __version__,
        "protocol": PROTOCOL_VERSION,
        "database": str(paths.database()),
    }


def capture(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    from metanet.capture import CaptureInputError, ingest
    from metanet.queries import person_summary

    url, html = request.get("url"), request.get("html")
    title = request.get("title") if isinstance(request.get("title"), str) else None
    keep_raw = request.get("keep_raw", True)
    if not isinstance(keep_raw, bool):
        raise BadRequest("'keep_raw' must be true or false")
    try:
        outcome = ingest(ctx.store, url, html, title, keep_raw=keep_raw)  # type: ignore[arg-type]
    except CaptureInputError as exc:
        raise BadRequest(str(exc)) from None
    person = None
    if outcome.owner_account_id is not None:
        owner = ctx.store.account_by_id(outcome.owner_account_id)
        person = person_summary(ctx.store, int(owner["person_id"]))
    result = outcome.as_dict()
    result["person"] = person
    result["request_notices"] = _evaluate_requests(ctx)
    return result


def _evaluate_requests(ctx: HostContext) -> list[dict[str, Any]]:
    """Re-run saved search requests after a capture: their new matches (notices)."""
    if not ctx.store.db.execute("select 1 from search_requests limit 1").fetchone():
        return []  # no requests: do not pay for the graph on a capture
    from metanet.answers.requests import evaluate

    return evaluate(ctx.store)


def lookup(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    from metanet.queries import lookup as lookup_url

    return lookup_url(ctx.store, _text_arg(request, "url"))


def me(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    """The user's own person with their declared accounts (``null`` before any is declared)."""
    from metanet.queries import person_summary

    current = ctx.store.me()
    return {"person": person_summary(ctx.store, int(current["id"])) if current else None}


def me_add(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    """Declare a profile URL as the user's own account (``metanet me add URL``)."""
    from metanet.me import NotAProfile, declare_me

    try:
        declared = declare_me(ctx.store, _text_arg(request, "url").strip())
    except NotAProfile as exc:
        raise BadRequest(str(exc)) from None
    return {**declared, **me(ctx, request)}


def _person_arg(ctx: HostContext, request: dict[str, Any]) -> int:
    """The person an action is about: ``person_id`` (a number) or ``person`` (URL, name)."""
    from metanet.queries import find_person

    if isinstance(request.get("person_id"), int):
        return int(ctx.store.person(request["person_id"])["id"])
    return find_person(ctx.store, _text_arg(request, "person"))


def _int_arg(request: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = request.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise BadRequest(f"'{name}' must be a whole number from {low} to {high}")
    return value


def mutual(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    from metanet.queries import shared_connections

    return shared_connections(ctx.store, _person_arg(ctx, request))


def paths_action(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    from metanet.answers.explain import paths_answer
    from metanet.answers.service import snapshot_for

    target = _person_arg(ctx, request)
    k = _int_arg(request, "k", 3, 1, 20)
    max_hops = _int_arg(request, "max_hops", 4, 1, 4)
    return paths_answer(ctx.store, snapshot_for(ctx.store), target, k=k, max_hops=max_hops)


def reach_action(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    from metanet.answers.reach import reach
    from metanet.answers.service import snapshot_for

    return reach(snapshot_for(ctx.store))


def search_action(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    from metanet.answers.search import BadQuery, search
    from metanet.answers.service import snapshot_for

    hops = _int_arg(request, "hops", 2, 1, 3)
    limit = _int_arg(request, "limit", 50, 1, 200)
    try:
        return search(
            ctx.store, snapshot_for(ctx.store), _text_arg(request, "query"), hops=hops, limit=limit
        )
    except BadQuery as exc:
        raise BadRequest(str(exc)) from None


def requests_action(ctx: HostContext, request: dict[str, Any]) -> Any:
    """Saved search requests: ``op`` is list (default), add, remove, notices or seen."""
    from metanet.answers import requests as saved
    from metanet.answers.search import BadQuery
    from metanet.store import NotFound, StoreError

    op = request.get("op", "list")
    store = ctx.store
    try:
        if op == "list":
            return {"requests": saved.list_requests(store), "notices": saved.notices(store)}
        if op == "add":
            hops = _int_arg(request, "hops", 2, 1, 3)
            note = request.get("note") if isinstance(request.get("note"), str) else None
            return saved.add(store, _text_arg(request, "query"), hops=hops, note=note)
        if op == "remove":
            saved.remove(store, _int_arg(request, "request_id", 0, 1, 2**62))
            return {"removed": request["request_id"]}
        if op in ("notices", "seen"):
            return {"notices": saved.notices(store, mark_seen=op == "seen")}
    except (BadQuery, saved.BadRequestText) as exc:
        raise BadRequest(str(exc)) from None
    except StoreError as exc:
        if isinstance(exc, NotFound):
            raise
        raise BadRequest(str(exc)) from None
    raise BadRequest("'op' must be one of list, add, remove, notices, seen")


def relate_action(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    """The popup's "I know this person offline as …": relate *me* to the profile's person.

    The profile need not be captured yet: its account is created from the URL (with
    ``name`` if the popup knows it). Before the user has declared an account of their own,
    *me* is the placeholder person that holds their first-degree ties.
    """
    from metanet import sites
    from metanet.queries import person_summary
    from metanet.sites.base import AccountRecord
    from metanet.store import StoreError

    url = _text_arg(request, "url").strip()
    label = _text_arg(request, "label").strip()
    if len(label) > MAX_LABEL:
        raise BadRequest(f"'label' must be at most {MAX_LABEL} characters")
    name = request.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > MAX_LABEL):
        raise BadRequest("'name' must be a string")
    strength = request.get("strength")
    if strength is not None and (
        isinstance(strength, bool)
        or not isinstance(strength, int | float)
        or not 0 <= strength <= 1
    ):
        raise BadRequest("'strength' must be a number from 0 to 1")
    ref = sites.normalise(url)
    if ref is None:
        raise BadRequest(f"not a profile address Metanet understands: {url}")
    store = ctx.store
    with store.write():
        account = store.account(ref)
        account_id = (
            int(account["id"])
            if account
            else store.upsert_account(
                AccountRecord(ref.network, ref.key, url, name=(name or "").strip() or None)
            )
        )
        person_id = int(store.account_by_id(account_id)["person_id"])
        me = store.me()
        me_id = (
            int(me["id"])
            if me
            else int(store.account_by_id(store.viewer_account(ref.network))["person_id"])
        )
        try:
            relation_id = store.relate(me_id, person_id, label, strength=strength)
        except StoreError as exc:
            raise BadRequest(str(exc)) from None
    return {
        "relation_id": relation_id,
        "label": label,
        "strength": strength,
        "person": person_summary(store, person_id),
    }


class SummaryUnavailable(Exception):
    """The summary page's server could not be started (reply ``server_start_failed``)."""


def open_summary(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    # the launcher does not import aiohttp: the host stays light
    from metanet.web.launcher import ServerStartError, ensure_running

    try:
        return {"url": ensure_running()}
    except ServerStartError as exc:
        raise SummaryUnavailable(str(exc)) from None


def _account_for_url(ctx: HostContext, url: str) -> dict[str, Any] | None:
    from metanet import sites

    ref = sites.normalise(url.strip())
    if ref is None:
        raise BadRequest(f"not a profile address Metanet understands: {url}")
    account: dict[str, Any] | None = ctx.store.account(ref)
    return account


def suggestions_action(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    """The popup's "Same person as …?": open suggestions about the profile in the tab."""
    from metanet.identity.suggestions import review_queue
    from metanet.queries import person_summary

    account = _account_for_url(ctx, _text_arg(request, "url"))
    if account is None:
        return {"known": False, "person": None, "suggestions": []}
    person_id = int(account["person_id"])
    queue = review_queue(ctx.store, person_id=person_id, limit=_int_arg(request, "limit", 5, 1, 50))
    return {
        "known": True,
        "person": person_summary(ctx.store, person_id),
        "suggestions": [
            {"id": item["id"], "score": item["score"], "reason": item["reason"], "other": item["b"]}
            for item in queue
        ],
    }


def same_person_action(ctx: HostContext, request: dict[str, Any]) -> dict[str, Any]:
    """The user's answer in the popup: the profile in the tab is (not) ``other_person_id``."""
    from metanet.identity.decisions import DecisionError, confirm, reject
    from metanet.queries import person_summary
    from metanet.store import NotFound

    decision = request.get("decision")
    if decision not in ("confirm", "reject"):
        raise BadRequest("'decision' must be 'confirm' or 'reject'")
    other = _int_arg(request, "other_person_id", 0, 1, 2**62)
    store = ctx.store
    account = _account_for_url(ctx, _text_arg(request, "url"))
    if account is None:
        raise NotFound("this profile is not in your meta-network yet: add it first")
    others = store.person_accounts(int(store.person(other)["id"]))
    if not others:
        raise NotFound(f"person #{other} has no accounts")
    action = confirm if decision == "confirm" else reject
    try:
        made = action(store, int(account["id"]), int(others[0]["id"]))
    except DecisionError as exc:
        raise BadRequest(str(exc)) from None
    person_id = int(store.account_by_id(int(account["id"]))["person_id"])
    return {
        "decision_id": made.id,
        "decision": made.decision,
        "person": person_summary(store, person_id),
    }


Handler = Callable[[HostContext, dict[str, Any]], Any]

ACTIONS: dict[str, Handler] = {
    "ping": ping,
    "capture": capture,
    "lookup": lookup,
    "open_summary": open_summary,
    "relate": relate_action,
    "me": me,
    "me_add": me_add,
    "mutual": mutual,
    "paths": paths_action,
    "reach": reach_action,
    "search": search_action,
    "requests": requests_action,
    "suggestions": suggestions_action,
    "same_person": same_person_action,
}
