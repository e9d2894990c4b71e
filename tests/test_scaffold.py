from reportgen.scaffold import reset_to_draft


def test_reset_to_draft_clears_approval() -> None:
    text = ("---\ntitle: Housing\nstatus: approved\napproved_by: Nia Prosser\n"
            "approved_on: 2018-01-24\n---\n## Progress\nstatus: unchanged in the body\n")
    assert reset_to_draft(text) == (
        "---\ntitle: Housing\nstatus: draft\napproved_by:\napproved_on:\n---\n"
        "## Progress\nstatus: unchanged in the body\n")


def test_reset_to_draft_adds_front_matter_when_missing() -> None:
    assert reset_to_draft("## Progress\n") == "---\nstatus: draft\n---\n## Progress\n"
