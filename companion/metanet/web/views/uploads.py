"""Import by upload: POST /imports starts it, /imports shows progress and the result.

The progress line is filled in by static/imports.js, which polls /api/imports/progress
every second while the import runs and reloads the page when it ends; without script
the page offers a plain link to look again.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from aiohttp import BodyPartReader, web

from metanet.web import importing
from metanet.web.keys import STORE
from metanet.web.render import message, render

routes = web.RouteTableDef()
MAX_NAME = 200


def _filename(raw: str | None) -> str:
    """The uploaded file's own name, without any folder a browser might send."""
    name = PurePath((raw or "").replace("\\", "/")).name.strip()
    return name[:MAX_NAME] or "upload"


def _changes(result: dict[str, Any] | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for change in (result or {}).get("changes", []):
        counts[change["change"]] = counts.get(change["change"], 0) + 1
    return counts


@routes.get("/imports")
async def imports_page(request: web.Request) -> web.StreamResponse:
    job = importing.job_for(request.app[STORE].path).status()
    context = {"job": job, "change_counts": _changes(job["result"])}
    return render(request, "imports.html", context)


@routes.get("/api/imports/progress")
async def progress(request: web.Request) -> web.StreamResponse:
    return web.json_response(importing.job_for(request.app[STORE].path).status())


@routes.post("/imports")
async def upload(request: web.Request) -> web.StreamResponse:
    """Stream the file into the data folder (never all in memory), then import it."""
    if not request.content_type.startswith("multipart/"):
        return message(request, "upload_failed_title", "upload_missing", status=400, link=True)
    database = request.app[STORE].path
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader) or part.name != "file" or not part.filename:
            continue
        saved = importing.Upload(database.parent)
        try:
            while chunk := await part.read_chunk(importing.CHUNK):
                saved.write(chunk)
        except importing.UploadTooLarge:
            return message(
                request, "upload_failed_title", "upload_too_large", status=413, link=True
            )
        except BaseException:
            saved.discard()
            raise
        saved.close()
        if saved.size == 0:
            saved.discard()
            break
        try:
            importing.start(database, saved, _filename(part.filename))
        except importing.ImportBusy:
            return message(request, "upload_failed_title", "upload_busy", status=409, link=True)
        raise web.HTTPSeeOther(location="/imports")
    return message(request, "upload_failed_title", "upload_missing", status=400, link=True)
