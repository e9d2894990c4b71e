"""Translations: the gettext catalogues shipped in the package, one per report language."""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from babel.support import Translations

from reportgen.languages import SOURCE_LANGUAGE

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "reportgen"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue for `language`; English is the source and needs none."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return Translations.load(str(LOCALE_DIR), [language], DOMAIN)
