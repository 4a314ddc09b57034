"""The static-site export: same numbers as the notebook explorers, in files the browser can load."""
from __future__ import annotations

import json

import numpy as np
import pytest

from actlab.widgets import derivative, export, gradient_flow
from actlab.widgets.derivative import GRID, DerivativeState


def payload(text: str) -> tuple[str, dict]:
    """Undo export.script: the key and the JSON payload of a data file."""
    assert text.startswith("actlabExplorerData(") and text.endswith(");\n")
    key, _, body = text[len("actlabExplorerData("):-3].partition(",")
    return json.loads(key), json.loads(body)


def test_script_round_trips():
    assert payload(export.script("k", {"a": [1.5, None]})) == ("k", {"a": [1.5, None]})
    with pytest.raises(ValueError):
        export.script("k", {"a": float("nan")})


def test_derivative_frame_matches_the_notebook_explorer():
    frame = export.derivative_frame("sigmoid", {})
    i = int(np.flatnonzero(GRID == 6.0)[0])
    at = derivative.compute(DerivativeState("sigmoid", x0=6.0))["at_x0"]
    assert frame["df"][i] == pytest.approx(at["analytic"], rel=1e-6)
    assert frame["f"][i] == pytest.approx(at["f"], rel=1e-6)
    for key in ("finite_difference", "torch", "tensorflow"):
        assert abs(frame[f"{key}_minus_analytic"][i]) < 1e-9
    assert frame["saturated"] == [[-8.0, -2.1], [2.1, 8.0]] and frame["dead"] == []
    assert len(frame["f"]) == len(GRID)


def test_parameter_presets_cover_each_preset_once():
    presets = export.parameter_presets("softplus")
    assert presets[0] == {"beta": 1.0, "threshold": 20.0}
    assert [p["beta"] for p in presets] == [1.0, 0.5, 2.0, 5.0]
    assert export.parameter_presets("relu") == [{}]


def test_gradflow_profiles_are_the_explorers(monkeypatch):
    monkeypatch.setattr(export, "GRADFLOW_GRID", {"depth": (10,), "width": (16,)})
    profiles = export.gradflow_profiles("tanh")
    assert set(profiles) == {"glorot", "he", "lecun", "small"}
    expected = gradient_flow.compute(gradient_flow.GradientFlowState("tanh", 10, 16, "he"))
    for key in ("norms", "variances"):
        np.testing.assert_allclose(profiles["he"]["16"]["10"][key], expected[key], rtol=1e-3)


def test_playground_run_records_curves_and_fits(monkeypatch):
    monkeypatch.setattr(export, "PLAYGROUND_STEPS", 100)
    run = export.playground_run("relu", 8, 0.05)
    assert run["loss_steps"] == list(range(0, 100, 10))
    assert run["fit_steps"] == [1, 51, 100]
    assert len(run["fits"]) == 3 and len(run["fits"][0]) == 101


def test_manifest_defaults_are_the_state_defaults():
    manifest = export.manifest()
    assert manifest["derivative"]["default"] == {"activation": "sigmoid", "x0": 0.0, "params": {},
                                                 "overlay": [], "frameworks": True}
    assert manifest["gradflow"]["default"]["depth"] in manifest["gradflow"]["depth"]
    assert manifest["gradflow"]["default"]["width"] in manifest["gradflow"]["width"]
    pg = manifest["playground"]
    for key in ("activation", "width", "lr"):
        assert pg["default"][key] in pg[key], key
    json.dumps(manifest, allow_nan=False)


def test_export_writes_loadable_scripts(tmp_path, monkeypatch):
    """The whole export on a tiny grid (the full one runs in `make book`)."""
    monkeypatch.setattr(export, "GRADFLOW_GRID", {"depth": (5,), "width": (16,)})
    monkeypatch.setattr(export, "PLAYGROUND_GRID", {"activation": ("relu",), "width": (4,), "lr": (0.05,)})
    monkeypatch.setattr(export, "PLAYGROUND_STEPS", 20)
    paths = export.export(tmp_path, log=lambda message: None)
    names = sorted(p.name for p in paths)
    assert "manifest.js" in names and "playground-relu.js" in names
    assert len([n for n in names if n.startswith("derivative-")]) == 16
    for path in paths:
        key, _ = payload(path.read_text(encoding="utf-8"))
        assert f"{key}.js" == path.name
