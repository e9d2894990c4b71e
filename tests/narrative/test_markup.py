"""Narrative markdown read as CommonMark and GitHub do, located to its lines, and Word
habits named with their fix."""

from __future__ import annotations

import json

from reportgen.narrative.habits import straighten, word_habits
from reportgen.narrative.markup import Block, Heading, convert, slug
from scripts.commonmark_conformance import EXAMPLES, normalise

FILE = "narratives/2017Q3/children.md"


def test_a_list_straight_after_a_sentence_is_a_list() -> None:
    html = convert("Our statutory work is more timely:\n- assessments\n- reviews\n").html
    assert html == ("<p>Our statutory work is more timely:</p>\n"
                    "<ul>\n<li>assessments</li>\n<li>reviews</li>\n</ul>\n")


def test_lists_numbered_with_a_bracket() -> None:
    html = convert("1) first\n2) second\n   - detail\n").html
    assert html == ("<ol>\n<li>first</li>\n<li>second\n<ul>\n<li>detail</li>\n</ul>\n"
                    "</li>\n</ol>\n")


def test_two_spaces_nest_a_bullet() -> None:
    html = convert("- placements\n  - in county\n  - out of county\n").html
    assert html == ("<ul>\n<li>placements\n<ul>\n<li>in county</li>\n<li>out of county</li>\n"
                    "</ul>\n</li>\n</ul>\n")


def test_strikethrough_is_githubs_del() -> None:
    assert convert("~~790~~ 803").html == "<p><del>790</del> 803</p>\n"


def test_pipe_table_with_alignment() -> None:
    html = convert("| Measure | Value |\n|:--|--:|\n| Looked after | 803 |\n").html
    assert '<th style="text-align:left">Measure</th>' in html
    assert '<td style="text-align:right">803</td>' in html


def test_typography_as_before_but_no_copyright_sign() -> None:
    html = convert('"Good" -- and --- it\'s done... (a) one (b) two (c) three').html
    assert html == "<p>“Good” – and — it’s done… (a) one (b) two (c) three</p>\n"


def test_no_typography_in_code() -> None:
    assert convert('`"a" -- b`').html == "<p><code>&quot;a&quot; -- b</code></p>\n"


def test_heading_ids_follow_the_old_rule_and_repeats_are_numbered() -> None:
    converted = convert("## Key Areas of Progress\n\ntext\n\n## Key Areas of Progress\n"
                        "### Children's *care*\n", first_line=7)
    assert '<h2 id="section-key-areas-of-progress">' in converted.html
    assert converted.headings == (
        Heading(2, "section-key-areas-of-progress", "Key Areas of Progress", 7),
        Heading(2, "section-key-areas-of-progress_1", "Key Areas of Progress", 11),
        Heading(3, "section-children-s-care", "Children’s care", 12),
    )


def test_slug_of_nothing() -> None:
    assert slug("  ") == "section-untitled"
    assert slug("2017/18 — £4.1m") == "section-2017-18-4-1m"


def test_blocks_carry_their_file_lines() -> None:
    source = "## Challenges\n\nFirst paragraph\nstill first.\n\n- one\n- two\n"
    converted = convert(source, first_line=6)
    assert converted.blocks[:3] == (Block("heading", 6, 7), Block("paragraph", 8, 10),
                                    Block("bullet_list", 11, 13))


def test_images_and_links_are_located() -> None:
    converted = convert("Text\nmore ![chart](<my chart.png>)\n\n[see](https://example.org)\n",
                        first_line=10)
    assert [(r.kind, r.target, r.line) for r in converted.references] == [
        ("image", "my%20chart.png", 11), ("link", "https://example.org", 13)]


def test_every_spec_example_for_directors_constructs_passes() -> None:
    examples = json.loads(EXAMPLES.read_text(encoding="utf-8"))["examples"]
    failed = [e["example"] for e in examples
              if normalise(convert(e["markdown"]).html, True) != normalise(e["html"], True)]
    assert len(examples) == 391
    assert failed == []


def test_word_bullets_become_a_list_with_one_warning() -> None:
    source = "Highlights:\n•\tmore foster carers\n◦ in the valleys\n• fewer agency staff\n"
    habits = word_habits(source, 8, FILE)
    assert habits.text == ("Highlights:\n- more foster carers\n  - in the valleys\n"
                           "- fewer agency staff\n")
    assert [str(p) for p in habits.problems] == [
        f"{FILE}:9: warning: '•' bullets pasted from Word are not markdown; they are read "
        "as a list — start each list item with a hyphen and a space: '- '"]
    assert "<li>in the valleys</li>" in convert(habits.text).html


def test_a_sub_bullet_without_a_parent_is_a_top_level_item() -> None:
    assert word_habits("◦ alone\n", 1, FILE).text == "- alone\n"


def test_en_dash_bullets_are_named_not_changed() -> None:
    habits = word_habits("Points:\n– one\n– two\n", 5, FILE)
    assert habits.text == "Points:\n– one\n– two\n"
    assert [p.location.line for p in habits.problems] == [6, 7]
    assert "hyphen" in habits.problems[0].hint


def test_curly_quotes_in_an_expression_are_straightened_and_named() -> None:
    source = "Looked after children: {{ kpi(“CS-LAC-01”) }}.\n"
    habits = word_habits(source, 12, FILE)
    assert habits.text == 'Looked after children: {{ kpi("CS-LAC-01") }}.\n'
    (problem,) = habits.problems
    assert (problem.location.line, problem.location.column) == (12, 24)
    assert problem.hint == 'type straight quotes: {{ kpi("CS-LAC-01") }}'
    assert problem.severity == "warning"


def test_curly_quotes_outside_expressions_are_text() -> None:
    assert word_habits("“Good” progress\n", 1, FILE).problems == ()


def test_an_apostrophe_inside_a_straight_string_stays() -> None:
    assert straighten("{{ kpi('it’s') }}") == "{{ kpi('it’s') }}"
    assert straighten("{{ kpi(‘CS-LAC-01’) }}") == '{{ kpi("CS-LAC-01") }}'


def test_tab_indented_items_after_a_sentence() -> None:
    habits = word_habits("Actions:\n\t- recruit\n\t- retain\n", 3, FILE)
    assert habits.text == "Actions:\n  - recruit\n  - retain\n"
    assert [p.location.line for p in habits.problems] == [4]
    assert "<li>recruit</li>" in convert(habits.text).html


def test_a_tab_that_already_nests_an_item_is_left_alone() -> None:
    assert word_habits("- parent\n\t- child\n", 1, FILE).problems == ()


def test_top_level_heading_becomes_a_section() -> None:
    habits = word_habits("# Key Areas of Progress\ntext\n\nOther\n=====\n", 6, FILE)
    assert habits.text == "## Key Areas of Progress\ntext\n\nOther\n-----\n"
    assert [p.location.line for p in habits.problems] == [6, 9]
    assert all("'## '" in p.hint for p in habits.problems)


def test_habits_in_fenced_code_are_left_alone() -> None:
    source = "```\n• as typed\n# not a heading\n```\n"
    assert word_habits(source, 1, FILE) == type(word_habits(source, 1, FILE))(source, ())


def test_a_hashtag_is_not_a_heading() -> None:
    assert word_habits("#fostering campaign\n", 1, FILE).problems == ()


def test_a_missing_brace_does_not_swallow_the_prose() -> None:
    source = 'Now {{ kpi("A") }.\nHe said “no”.\nThen {{ kpi(“B”) }}.\n'
    habits = word_habits(source, 1, FILE)
    assert habits.text == 'Now {{ kpi("A") }.\nHe said “no”.\nThen {{ kpi("B") }}.\n'
    assert [p.location.line for p in habits.problems] == [3]


def test_a_table_pasted_from_word_is_named_with_the_pipe_table_to_write() -> None:
    source = ("Spending by service:\n\nService\tBudget\tOutturn\nPlacements\t£20.1m\t£23.9m\n"
              "Fostering\t£5.2m\t£5.3m\n\nMore text.\n")
    habits = word_habits(source, 10, FILE)
    assert habits.text == source  # left as written: a pipe table needs a line more
    [problem] = habits.problems
    assert problem.location.line == 12 and problem.severity == "warning"
    assert "3 lines look like a table pasted from Word" in problem.message
    assert "'| Service | Budget | Outturn |'" in problem.hint
    assert "'| --- | --- | --- |'" in problem.hint
    # without the warning it would be one paragraph: the bug the warning is for
    assert convert(source).html.count("<p>") == 3


def test_tabs_that_are_not_a_table_are_not_named() -> None:
    assert word_habits("1.\tRecruit\n2.\tRetain\n", 1, FILE).problems == ()
    assert word_habits("One line\twith a tab.\n", 1, FILE).problems == ()
    assert word_habits("```\na\tb\nc\td\n```\n", 1, FILE).problems == ()
    assert word_habits("| a | b |\n| --- | --- |\n| 1 | 2 |\n", 1, FILE).problems == ()
