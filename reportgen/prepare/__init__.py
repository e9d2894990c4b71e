"""A quarter prepared: `pipeline.prepare` loads the project, computes the figures, reads the
narratives and runs every whole-quarter check (`checks`, `bilingual`), giving a frozen
`Prepared` that needs no theme and no language; `approvals` records each report's sign-off."""

from reportgen.prepare.approvals import approvals
from reportgen.prepare.checks import check_quarter
from reportgen.prepare.pipeline import prepare
from reportgen.prepare.prepared import Prepared

__all__ = ["Prepared", "approvals", "check_quarter", "prepare"]
