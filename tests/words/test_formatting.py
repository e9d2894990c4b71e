from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.compute.calculate import BudgetFigures, BudgetResult, Comparison, Direction, Summary
from reportgen.quarters import Quarter
from reportgen.words.formatter import Formatter
from reportgen.words.sentences import Sentences

from ..helpers import kpi

Q3 = Quarter.parse("2017Q3")

fmt = Formatter("en")
sentences = Sentences(fmt)


def test_values_in_their_units() -> None:
    assert fmt.value(Decimal(803), kpi(unit="count")) == "803"
    assert fmt.value(Decimal(1228), kpi(unit="count")) == "1,228"
    assert fmt.value(Decimal("12.5"), kpi(unit="percent", decimals=1)) == "12.5%"
    assert fmt.value(Decimal("84.09"), kpi(unit="percent", decimals=0)) == "84%"
    assert fmt.value(Decimal("238"), kpi(unit="days", decimals=0)) == "238 days"
    assert fmt.value(Decimal("146.26"), kpi(unit="rate_per_10k")) == "146.3 per 10,000"
    assert fmt.value(Decimal("-2.5"), kpi(unit="number", decimals=0)) == "\u22123"
    # a "% reduction" can be negative (an increase): Hart's violent crime, Q1 2014/15
    assert fmt.value(Decimal(-16), kpi(unit="percent_change", decimals=0)) == "\u221216%"


def test_money() -> None:
    assert fmt.money(Decimal(4_100_000)) == "£4.1m"
    assert fmt.money(Decimal(-100_000)) == "£100,000"
    assert fmt.money(Decimal(61_200_000)) == "£61.2m"
    assert fmt.money(Decimal(883_000)) == "£883,000"
    assert fmt.signed_money(Decimal(4_100_000)) == "+£4.1m"
    assert fmt.signed_money(Decimal(-100_000)) == "\u2212£100,000"


def test_missing_values_in_words() -> None:
    k = kpi()
    assert fmt.figure(None, "[c]", k) == "[c]"  # as official tables print it
    assert fmt.figure(Decimal(803), "[p]", k) == "803 [p]"
    assert fmt.figure(None, None, k) == "not available"
    assert fmt.figure(Decimal(12), "[u]", k) == "12 [u]"


def _cmp(change: str | None, pct: str | None) -> Comparison:
    return Comparison(Q3.previous, None, None, None if change is None else Decimal(change),
                      None if pct is None else Decimal(pct), Direction.NO_CHANGE)


def test_change() -> None:
    assert fmt.change(_cmp("19", "2.4"), kpi(unit="count")) == "+19 (+2.4%)"
    assert fmt.change(_cmp("-1.5", None), kpi(unit="percent", decimals=1)) == "\u22121.5pp"
    # −16% → −9% is 7 points, never "+7 (+43.8%)" of a percentage
    assert fmt.change(_cmp("7", None), kpi(unit="percent_change", decimals=0)) == "+7pp"
    assert fmt.change(_cmp("0", "0"), kpi()) == "no change"
    assert fmt.change(_cmp(None, None), kpi()) == "not available"


def _budget(budget: int, outturn: int, before: int | None) -> BudgetResult:
    variance = Decimal(outturn - budget)
    total = BudgetFigures("children", Decimal(budget), Decimal(outturn), variance, None)
    movement = None if before is None else variance - before
    return BudgetResult("children", Q3, total, (), None if before is None else Decimal(before),
                        movement)


def test_budget_phrases() -> None:
    over = _budget(61_200_000, 65_300_000, 3_500_000)
    assert sentences.variance_phrase(over) == "projected overspend of £4.1m at month 9"
    assert sentences.movement_phrase(over) == "the overspend grew by £0.6m since Quarter 2"
    under = _budget(110_500_000, 110_400_000, 150_000)
    assert sentences.variance_phrase(under) == "projected underspend of £100,000 at month 9"
    assert sentences.movement_phrase(under) == (
        "the position moved from an overspend of £150,000 to an underspend of £100,000 since "
        "Quarter 2")
    shrinking = _budget(10_000_000, 10_200_000, 500_000)
    assert sentences.movement_phrase(shrinking) == "the overspend fell by £300,000 since Quarter 2"
    assert sentences.movement_phrase(_budget(1, 2, None)).startswith("no earlier projection")


def test_short_values_leave_rates_to_the_title() -> None:
    rate = kpi(unit="rate_per_10k", decimals=1)
    assert fmt.value(Decimal("146.26"), rate, short=True) == "146.3"
    assert fmt.value(Decimal("238"), kpi(unit="days"), short=True) == "238.0 days"


def test_small_movement_on_a_large_overspend_is_not_rounded_away() -> None:
    small = _budget(10_000_000, 11_040_000, 1_000_000)
    assert sentences.movement_phrase(small) == "the overspend grew by £40,000 since Quarter 2"


def test_share_of_budget() -> None:
    assert fmt.share(Decimal("6.7")) == "6.7%"
    assert fmt.share(Decimal("-0.1")) == "0.1%"  # the sentence says 'underspend'
    assert fmt.share(Decimal("-0.1"), signed=True) == "\u22120.1%"
    assert fmt.share(Decimal("2.3"), signed=True) == "+2.3%"
    assert fmt.share(None) == "not available"


def test_dates_and_months_follow_the_report_language_not_the_process() -> None:
    from datetime import date

    from reportgen.quarters import Quarter

    assert Formatter("en").date(date(2017, 12, 31)) == "31 December 2017"
    assert Formatter("cy").date(date(2017, 12, 31)) == "31 Rhagfyr 2017"
    assert Formatter("en").months(Quarter.parse("2017Q4")) == "January to March 2018"


def test_a_language_with_six_plural_forms_gets_each(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from io import StringIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from reportgen.words import translations as i18n

    singular, plural = ("%(count)s of %(total)s quarters has no figure.",
                        "%(count)s of %(total)s quarters have no figure.")
    # Welsh: zero, one, two, few (3), many (6) and other, as the catalogue's header says
    catalog = read_po(StringIO(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : '
        'n==6 ? 4 : 5);\\n"\n\n'
        f'msgid "{singular}"\nmsgid_plural "{plural}"\n'
        + "".join(f'msgstr[{i}] "{form} %(count)s"\n' for i, form in enumerate(
            ("zero", "one", "two", "few", "many", "other")))), locale="cy")
    folder = tmp_path / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "reportgen.mo").open("wb") as out:
        write_mo(out, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        welsh = Formatter("cy")
        got = [welsh.n_(singular, plural, n, total=8) for n in (0, 1, 2, 3, 6, 7)]
    finally:
        i18n.translations.cache_clear()
    assert got == ["zero 0", "one 1", "two 2", "few 3", "many 6", "other 7"]


def test_numbers_round_half_up_before_the_locale_formats_them() -> None:
    en = Formatter("en")
    assert en.number(Decimal("2.5")) == "3"  # Babel alone would give 2 (half even)
    assert en.number(Decimal("0.125"), 2) == "0.13"
    assert en.pct(7, 44) == "16%" and en.pct(37, 44) == "84%"
    assert en.number(Decimal("-1234.5"), 1) == "\u22121,234.5"


def test_a_locale_with_other_separators_is_formatted_by_babel() -> None:
    # English and Welsh write 1,234.5 and take the fast path; German shows Babel is used
    assert Formatter("de").number(Decimal("1234.45"), 1) == "1.234,5"  # half up, not even


def _summary(last_year_figures: int) -> Summary:
    return Summary(total=5, green=1, amber=0, red=1, no_target=3, not_available=0,
                   improved=2, declined=0, no_change=3, improved_year=0, declined_year=0,
                   last_year_figures=last_year_figures)


def test_travel_in_a_first_year_says_there_is_nothing_to_compare() -> None:
    # a council's first quarters: "0 improved and 0 declined" would read as no change
    assert str(sentences.travel(_summary(0))) == (
        "Since last quarter <strong>2</strong> improved, <strong>0</strong> declined and "
        "<strong>3</strong> did not change. No indicator has a figure for the same quarter "
        "last year to compare with.")
    assert str(sentences.travel(_summary(5))).endswith(
        "Against the same quarter last year <strong>0</strong> improved and "
        "<strong>0</strong> declined.")
    welsh = Sentences(Formatter("cy"))
    assert "y llynedd i&#39;w gymharu ag ef." in str(welsh.travel(_summary(0)))
