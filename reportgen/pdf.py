"""The PDF stage: a report's HTML typeset by WeasyPrint as tagged PDF/UA-1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import ReportError
from .paths import TEMPLATE_DIR


def write_pdf(html: str, base: Path, page_css: str = "") -> bytes:
    """A tagged PDF/UA-1 of the HTML, laid out with `page_css` (the theme's print.css).

    Nothing is fetched beyond inline data: URIs."""
    import weasyprint  # heavy: imported only when a PDF is wanted
    from weasyprint.urls import FatalURLFetchingError

    # The page layout goes last in the head, so it overrides the screen layout in the
    # cascade; the published HTML never carries it.
    paged = html.replace("</head>", f"<style>\n{page_css}</style>\n</head>", 1)
    try:
        return weasyprint.HTML(  # type: ignore[no-any-return]
            string=paged, base_url=str(base), url_fetcher=_InlineOnly()
        ).write_pdf(pdf_variant="pdf/ua-1")
    except FatalURLFetchingError as exc:
        raise ReportError.at(
            TEMPLATE_DIR, f"the report asks for an outside resource: {exc}",
            "embed it in the template as a data: URI, or remove it; a report never "
            "fetches from the network or reads files outside the project") from None


class _InlineOnly:
    """A URL fetcher that serves data: URIs and refuses everything else."""

    def __init__(self) -> None:
        from weasyprint.urls import URLFetcher

        self._fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> Any:
        from weasyprint.urls import FatalURLFetchingError

        if not url.startswith("data:"):
            raise FatalURLFetchingError(f"refused to fetch {url}: reports may only embed "
                                        "data inside the project")
        return self._fetcher.fetch(url, headers)

    def __call__(self, url: str) -> Any:
        return self.fetch(url)
