"""Rendering HTML: the theme (`theme`: the project's templates first, then the built-in ones
in `templates/`, sandboxed by `theme_sandbox`), the typed context each page sees
(`context`), its trend charts as SVG (`charts`), each KPI table's CSV download
(`downloads`) and the templates' filters (`filters`)."""

from reportgen.render.theme import (
    RenderedPack,
    RenderedReport,
    Theme,
    render_index,
    render_pack,
    render_report,
)

__all__ = ["RenderedPack", "RenderedReport", "Theme", "render_index", "render_pack",
           "render_report"]
