"""Package discovery. Every subpackage of reportgen/ is found, so a new stage is never left
out of a wheel; the reference pages in docs/ are installed as reportgen/docs/ so that
`reportgen docs` works after pip install (pyproject.toml holds everything else)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["reportgen", "reportgen.*"]), "reportgen.docs"],
    package_dir={"reportgen.docs": "docs"},
)
