"""``rightsledger estimate``: table and JSON output, strata, model listing and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rightsledger.cli import app

DATA = Path(__file__).resolve().parents[2] / "data" / "mse"
REQUIRED = {"estimate", "interval", "level", "observed", "method", "model", "diagnostics"}


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()

    def invoke(*args: object):
        return runner.invoke(app, ["--home", str(tmp_path / "home"), "estimate", *map(str, args)])

    return invoke


def test_json_has_the_required_keys(run):
    result = run(DATA / "hiv.csv", "--interactions", "c1:c2", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload.keys() >= REQUIRED
    assert payload["observed"] == 1896
    assert payload["model"] == ["c1:c2"]
    assert payload["method"] == "rightsledger.mse.loglinear.v1"
    low, high = payload["interval"]
    assert low < payload["estimate"] < high and payload["level"] == 0.95


def test_table_output_and_model_listing(run):
    result = run(DATA / "hiv.csv", "--models", "--select", "aic")
    assert result.exit_code == 0, result.output
    assert "observed" in result.stdout and "1,896" in result.stdout
    assert "log-linear models, best AIC first" in result.stdout
    assert "independence" in result.stdout


def test_strata_give_one_estimate_each_plus_the_total(run, tmp_path):
    path = tmp_path / "strata.csv"
    lines = ["region,A,B,C,n"]
    for region, scale in (("north", 1), ("south", 2)):
        for pattern, count in {
            "1,0,0": 40,
            "0,1,0": 50,
            "0,0,1": 60,
            "1,1,0": 12,
            "1,0,1": 15,
            "0,1,1": 18,
            "1,1,1": 5,
        }.items():
            lines.append(f"{region},{pattern},{count * scale}")
    path.write_text("\n".join(lines) + "\n")
    result = run(path, "--strata", "region", "--interactions", "", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload.keys() >= REQUIRED
    assert [s["stratum"] for s in payload["strata"]] == ["north", "south"]
    assert [s["observed"] for s in payload["strata"]] == [200, 400]
    assert payload["observed"] == 600
    assert payload["diagnostics"]["sum_of_strata"] == pytest.approx(
        sum(s["estimate"] for s in payload["strata"]), rel=1e-6
    )
    table = run(path, "--strata", "region")
    assert "total" in table.stdout and "north" in table.stdout


def test_without_a_file_and_without_linkage_the_message_says_what_to_do(run, tmp_path):
    result = run()
    assert result.exit_code == 1
    assert "no ledger at" in result.stderr
    from rightsledger.store import Ledger

    Ledger.open(f"sqlite:///{tmp_path / 'home' / 'ledger.sqlite3'}", create=True).close()
    result = run()
    assert result.exit_code == 1
    assert "no linked persons yet: run `rightsledger lists link` first" in result.stderr


def test_bad_input_is_one_clear_line(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("A,B,n\n0,0,5\n1,0,3\n")
    result = run(bad)
    assert result.exit_code == 1
    assert "line 2: the unobserved cell" in result.stderr and "Traceback" not in result.output
    assert "--level must be between 0 and 1" in run(DATA / "hiv.csv", "--level", "95").stderr
    assert (
        "apply to --method loglinear only"
        in run(DATA / "hiv.csv", "--method", "dga", "--interactions", "c1:c2").stderr
    )


@pytest.mark.parametrize("method", ["dga", "lcmcr"])
def test_bayesian_methods_from_the_command_line(run, method):
    args = [DATA / "madigan_york_3.csv", "--method", method, "--format", "json", "--level", "0.9"]
    if method == "lcmcr":
        args += ["--iterations", "2000", "--seed", "4"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload.keys() >= REQUIRED
    assert payload["method"] == f"rightsledger.mse.{method}.v1"
    assert payload["level"] == 0.9 and payload["observed"] == 626
    assert 626 < payload["interval"][0] < payload["estimate"] < payload["interval"][1]
    if method == "lcmcr":
        assert payload["diagnostics"]["seed"] == 4
        assert json.loads(run(*args).stdout) == payload


def test_list_names_are_printed_as_data_not_markup(run, tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("[bold]x,b,c,n\n1,0,0,30\n0,1,0,20\n0,0,1,25\n1,1,0,6\n0,1,1,5\n1,0,1,7\n1,1,1,2\n")
    result = run(path, "--interactions", "[bold]x:b")
    assert result.exit_code == 0, result.output
    assert "[bold]x:b" in result.stdout


def test_log_linear_refusals_say_why(run, tmp_path):
    disjoint = tmp_path / "disjoint.csv"
    disjoint.write_text("A,B,n\n1,0,30\n0,1,20\n")
    result = run(disjoint)
    assert result.exit_code == 1
    assert "no maximum likelihood estimate exists" in result.stderr
    empty = tmp_path / "empty.csv"
    empty.write_text("A,B,C,n\n1,0,0,30\n0,1,0,20\n1,1,0,3\n")
    assert "list C has no records" in run(empty).stderr


def test_stepwise_methods_from_the_command_line(run):
    """`--method bhs` on the UK five-list table gives the published 11,313 (see test_estimate_published)."""
    result = run(DATA / "ukdat_5.csv", "--method", "bhs", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["method"] == "rightsledger.mse.bhs.v1"
    assert payload["estimate"] == pytest.approx(11313, abs=0.5)
    result = run(DATA / "neworl_5.csv", "--method", "sparsemse", "--replicates", "60", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["method"] == "rightsledger.mse.sparsemse.v1"
    low, high = payload["interval"]
    assert low < payload["estimate"] < high
    assert "BCa" in payload["diagnostics"]["interval_method"]


def test_pthresh_only_with_a_stepwise_method(run):
    result = run(DATA / "hiv.csv", "--pthresh", "0.05")
    assert result.exit_code != 0
    assert "--pthresh applies to --method bhs or sparsemse only" in result.output


def test_maxorder_and_bca_interval(run):
    result = run(
        DATA / "kosovo.csv", "--maxorder", "3", "--interval", "bca", "--replicates", "100", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["diagnostics"]["models_compared"] == 113
    assert "profile_interval" in payload["diagnostics"]
