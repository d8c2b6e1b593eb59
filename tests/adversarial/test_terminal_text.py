"""Text from files is data in the terminal: Rich markup is printed, escape sequences never reach it."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from runsense.cli._text import plain, safe
from tests.adversarial.conftest import contents
from tests.conftest import EXAMPLES

ESC_TITLE = "\x1b[2J\x1b]8;;http://evil.example\x07Morning Run\x1b]8;;\x07 \x1b[31mred\x1b[0m"


def _gpx_named(tmp_path, name_xml: str):
    gpx = (EXAMPLES / "exports" / "2026-08-04_easy.gpx").read_text()
    path = tmp_path / "named.gpx"
    path.write_text(gpx.replace("<name>Easy run</name>", f"<name>{name_xml}</name>"))
    return path


def test_markup_in_a_gpx_name_is_printed_not_obeyed(cli, tmp_path):
    result = cli("import", str(_gpx_named(tmp_path, "[/bold]Tempo [link=http://evil.example]here[/link]")), "--json")
    (item,) = json.loads(result.stdout)["imported"]
    shown = cli("activity", item["id"][:8])
    assert shown.exit_code == 0, shown.output
    assert "[/bold]Tempo [link=http://evil.example]here[/link]" in shown.output


def test_a_shoe_named_like_a_closing_tag_does_not_break_the_list(cli, seeded):
    assert cli("shoes", "add", "[/x]").exit_code == 0
    listed = cli("shoes", "list")
    assert listed.exit_code == 0, listed.output
    assert "[/x]" in listed.output and "Pegasus" in listed.output


def test_escape_sequences_in_a_strava_title_never_reach_the_terminal(cli, tmp_path):
    export = tmp_path / "export_1"
    (export / "activities").mkdir(parents=True)
    (export / "activities" / "1.fit").write_bytes((EXAMPLES / "2026-07-21_easy.fit").read_bytes())
    with (export / "activities.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Activity ID", "Activity Date", "Activity Name", "Activity Type", "Activity Gear", "Filename"])
        writer.writerow(["1", "Jul 21, 2026", ESC_TITLE, "Run", "\x1b[5mshoe", "activities/1.fit"])
    result = cli("import", str(export), "--json")
    (item,) = json.loads(result.stdout)["imported"]
    for args in (("activity", item["id"]), ("activities",), ("shoes", "list")):
        shown = cli(*args)
        assert shown.exit_code == 0, shown.output
        assert "\x1b" not in shown.output and "\x07" not in shown.output, args
    assert "Morning Run red" in cli("activity", item["id"]).output
    assert json.loads(cli("activity", item["id"], "--json").stdout)["title"] == ESC_TITLE  # stored as it came: data, kept


def test_an_error_that_quotes_a_file_name_with_markup_is_one_clear_line(cli, seeded, tmp_path):
    before = contents(seeded)
    (tmp_path / "[").mkdir()
    missing = tmp_path / "[" / "red] gone.sqlite"  # the path reads .../[/red] gone.sqlite
    result = cli("restore", "--yes", str(missing))
    assert result.exit_code == 1
    assert "[/red] gone.sqlite" in result.output and "Traceback" not in result.output
    assert contents(seeded) == before


def test_a_failed_file_named_with_markup_and_escapes_is_listed_plainly(cli, tmp_path):
    bad = tmp_path / "[b]\x1b[2Jbroken[i].fit"
    bad.write_bytes(b"not a fit file")
    result = cli("import", str(bad))
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "[b]" in result.output and "broken[i].fit" in result.output


def test_names_with_newlines_stay_on_one_line(cli):
    assert cli("shoes", "add", "two\nlines").exit_code == 0
    listed = cli("shoes", "list").output
    assert "two lines" in listed


def test_pain_notes_and_alerts_are_data(cli, seeded):
    db = sqlite3.connect(seeded)
    with db:
        db.execute("UPDATE pain SET note = ?", ("[/red]\x1b]52;c;ZXZpbA==\x07copied",))
    db.close()
    listed = cli("pain", "list")
    assert listed.exit_code == 0, listed.output
    assert "\x1b" not in listed.output and "[/red]" in listed.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[31mred\x1b[0m", "red"),  # CSI colour
        ("\x1b]8;;http://x\x07link\x1b]8;;\x07", "link"),  # OSC 8 hyperlink
        ("\x1b]0;title\x1b\\after", "after"),  # OSC ended by ST
        ("a\x9b2Jb", "ab"),  # C1 CSI
        ("tab\tnew\nline\rcr", "tab new line cr"),
        ("bell\x07nul\x00", "bell\ufffdnul\ufffd"),
        ("\u202eevil\u202c", "\ufffdevil\ufffd"),  # bidirectional override
        ("\x1b", ""),  # a lone ESC at the end
    ],
)
def test_plain_removes_what_a_terminal_would_act_on(text, expected):
    assert plain(text) == expected


def test_safe_escapes_markup():
    assert safe("[/bold]x[link=y]") == "\\[/bold]x\\[link=y]"


def test_a_store_path_with_markup_in_a_command_s_own_message(cli, tmp_path):
    """The same helper on the way out of every command: here `backup` into an odd folder."""
    (tmp_path / "[").mkdir()
    target = tmp_path / "[" / "bold] b.sqlite"  # .../[/bold] b.sqlite
    result = cli("backup", str(target))
    assert result.exit_code == 0, result.output
    assert "[/bold] b.sqlite" in result.output.replace("\n", "")


def test_marker_labels_with_escapes_are_refused_and_strength_notes_are_stripped_of_them(cli):
    """A marker's label is drawn on charts and in the PDF, where no terminal stripping applies: refused."""
    refused = cli("marker", "add", "2020-02-01", "\x1b]8;;http://evil.example\x07new shoes\x1b]8;;\x07", "--kind", "shoes")
    assert refused.exit_code == 1 and "a marker's label cannot hold control characters" in refused.output
    assert "\x1b" not in refused.output  # the message quotes the label escaped
    assert cli("marker", "add", "2020-02-01", "new shoes", "--kind", "shoes").exit_code == 0
    assert cli("strength", "log", "2020-02-01", "--minutes", "20", "--kind", "core", "--note", "\x1b[2Jplank").exit_code == 0
    for args in (("marker", "list"), ("strength", "list")):
        shown = cli(*args)
        assert shown.exit_code == 0, shown.output
        assert "\x1b" not in shown.output
    assert "new shoes" in cli("marker", "list").output
    assert "plank" in cli("strength", "list").output
