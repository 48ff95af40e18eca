"""The summary server follows the database file: ``metanet wipe`` in a terminal while the
page is open is noticed before the next request, which is served from the new, empty
database; a form posted while the file was removed is handled again on the new one (the
native host does the same, :class:`metanet.services.long_lived.FollowedStore`).
"""

from __future__ import annotations

import warnings

from aiohttp import web
from aiohttp.typedefs import Handler

from metanet.store import Store
from metanet.web.keys import STORE
from metanet.web.launcher import keep_server_file


def carry_on(app: web.Application) -> None:
    """Open the database at the same path again (a new one after a wipe) and record this
    server again if the wipe removed its file, so "Open summary" keeps finding it.

    aiohttp warns about changing a started application's state because handlers may hold
    the old value; handlers look the Store up per request, and no await separates closing
    the old one from storing the new one.
    """
    old = app[STORE]
    old.close()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Changing state of started", DeprecationWarning)
        app[STORE] = Store(old.path)
    keep_server_file()


@web.middleware
async def follow_database(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.app[STORE].replaced():
        carry_on(request.app)
    if request.method != "POST" or request.content_type.startswith("multipart/"):
        return await handler(request)  # a read; or an upload, a stream read once
    try:
        response = await handler(request)
    except web.HTTPException:  # a redirect after the change, as forms answer
        if not request.app[STORE].replaced():
            raise
    else:
        if not request.app[STORE].replaced():
            return response
    carry_on(request.app)  # the form's change may have gone to the removed file
    return await handler(request)
