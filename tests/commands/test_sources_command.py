"""`reportgen sources QUARTER`: how each source was read, in one screen."""

from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main

from ..load.test_sources import project

EXPORT = """\
Households in temporary accommodation, by quarter
area_name,indicator,period,value
Trafford,Households in TA,2017-18;Q2,400
Trafford,Households in TA,2017-18;Q3,..
Trafford,Rough sleepers,2017-18;Q3,4
Stockport,Households in TA,2017-18;Q3,300
"""


def test_each_source_file_header_columns_periods_kpis_and_rows(tmp_path: Path) -> None:
    project(tmp_path, "sources:\n  - file: imports/ta.csv\n    kpi: indicator\n"
            "    where: {area_name: Trafford}\n    unlisted: ignore\n"
            "    codes: {Households in TA: HC-TA-01}\n", {"imports/ta.csv": EXPORT})
    result = CliRunner().invoke(main, ["sources", "2017Q3", "--project", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:8] == [
        "Source 1 (reportgen.yaml line 6): imports/ta.csv (long)",
        "  imports/ta.csv",
        "    header row: 2",                     # the title row above is skipped
        "    columns: kpi = 'indicator', period = 'period', value = 'value'",
        "    periods: 2, dated 2017Q2 to 2017Q3; gives 2017Q3",
        "    KPIs: HC-TA-01",
        "    rows kept: 2 (2 figures)",
        # Stockport by where:, rough sleepers not listed, the `..` kept as not available
        "    rows left out: 1 a KPI not in the catalogue or codes: (unlisted: ignore); "
        "1 a marker, read as [x] (kept as not available); 1 by where:",
    ]


def test_a_project_without_sources_says_so(tmp_path: Path) -> None:
    project(tmp_path, "", {"data/quarters/2017Q3/housing.csv": "kpi,value\nHC-TA-01,400\n"})
    result = CliRunner().invoke(main, ["sources", "2017Q3", "--project", str(tmp_path)])
    assert result.output.startswith("reportgen.yaml declares no sources")
