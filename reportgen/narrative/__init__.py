"""Narratives: the director's markdown read (`reading.read_narrative` → `Narrative`), its
front matter (`front_matter`), its `{{ }}` expressions run in a sandbox (`expressions`,
`sandbox`, `body`), its markdown as CommonMark (`markup`), its HTML cleaned (`html_policy`)
and images embedded (`images`), and the checks on what was typed: Word habits (`habits`)
and figures that drift from the data (`drift`)."""

from reportgen.narrative.expressions import Figures
from reportgen.narrative.markup import convert
from reportgen.narrative.reading import Narrative, read_narrative

__all__ = ["Figures", "Narrative", "convert", "read_narrative"]
