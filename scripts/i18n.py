"""The translation catalogues: extract the messages, update each language, compile.

    python scripts/i18n.py extract   # code and templates -> reportgen/words/locale/reportgen.pot
    python scripts/i18n.py update    # the .pot -> each locale/<lang>/LC_MESSAGES/reportgen.po
    python scripts/i18n.py compile   # each .po -> its .mo, the file the package loads

Run all three after changing a message in the code or the built-in templates, translate
the new or fuzzy entries in the .po, then compile again. tests/end_to_end/test_welsh.py fails while
the .pot, a .po or a .mo is behind. docs/welsh.md explains the whole workflow.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
LOCALE = REPO / "reportgen" / "words" / "locale"
POT = LOCALE / "reportgen.pot"
MAPPING = REPO / "babel.cfg"
# The Formatter's methods and Jinja's: gettext, its marker N_, markup (HTML), the plurals.
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None, "N_": None, "gettext": None, "markup": None,
    "n_": (1, 2), "n_markup": (1, 2), "ngettext": (1, 2),
}
# Welsh has six forms: 0, 1, 2, 3, 6 and the rest (Babel's own table gives five).
HEADER = ("# The messages of reportgen's reports: written by scripts/i18n.py extract, "
          "never by hand.\n#")
PLURAL_FORMS = {"cy": (6, "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5)")}


def languages() -> list[str]:
    """The languages with a catalogue: each folder of reportgen/words/locale/."""
    return sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "reportgen.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def _messages() -> Iterator[tuple[str, int, str | tuple[str, ...], list[str]]]:
    """(file, line, message, comments) for every message in the code and templates."""
    with MAPPING.open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    for filename, line, message, comments, _context in extract_from_dir(
            str(REPO), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        yield filename, line, message, comments


def extracted() -> Catalog:
    """A template catalogue of every message, as the code and templates have them now."""
    catalog = Catalog(project="reportgen", domain="reportgen", charset="utf-8",
                      header_comment=HEADER, fuzzy=False)
    for filename, line, message, comments in _messages():
        catalog.add(message, None, [(filename, line)], auto_comments=comments,
                    flags=("python-format",) if _has_placeholder(message) else ())
    return catalog


def _has_placeholder(message: str | tuple[str, ...]) -> bool:
    texts = message if isinstance(message, tuple) else (message,)
    return any("%(" in text or "%%" in text for text in texts)


def extract() -> None:
    with POT.open("wb") as out:
        write_po(out, extracted(), width=88, omit_header=False, sort_output=True,
                 include_lineno=False)
    print(f"wrote {POT.relative_to(REPO)}")


def update() -> None:
    with POT.open("rb") as pot:
        template = read_po(pot)
    for language in languages():
        path = po_path(language)
        with path.open("rb") as po:
            catalog = read_po(po, locale=language)
        catalog.update(template, update_header_comment=False)
        if language in PLURAL_FORMS:  # Catalog has no public setter for the plural rule
            catalog._num_plurals, catalog._plural_expr = PLURAL_FORMS[language]
        with path.open("wb") as out:
            write_po(out, catalog, width=88, sort_output=True, include_lineno=False,
                     ignore_obsolete=True, include_previous=False)
        todo = [m.id for m in catalog if m.id and (not m.string or m.fuzzy
                                                    or (isinstance(m.string, tuple)
                                                        and not all(m.string)))]
        print(f"updated {path.relative_to(REPO)}: {len(todo)} message(s) to translate")


def compile_catalogues() -> None:
    for language in languages():
        with po_path(language).open("rb") as po:
            catalog = read_po(po, locale=language)
        with mo_path(language).open("wb") as out:
            write_mo(out, catalog, use_fuzzy=False)
        print(f"wrote {mo_path(language).relative_to(REPO)}")


COMMANDS = {"extract": extract, "update": update, "compile": compile_catalogues}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    COMMANDS[argv[0]]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
