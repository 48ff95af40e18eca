"""Extract the messages of the companion and update the German and English catalogs.

``make messages`` runs this after code or templates gained, changed or lost a message:

- every ``_()``, ``gettext``, ``ngettext``, ``pgettext`` and ``N_()`` in the Python sources
  and the Jinja templates is extracted (Babel, with Jinja's own extractor for templates);
- each catalog (``companion/metanet/i18n/locale/<lang>/LC_MESSAGES/metanet.po``) gets the
  new messages and loses the old ones (kept as obsolete ``#~`` entries for reference);
- in the English catalog a new message's translation is its own text (the source language
  is English); German translations are written by a person — until then the German page
  falls back to English and ``tests/test_i18n_catalogs.py`` fails, naming the message.

``--check`` changes nothing and exits 1 when a catalog is out of date.
"""

from __future__ import annotations

import argparse
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "companion" / "metanet"
LOCALE = PACKAGE / "i18n" / "locale"
LANGUAGES = ("de", "en")
DOMAIN = "metanet"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "NN_": (1, 2),
    "NP_": ((1, "c"), 2),
}
METHODS = [
    ("**/web/templates/**.html", "jinja2.ext:babel_extract"),
    ("**.py", "python"),
]
OPTIONS = {
    "**/web/templates/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
}


def extract() -> Catalog:
    """Every message the companion says, as a template catalog."""
    template = Catalog(domain=DOMAIN, project="Metanet", charset="utf-8")
    found = extract_from_dir(PACKAGE, METHODS, OPTIONS, KEYWORDS, comment_tags=("TRANSLATORS:",))
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def catalog_file(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _serialise(catalog: Catalog) -> bytes:
    out = BytesIO()
    write_po(out, catalog, width=100, no_location=True, omit_header=False, sort_output=False)
    return out.getvalue()


def updated(lang: str, template: Catalog) -> tuple[bytes, bytes]:
    """The catalog file of ``lang`` as it is, and as it should be after ``template``."""
    path = catalog_file(lang)
    before = path.read_bytes() if path.exists() else b""
    if before:
        catalog = read_po(BytesIO(before), locale=lang, domain=DOMAIN)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, project="Metanet", charset="utf-8")
    template.creation_date = catalog.creation_date  # no new date without a new message
    catalog.update(template, no_fuzzy_matching=True)
    if lang == "en":
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, str) and not message.string:
                message.string = message.id
            elif not isinstance(message.id, str) and not all(message.string or [""]):
                message.string = tuple(message.id)
    return before, _serialise(catalog)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, change nothing")
    args = parser.parse_args(argv)
    template = extract()
    stale = []
    for lang in LANGUAGES:
        before, after = updated(lang, template)
        if before == after:
            continue
        stale.append(lang)
        if not args.check:
            catalog_file(lang).parent.mkdir(parents=True, exist_ok=True)
            catalog_file(lang).write_bytes(after)
    verb = "out of date" if args.check else "updated"
    print(f"{len(template)} messages; {verb}: {', '.join(stale) or 'none'}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
