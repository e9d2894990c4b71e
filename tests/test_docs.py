"""Docs that cannot drift: the CLI reference and the documented settings."""

from __future__ import annotations

from reportgen.load.config import Branding, Directorate, ProjectConfig
from reportgen.load.kpis import Kpi
from reportgen.narrative.front_matter import FrontMatter
from scripts.cli_reference import TARGET, reference

from .conftest import REPO


def test_cli_reference_is_current() -> None:
    assert TARGET.read_text(encoding="utf-8") == reference(), (
        "docs/cli.md is stale: run python scripts/cli_reference.py")


def test_every_setting_and_catalogue_key_is_documented() -> None:
    formats = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
    models = (ProjectConfig, Directorate, Branding, Kpi, FrontMatter)
    missing = [f"{m.__name__}.{key}" for m in models for key in m.model_fields
               if f"`{key}`" not in formats]
    assert not missing, f"not documented in docs/formats.md: {missing}"


def test_template_reference_is_current() -> None:
    from scripts.context_reference import TARGET as TEMPLATES
    from scripts.context_reference import reference as templates

    assert TEMPLATES.read_text(encoding="utf-8") == templates(), (
        "docs/templates.md is stale: run python scripts/context_reference.py")


def test_every_context_field_is_described() -> None:
    from scripts.context_reference import CLASSES, fields

    for cls in CLASSES:
        described = fields(cls)
        assert [n for n, _, _ in described] == list(cls.__dataclass_fields__), cls
        assert all(d for _, _, d in described), f"{cls.__name__}: a field has no comment"
