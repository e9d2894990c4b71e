"""The drift lint: figures typed by hand in a narrative, checked against the data.

A narrative's numbers should come from expressions, so the text cannot drift from the
tables. A number typed by hand is compared with the figures of its directorate and
quarter: one the data contradicts ("790 looked after children" when the data says 803)
is a warning naming the figure and the expression to write; one that agrees is a
warning that it is typed by hand. Only numbers that plainly refer to a figure are
judged, so a warning is worth reading: the sentence must name the KPI (its id, an
expression for it, or most of its title's words), the number must be in the figure's
unit, and a contradiction must be of the figure's size. Years, dates, quarters,
ordinals, list and section numbers, numbers in a KPI's own title ("within 42 working
days") and anything inside `{{ }}`, code or links are never figures."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from reportgen.compute.rounding import round_half_up
from reportgen.errors import Location, Problem
from reportgen.narrative.drift_figures import Figure
from reportgen.narrative.drift_words import (
    ANYONE,
    APPROXIMATE,
    CHANGE,
    COMPATIBLE,
    FALL,
    FUTURE,
    LAST_YEAR,
    MASKED,
    MODIFIERS,
    MONTHS,
    NAMING,
    NUMBER,
    OF_THE,
    RISE,
    ROLE_WORDS,
    SCALES,
    SENTENCE_END,
    STOP,
    TIME_UNITS,
    UNIT_BREAK,
    WORD,
    stem,
)
from reportgen.narrative.markup import convert


@dataclass(frozen=True)
class Finding:
    """A number typed by hand that refers to a figure, and whether the data agrees."""

    line: int
    column: int
    typed: str
    figure: Figure
    agrees: bool
    described: str  # what the number counts, as the sentence says it

    def problem(self, display: str) -> Problem:
        """The warning: a contradiction names the data's figure, an agreement the
        expression to write instead."""
        where = Location(display, self.line, self.column)
        hint = f"write {{{{ {self.figure.expression} }}}}"
        if self.agrees:
            return Problem(where, f"{self.typed} {self.described} is typed by hand: it matches "
                           "the data now, but will not follow it",
                           f"{hint} so the text follows the data", "warning")
        says = self.figure.label + ROLE_WORDS.get(self.figure.role, "")
        if self.figure.role.startswith("change"):
            says = f"it {'rose' if self.figure.value > 0 else 'fell'} by {says}"
        return Problem(where, f"{self.typed} {self.described}, but the data says {says}", hint,
                       "warning", blocks_publish=True)


@dataclass(frozen=True)
class _Typed:
    """A number as written: its amount in the figure's terms and how precisely it is given."""

    start: int
    end: int
    text: str
    amount: Decimal
    places: int
    scale: int  # 6 for "£4.1m": compare in millions
    kind: str
    signed: int  # +1 for "+19", -1 for "−3", 0 when no sign is written


def lint(source: str, first_line: int, display: str, figures: Sequence[Figure]) -> list[Problem]:
    """Every hand-typed figure in a narrative's markdown, as warnings at their lines."""
    return [finding.problem(display) for finding in find(source, first_line, figures)]


def find(source: str, first_line: int, figures: Sequence[Figure]) -> list[Finding]:
    """The numbers typed by hand that refer to a figure, each judged against the data.

    `source` is the markdown as written (expressions still in `{{ }}`); `first_line` is
    the file line of its first line."""
    masked = _mask(source, first_line)
    title_numbers = {n for f in figures for n in re.findall(r"\d+(?:\.\d+)?", f.title)}
    kpis = _Kpis.of(figures)  # what names each KPI, worked out once for every sentence
    findings: list[Finding] = []
    for start, end in _sentences(source, masked):
        sentence, plain = source[start:end], masked[start:end]
        mentioned = _mentioned(sentence, kpis)
        related = _related(sentence, kpis, mentioned)
        for match in NUMBER.finditer(plain):
            typed = _typed(match, plain, start)
            if typed is None:
                continue
            finding = _judge(typed, (start, end), masked, (mentioned, related), figures,
                             title_numbers)
            if finding is not None:
                line = source.count("\n", 0, typed.start) + first_line
                column = typed.start - (source.rfind("\n", 0, typed.start) + 1) + 1
                findings.append(Finding(line, column, typed.text, *finding))
    return findings


def _mask(source: str, first_line: int) -> str:
    """The source with everything that is not prose blanked out, keeping every offset."""
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match[0])

    masked = MASKED.sub(blank, source)
    lines = masked.split("\n")
    for block in convert(source, first_line).blocks:
        if block.kind in ("fence", "code_block", "html_block"):
            for index in range(block.line - first_line, block.end_line - first_line):
                if index < len(lines):
                    lines[index] = " " * len(lines[index])
    return "\n".join(lines)


def _sentences(source: str, masked: str) -> Iterable[tuple[int, int]]:
    """Offsets of each sentence: paragraphs, list items, table rows and headings are split
    apart (as the source writes them), then split at full stops (in the prose alone)."""
    units: list[tuple[int, int]] = []
    offset, unit_start = 0, 0
    for line in source.split("\n"):
        if UNIT_BREAK.match(line) and offset > unit_start:
            units.append((unit_start, offset))
            unit_start = offset
        offset += len(line) + 1
        if line.lstrip().startswith(("|", "#")):  # a table row or a heading stands alone
            units.append((unit_start, offset))
            unit_start = offset
    units.append((unit_start, len(masked)))
    for start, end in units:
        cut = start
        for match in SENTENCE_END.finditer(masked, start, end):
            yield cut, match.start()
            cut = match.end()
        if masked[cut:end].strip():
            yield cut, end


@dataclass(frozen=True)
class _Kpis:
    """Each KPI's first figure (its title words and expression are the same for all its
    figures), and which KPIs' titles use each word."""

    first: tuple[Figure, ...]
    owners: dict[str, set[str]]
    ids: dict[str, re.Pattern[str] | None]  # an id with digits or dashes, as a whole word

    @classmethod
    def of(cls, figures: Sequence[Figure]) -> _Kpis:
        first: dict[str, Figure] = {}
        owners: dict[str, set[str]] = {}
        for figure in figures:
            first.setdefault(figure.kpi_id, figure)
            for word in figure.words:
                owners.setdefault(word, set()).add(figure.kpi_id)
        ids = {k: re.compile(rf"(?<![\w-]){re.escape(k)}(?![\w-])", re.I)
               if re.search(r"[\d-]", k) else None for k in first}
        return cls(tuple(first.values()), owners, ids)


def _mentioned(sentence: str, kpis: _Kpis) -> dict[str, float]:
    """The KPIs (and budgets) a sentence names, with how surely: 2 or more for an id or
    an expression, else the share of the title's words it uses (half of them, or a third
    when one is a word no other KPI's title has)."""
    words = {stem(w) for w in WORD.findall(sentence)}
    owners = kpis.owners
    scores: dict[str, float] = {}
    for figure in kpis.first:
        call = figure.expression.split(")")[0] + ")"
        pattern = kpis.ids[figure.kpi_id]
        named = call in sentence or call.replace('"', "'") in sentence or (
            pattern is not None and pattern.search(sentence) is not None)
        matched = len(words & set(figure.words))
        share = matched / len(figure.words) if figure.words else 0.0
        if named:
            scores[figure.kpi_id] = 2 + share
        elif figure.any_word and matched:
            scores[figure.kpi_id] = 1.0
        elif matched >= min(2, len(figure.words)) and share >= 0.5:
            scores[figure.kpi_id] = share
        elif share >= 1 / 3 and any(owners[w] == {figure.kpi_id}
                                     for w in words & set(figure.words)):
            scores[figure.kpi_id] = share  # a word only this KPI's title has ("gas")
    return scores


def _related(sentence: str, kpis: _Kpis, mentioned: dict[str, float]) -> set[str]:
    """The KPIs a sentence uses any title word of, or names."""
    words = {stem(w) for w in WORD.findall(sentence)}
    return {f.kpi_id for f in kpis.first if words & set(f.words)} | set(mentioned)


def _typed(match: re.Match[str], plain: str, offset: int) -> _Typed | None:
    """The number a match found, or None when it is not an amount (a year, a date, an id,
    an ordinal, a section number, …)."""
    before, after = plain[:match.start()], plain[match.end():]
    digits = match["digits"]
    if re.search(r"[\w.,/£-]$", before) and not match["pound"] and not match["sign"]:
        return None  # part of an id (CS-LAC-01), a date (24/01), or a decimal
    if match["sign"] and re.search(r"\w$", before):
        return None  # "COVID-19", "2017-18"
    if re.match(r"[A-Za-z]|[/:]\d|-[A-Za-z]|\.\d", after):
        return None  # 1st, 4G, 2017/18, 24-hour, 5.1.2
    if re.match(r"0\d", digits):
        return None  # a code or a telephone number
    if "," not in digits and "." not in digits and 1900 <= int(digits) <= 2099 \
            and not (match["percent"] or match["pound"]):
        return None  # a year
    words_before = re.findall(r"[\w.]+", before[-40:].lower())
    if words_before and words_before[-1].rstrip(".") in NAMING | MONTHS:
        return None  # Quarter 3, section 4, per 10,000, December 2017
    following = re.match(r"\s*([A-Za-z]+)", after)
    if following and following[1].lower() in MONTHS:
        return None  # 24 January
    kind, scale = "plain", 0
    if match["pound"]:
        kind, scale = "money", SCALES.get((match["scale"] or "").strip().lower(), 0)
    elif match["scale"]:
        return None  # 6m, 4k without a £: a size, not a figure
    elif match["percent"]:
        kind = "percent"
    elif match["points"]:
        kind = "pp"
    else:
        unit = re.match(r"\s*(?:(?:working|calendar|school)\s+)?([A-Za-z]+)", after)
        if unit and unit[1].lower() in TIME_UNITS:
            kind = TIME_UNITS[unit[1].lower()]
    if kind != "percent" and re.match(
            r"\s*of\s+(?:the|our|its|their|them|these|those|this|which|whom)\b", after, re.I):
        return None  # "£3.9m of the overspend", "33 of them": a part, not the figure
    try:
        amount = Decimal(digits.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only finds digits
        return None
    places = len(digits.split(".")[1]) if "." in digits else 0
    sign = {"+": 1, "-": -1, "−": -1}.get(match["sign"] or "", 0)
    text = match[0].strip()
    start = offset + match.start() + (len(match[0]) - len(match[0].lstrip()))
    return _Typed(start, start + len(text), text, amount, places, scale, kind, sign)


def _judge(typed: _Typed, sentence: tuple[int, int], masked: str,
           mentions: tuple[dict[str, float], set[str]],
           figures: Sequence[Figure], title_numbers: set[str]
           ) -> tuple[Figure, bool, str] | None:
    """Which figure a number refers to and whether the data agrees, or None when it
    refers to none."""
    context = _context(masked, typed, sentence)
    changing = _role(context, typed.signed).startswith("change")
    compatible = [f for f in figures if f.unit in COMPATIBLE[typed.kind]
                  and (changing or not f.role.startswith("change"))]
    mentioned, related = mentions
    named = [f for f in compatible if f.kpi_id in mentioned]
    if named:
        best = max(mentioned[f.kpi_id] for f in named)
        about = [f for f in named if mentioned[f.kpi_id] == best]
        if any(str(typed.amount) in f.title for f in about):
            return None  # "within 42 working days" is the KPI's definition, not a figure
        if _described(masked, typed, about[0]) is None:
            return None  # "6 short-term beds": it counts something else
        # right about any KPI the sentence touches on is right; wrong only about the likeliest
        agreeing = sorted((f for f in compatible if f.kpi_id in related and _agrees(typed, f)),
                          key=lambda f: -mentioned.get(f.kpi_id, 0))
        if agreeing and not _wrong_direction(typed, agreeing[0], context):
            if _approximation(context[0]) is not None:
                return None  # "around 20": rounded on purpose, which no expression writes
            chosen = _preferred([f for f in agreeing if f.kpi_id == agreeing[0].kpi_id],
                                context, typed)
            return chosen, True, _described(masked, typed, chosen) or ""
        if FUTURE.search(masked[sentence[0]:sentence[1]]):
            return None  # "we expect 820 by March" is not this quarter's figure
        contradicted = _contradiction(typed, about, context)
        if contradicted is None:
            return None
        return contradicted, False, _described(masked, typed, contradicted) or ""
    if str(typed.amount) in title_numbers or not _distinctive(typed):
        return None
    for figure in compatible:  # no KPI named: only an exact match of a telling number
        if not figure.role.startswith("change") and typed.places == _places(figure.label) \
                and _agrees(typed, figure):
            described = _described(masked, typed, figure)
            if described is not None:
                return figure, True, described
    return None


def _context(masked: str, typed: _Typed, sentence: tuple[int, int]) -> tuple[str, str]:
    """The sentence's text just before and after the number, in lower case, on one line."""
    start, end = max(sentence[0], typed.start - 60), min(sentence[1], typed.end + 60)
    before = " ".join(masked[start:typed.start].split()).lower()
    after = " ".join(masked[typed.end:end].split()).lower()
    return before, after




def _described(masked: str, typed: _Typed, figure: Figure) -> str | None:
    """What the sentence says the number counts ("looked after children"), the figure's
    title when it does not say, or None when it counts something else ("6 new beds")."""
    phrase = masked[typed.end:typed.end + 80]
    end = 0  # where the last of the figure's words ends
    for word in list(re.finditer(r"[A-Za-z][A-Za-z’'-]*|[^\sA-Za-z]", phrase))[:6]:
        text = word[0].lower()
        if not text[0].isalpha():
            break
        if stem(text) in figure.words:
            end = word.end()
        elif text in TIME_UNITS or text in ("working", "calendar", "school") or (
                text in MODIFIERS | STOP and end):
            continue  # "7 working days", "19 more children", "looked after children"
        elif text in MODIFIERS or text in OF_THE or text in ANYONE:
            continue  # "19 more children", "7.4% of the looked after children", "of people"
        elif text in STOP or end:
            break
        else:
            return None
    return " ".join(phrase[:end].split()) if end else f"({figure.title})"


def _scaled(figure: Figure, typed: _Typed) -> Decimal:
    """The figure in the typed number's terms: millions for £4.1m, without its sign."""
    return abs(figure.value).scaleb(-typed.scale)


def _agrees(typed: _Typed, figure: Figure) -> bool:
    """Whether the figure, rounded as the number is written, is the number."""
    return round_half_up(_scaled(figure, typed), typed.places) == typed.amount


def _places(label: str) -> int:
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", label)
    return len(digits[1]) if digits and digits[1] else 0


def _distinctive(typed: _Typed) -> bool:
    """A number unlikely to equal a figure by chance: 100 or more, a decimal, a % or £."""
    return typed.amount >= 100 or typed.places > 0 or typed.kind in ("money", "percent")




def _role(context: tuple[str, str], signed: int = 0) -> str:
    """Which of a KPI's figures the words around a number point to ("+19" is a change)."""
    before, after = context
    last_year = LAST_YEAR.search(f"{before[-50:]} | {after[:40]}")
    if signed or CHANGE.search(before) or re.match(r"(?:more|fewer)\b", after):
        return "change_last_year" if last_year else "change"
    if last_year:
        return "last_year"
    if "target" in before[-30:] or "target" in after[:10]:
        return "target"
    if re.search(r"budget (?:of|is|was)$", before):
        return "budget"
    if re.search(r"outturn (?:of|is|was)$", before):
        return "outturn"
    if re.search(r"previous|last quarter|\bfrom$", before) or \
            re.match(r"(?:in|at) (?:the )?(?:previous|last) quarter", after):
        return "previous"
    if re.search(r"so far this year|year to date|year-to-date|since april", f"{before} {after}"):
        return "ytd"
    return "value"


def _preferred(figures: list[Figure], context: tuple[str, str], typed: _Typed) -> Figure:
    """Of a KPI's figures a number could be, the one its words point to."""
    role = _role(context, typed.signed)
    roles = [role.replace("change", "change_pct", 1), role] if typed.kind == "percent" else [role]
    return next((f for r in roles for f in figures if f.role == r), figures[0])


def _wrong_direction(typed: _Typed, figure: Figure, context: tuple[str, str]) -> bool:
    """"rose by 3" when the data fell by 3."""
    if not figure.role.startswith("change"):
        return False
    words = set(re.findall(r"[a-z]+", context[0])[-2:] + re.findall(r"[a-z]+", context[1])[:1])
    said = 1 if words & RISE else -1 if words & FALL else typed.signed
    return said != 0 and figure.value != 0 and (said > 0) != (figure.value > 0)


def _contradiction(typed: _Typed, about: list[Figure], context: tuple[str, str]
                   ) -> Figure | None:
    """The figure a number contradicts, if it is plainly about one and of its size."""
    role = _role(context, typed.signed)
    if typed.kind == "percent" and role.startswith("change"):
        in_percent = role.replace("change", "change_pct", 1)  # "(2.4%)" after "rose by 19"
        role = in_percent if any(f.role == in_percent for f in about) else role
    family = [f for f in about if f.role.startswith("change") == role.startswith("change")]

    def nearest(candidates: list[Figure]) -> Figure | None:
        return min(candidates, key=lambda f: abs(_scaled(f, typed) - typed.amount), default=None)

    pointed = nearest([f for f in family if f.role == role])
    if pointed is not None and _wrong_direction(typed, pointed, context):
        return pointed  # "rose by 3" when it fell by 3
    # the figure the words point to; else, of the KPI's figures, the one of the number's size
    for near in (pointed, nearest(family)):
        if near is not None and _of_its_size(typed.amount, _scaled(near, typed)):
            approx = _approximation(context[0])
            if approx is not None and _holds(approx, typed.amount, _scaled(near, typed)):
                return None  # "over 800" when the data says 803
            return near
    return None  # a different size of thing: not a stale copy of one of its figures


def _of_its_size(typed: Decimal, shown: Decimal) -> bool:
    """Whether a figure could be a stale or mistyped copy of the number: within a factor 2."""
    return typed != 0 and shown != 0 and Decimal("0.5") <= shown / typed <= 2


def _approximation(before: str) -> str | None:
    for words, sense in sorted(APPROXIMATE.items(), key=lambda item: -len(item[0])):
        if before.endswith(words):
            return sense
    return None


def _holds(sense: str, typed: Decimal, actual: Decimal) -> bool:
    """Whether "around 800", "over 800" or "almost 800" is true of the data's figure."""
    if sense == "above":
        return actual >= typed
    if sense == "below":
        return actual <= typed
    return abs(actual - typed) <= typed / 10
