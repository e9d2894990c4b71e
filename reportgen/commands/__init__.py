"""The commands' library API, one module a command, each called by a thin click layer
(`reportgen.cli`) that tests can bypass: `build` (check a quarter, then write what changed),
`serve` (the live preview), `status`, `sources` (how each source was read), `scaffold`
(`init` and `new`) and `reference` (the reference pages, `reportgen docs`); `progress`
reports on long work."""

from reportgen.commands.build import BuildResult, build, check
from reportgen.commands.reference import page, pages
from reportgen.commands.scaffold import init_project, new_quarter
from reportgen.commands.status import quarter_status

# The preview (`serve.Server`) is left for `reportgen serve` to import: a build has no use
# for the HTTP server modules.
__all__ = ["BuildResult", "build", "check", "init_project", "new_quarter", "page", "pages",
           "quarter_status"]
