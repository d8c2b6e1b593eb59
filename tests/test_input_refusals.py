"""Hostile and odd inputs at the command line and the services: each refused with a message that
names what is wrong, and nothing stored changes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from runsense.cli import app


@pytest.fixture
def cli(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "cli.sqlite")

    def invoke(*args: str):
        return runner.invoke(app, ["--db", db, *args])

    return invoke


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pain", "log", "-1"], "the pain score must be a whole number from 0 (no pain) to 10 (worst imaginable), not '-1'"),
        (["pain", "log", "-3", "--timing", "morning"], "not '-3'"),
        (["pain", "log", "--timing", "morning", "-3"], "not '-3'"),
        (["pain", "log", "--interference=2", "-2.5"], "not '-2.5'"),
        (["pain", "edit", "-1", "--score", "3"], "no pain entry -1"),
        (["pain", "delete", "-4"], "no pain entry -4"),
        (["strength", "delete", "-1"], "no strength session -1"),
        (["marker", "delete", "-3"], "no marker -3"),
    ],
)
def test_a_negative_number_given_as_a_value_is_that_value_not_an_unknown_option(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert "No such option" not in result.output
    assert message in result.output


def test_unknown_options_are_still_unknown_options_and_option_values_still_reach_their_option(cli):
    for args in (["pain", "log", "3", "--bogus"], ["pain", "log", "-2", "--bogus"], ["pain", "log", "-x"]):
        result = cli(*args)
        assert result.exit_code == 2 and "No such option" in result.output, (args, result.output)
    stiff = cli("pain", "log", "-2", "--stiffness-min", "-5")
    assert stiff.exit_code == 1 and "the pain score must be" in stiff.output  # the score is read first
    result = cli("pain", "log", "3", "--interference", "-2")
    assert result.exit_code == 1 and "activity interference must be a whole number from 0 to 10, not '-2'" in result.output
    assert json.loads(cli("pain", "list", "--json").output) == []
    logged = cli("pain", "log", "4", "--note", "-5")  # a note that looks like a number stays the note
    assert logged.exit_code == 0, logged.output
    assert json.loads(cli("pain", "list", "--json").output)[0]["note"] == "-5"


@pytest.mark.parametrize("args", [["dashboard", "--port", "-1", "--no-browser"], ["dashboard", "--port", "0"], ["demo", "--port", "70000", "--no-serve"]])
def test_a_port_out_of_range_is_a_usage_error_before_anything_starts(cli, args):
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "--port" in result.output
