"""Loading a project: its config (`config`), KPI catalogue (`kpis` the model, `catalogue`
the reader), and data from the quarter folders (`quarter_data`, over `tables`) and the
declared sources (`sources`), read with `periods`, `cells` and `scale`, into a `Dataset`;
`project.load_project` reads them all, with the logo, and collects every problem."""

from reportgen.load.catalogue import load_catalogue
from reportgen.load.config import Directorate, ProjectConfig, load_config
from reportgen.load.dataset import BudgetLine, Dataset, Observation
from reportgen.load.kpis import Catalogue, Kpi
from reportgen.load.project import Project, load_project

__all__ = [
    "BudgetLine", "Catalogue", "Dataset", "Directorate", "Kpi", "Observation", "Project",
    "ProjectConfig", "load_catalogue", "load_config", "load_project",
]
