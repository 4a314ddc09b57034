"""actlab.bench on a tiny size: the structure of its rows, its table, its CSV and its CLI."""
from __future__ import annotations

import csv
import math

import pytest

import actlab
from actlab import bench

NAMES = ["relu", "gelu", "softmax"]


@pytest.fixture(scope="module")
def rows():
    return bench.run(names=NAMES, sizes=(2000,), repeats=2, progress=False)


def test_rows_cover_every_backend_name_and_pass(rows):
    expected = {(b, bench.COPY, bench.COPY) for b in bench.BACKENDS}
    expected |= {(b, n, p) for b in bench.BACKENDS for n in NAMES for p in bench.PASSES}
    assert {(r.backend, r.name, r.pass_) for r in rows} == expected
    assert len(rows) == len(expected)
    for r in rows:
        assert isinstance(r, bench.Row) and r.size == 2000
        assert r.seconds_median > 0 and math.isfinite(r.seconds_median)
        assert r.ratio_to_copy > 0 and math.isfinite(r.ratio_to_copy)
        expected_layout = "elementwise" if r.name == bench.COPY or actlab.spec(r.name).elementwise \
            else "last axis of (2, 1000)"
        assert r.layout == expected_layout, r
    copies = {r.backend: r for r in rows if r.name == bench.COPY}
    for r in rows:
        assert r.ratio_to_copy == pytest.approx(r.seconds_median / copies[r.backend].seconds_median)


def test_table_has_a_line_per_activation(rows):
    table = bench.format_table(rows)
    assert "n = 2,000 float32 elements" in table
    for name in ("relu", "gelu", "softmax *"):
        assert any(line.startswith(name) for line in table.splitlines()), name
    assert "numpy fwd+bwd" in table and "tensorflow fwd" in table


def test_cli_writes_csv(tmp_path, capsys):
    path = tmp_path / "bench.csv"
    assert bench.main(["--sizes", "1e3", "--repeats", "2", "--backends", "numpy", "--names", "sigmoid",
                       "--csv", str(path), "--no-progress"]) == 0
    with open(path, newline="") as handle:
        records = list(csv.DictReader(handle))
    assert tuple(records[0]) == bench.CSV_FIELDS
    assert [(r["name"], r["pass"]) for r in records] == [
        ("copy", "copy"), ("sigmoid", "forward"), ("sigmoid", "forward+backward")]
    out = capsys.readouterr().out
    assert "numpy" in out and "sigmoid" in out and "wrote 3 rows" in out


def test_bad_arguments_are_rejected():
    with pytest.raises(KeyError, match="nope"):
        bench.run(names=["nope"], sizes=(10,), progress=False)
    with pytest.raises(ValueError, match="backend"):
        bench.run(names=["relu"], sizes=(10,), backends=("jax",), progress=False)
    with pytest.raises(ValueError, match="sizes"):
        bench.run(names=["relu"], sizes=(0,), backends=("numpy",), progress=False)
    with pytest.raises(ValueError, match="repeats"):
        bench.run(names=["relu"], sizes=(10,), backends=("numpy",), repeats=0, progress=False)
