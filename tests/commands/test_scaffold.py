from reportgen.commands.scaffold import reset_to_draft


def test_reset_to_draft_clears_approval() -> None:
    text = ("---\ntitle: Housing\nstatus: approved\napproved_by: Nia Prosser\n"
            "approved_on: 2018-01-24\n---\n## Progress\nstatus: unchanged in the body\n")
    assert reset_to_draft(text) == (
        "---\ntitle: Housing\nstatus: draft\napproved_by:\napproved_on:\n---\n"
        "## Progress\nstatus: unchanged in the body\n")


def test_reset_to_draft_adds_front_matter_when_missing() -> None:
    assert reset_to_draft("## Progress\n") == "---\nstatus: draft\n---\n## Progress\n"


def test_new_carries_from_the_latest_earlier_quarter(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from reportgen.commands.scaffold import init_project, new_quarter

    init_project(tmp_path)
    done = new_quarter(tmp_path, "2018Q2")  # 2018Q1 has no narratives: 2017Q3 is the latest
    assert "narratives carried forward from 2017Q3 as drafts" in done.notes
    assert (tmp_path / "narratives/2018Q2/children.md").is_file()
    (tmp_path / "narratives").rename(tmp_path / "old")
    assert new_quarter(tmp_path, "2018Q3").notes == [
        "no earlier narratives to carry forward: write narratives/2018Q3/<directorate>.md"]
