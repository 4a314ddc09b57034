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
    assert isinstance(rows, bench.Report) and rows.threads["numpy"] == rows.threads["torch"] == "1"
    expected = {(b, bench.COPY, bench.COPY) for b in bench.BACKENDS}
    expected |= {(b, bench.COPY_INTO, bench.COPY_INTO) for b in ("numpy", "torch")}  # TF has none
    expected |= {(b, n, p) for b in bench.BACKENDS for n in NAMES for p in bench.PASSES}
    assert {(r.backend, r.name, r.pass_) for r in rows} == expected
    assert len(rows.rows) == len(expected)
    for r in rows:
        assert isinstance(r, bench.Row) and r.size == 2000
        assert r.seconds_median > 0 and math.isfinite(r.seconds_median)
        assert r.ratio_to_copy > 0 and math.isfinite(r.ratio_to_copy)
        expected_layout = "elementwise" if r.pass_ not in bench.PASSES or actlab.spec(r.name).elementwise \
            else "last axis of (2, 1000)"
        assert r.layout == expected_layout, r
        # effective bandwidth: the arrays the pass must move, 4 bytes each, over its time
        assert r.gb_per_s == pytest.approx(bench.ARRAYS_MOVED[r.pass_] * 4 * 2000 / r.seconds_median / 1e9)
    copies = {r.backend: r for r in rows if r.name == bench.COPY}
    for r in rows:
        assert r.ratio_to_copy == pytest.approx(r.seconds_median / copies[r.backend].seconds_median)


def _row(backend, name, pass_, seconds, copy=1e-3, size=10**6):
    return bench.Row(name, backend, size, pass_, seconds, seconds / copy,
                     bench.ARRAYS_MOVED[pass_] * 4 * size / seconds / 1e9)


def test_an_implausible_baseline_is_flagged_not_reported():
    """The three flags: a copy far below the run's best bandwidth, allocation dominating the
    copy, and a real activation faster than half a copy (all seen on one VM's PyTorch)."""
    sane = [_row("numpy", "copy", "copy", 1e-3), _row("numpy", "copy into", "copy into", 0.9e-3),
            _row("numpy", "relu", "forward", 1.1e-3), _row("numpy", "identity", "forward", 0.1e-3)]
    assert bench.plausibility_flags(sane) == {}  # the identity may hand back its input
    slow_copy = [_row("torch", "copy", "copy", 10e-3, copy=10e-3),
                 _row("torch", "copy into", "copy into", 0.9e-3, copy=10e-3),
                 _row("torch", "relu", "forward", 1.0e-3, copy=10e-3)]
    flags = bench.plausibility_flags(sane + slow_copy)
    assert set(flags) == {(10**6, "torch")}
    reason = flags[(10**6, "torch")]
    assert "under 25% of the best copy" in reason and "allocating the copy takes 11.1×" in reason
    assert "relu ran in under half a copy's time" in reason
    report = bench.Report(tuple(sane + slow_copy), {"numpy": "1", "torch": "1"}, flags)
    table = bench.format_table(report)
    assert "FLAGGED torch: baseline implausible" in table
    relu_line = next(line for line in table.splitlines() if line.startswith("relu"))
    assert "flagged" in relu_line and "1.10" in relu_line  # numpy's ratio stays, torch's does not
    assert report.ratios("torch").size == 0 and report.ratios("numpy").size == 2


def test_table_has_a_line_per_activation(rows):
    table = bench.format_table(rows)
    assert "n = 2,000 float32 elements, CPU, intra-op threads: numpy 1, torch 1, tensorflow " in table
    for name in ("relu", "gelu", "softmax *"):
        assert any(line.startswith(name) for line in table.splitlines()), name
    assert "numpy fwd+bwd" in table and "tensorflow fwd" in table and "GB/s" in table
    assert "torch: copy" in table and "copy into" in table


def test_cli_writes_csv(tmp_path, capsys):
    path = tmp_path / "bench.csv"
    assert bench.main(["--sizes", "1e3", "--repeats", "2", "--backends", "numpy", "--names", "sigmoid",
                       "--csv", str(path), "--no-progress"]) == 0
    with open(path, newline="") as handle:
        records = list(csv.DictReader(handle))
    assert tuple(records[0]) == bench.CSV_FIELDS
    assert [(r["name"], r["pass"]) for r in records] == [
        ("copy", "copy"), ("copy into", "copy into"), ("sigmoid", "forward"), ("sigmoid", "forward+backward")]
    out = capsys.readouterr().out
    assert "numpy" in out and "sigmoid" in out and "wrote 4 rows" in out


def test_bad_arguments_are_rejected():
    with pytest.raises(KeyError, match="nope"):
        bench.run(names=["nope"], sizes=(10,), progress=False)
    with pytest.raises(ValueError, match="unknown backend 'jax'"):
        bench.run(names=["relu"], sizes=(10,), backends=("jax",), progress=False)
    with pytest.raises(ValueError, match="size = 0 is outside"):
        bench.run(names=["relu"], sizes=(0,), backends=("numpy",), progress=False)
    with pytest.raises(ValueError, match="size must be an integer, got 2.5"):
        bench.run(names=["relu"], sizes=(2.5,), backends=("numpy",), progress=False)
    with pytest.raises(ValueError, match="repeats"):
        bench.run(names=["relu"], sizes=(10,), backends=("numpy",), repeats=0, progress=False)
    with pytest.raises(ValueError, match="threads"):
        bench.run(names=["relu"], sizes=(10,), backends=("numpy",), threads=True, progress=False)
