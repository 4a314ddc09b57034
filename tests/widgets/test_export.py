"""The static-site export: the manifest and the frameworks' derivatives, in files the browser can load;
and the loader of the networks the site's playground exports."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

import actlab
from actlab import gradflow
from actlab.widgets import derivative, export, gradient_flow, playground
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


def test_framework_frame_matches_the_notebook_explorer():
    frame = export.framework_frame("sigmoid", {})
    i = int(np.flatnonzero(GRID == 6.0)[0])
    at = derivative.compute(DerivativeState("sigmoid", x0=6.0))["at_x0"]
    for key in ("torch", "tensorflow"):
        assert frame[f"{key}_minus_analytic"][i] == pytest.approx(at[key] - at["analytic"], abs=1e-12)
        assert len(frame[f"{key}_minus_analytic"]) == len(GRID)


def test_parameter_presets_cover_each_preset_once():
    presets = export.parameter_presets("softplus")
    assert presets[0] == {"beta": 1.0, "threshold": 20.0}
    assert [p["beta"] for p in presets] == [1.0, 0.5, 2.0, 5.0]
    assert export.parameter_presets("relu") == [{}]


def test_manifest_holds_the_catalog_ranges_and_defaults():
    manifest = export.manifest()
    assert list(manifest["activations"]) == actlab.names(elementwise=True)
    for name, record in manifest["activations"].items():
        for param, default in record["params"].items():
            low, high = manifest["param_ranges"][param]
            assert low <= default <= high, (name, param)
    assert manifest["derivative"]["default"] == {"activation": "sigmoid", "x0": 0.0, "params": {},
                                                 "overlay": [], "frameworks": True}
    flow = manifest["gradflow"]
    assert flow["inits"] == list(gradflow.INITS)
    assert flow["norms"] == list(gradflow.NORMS)
    assert flow["default"]["residual"] is False and flow["default"]["norm"] in flow["norms"]
    assert flow["depth_range"] == list(gradient_flow.DEPTH_RANGE)
    low, high = flow["depth_range"]
    assert low <= flow["default"]["depth"] <= high
    pg = manifest["playground"]
    assert pg["default"]["activation"] in manifest["activations"]
    assert pg["width_range"][0] <= pg["default"]["width"] <= pg["width_range"][1]
    assert pg["lr_range"] == list(playground.LR_RANGE)
    json.dumps(manifest, allow_nan=False)


def test_export_writes_loadable_scripts_and_drops_stale_ones(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "parameter_presets", lambda name: [dict(actlab.spec(name).params)])
    (tmp_path / "playground-relu.js").write_text("stale")
    paths = export.export(tmp_path, log=lambda message: None)
    names = sorted(p.name for p in paths)
    assert names == sorted(["manifest.js"] + [f"frameworks-{n}.js" for n in actlab.names(elementwise=True)])
    assert not (tmp_path / "playground-relu.js").exists()
    for path in paths:
        key, _ = payload(path.read_text(encoding="utf-8"))
        assert f"{key}.js" == path.name


def exported_network(sizes=(2, 3, 1), activations=("tanh",), seed=0) -> dict:
    """A network in the format the playground's "export the network" writes."""
    rng = np.random.default_rng(seed)
    return {"format": export.NETWORK_FORMAT, "sizes": list(sizes), "activations": list(activations),
            "input_mean": [0.5] * sizes[0], "input_std": [2.0] * sizes[0], "task": "classification", "loss": "ce",
            "layers": [{"W": rng.standard_normal((a, b)).tolist(), "b": rng.standard_normal(b).tolist()}
                       for a, b in zip(sizes[:-1], sizes[1:])]}


def test_playground_network_computes_what_the_page_does():
    net = exported_network((2, 4, 3, 1), ("relu", "gelu"))
    X = np.random.default_rng(1).standard_normal((7, 2))
    h = (X - 0.5) / 2.0
    for i, layer in enumerate(net["layers"]):
        h = h @ np.array(layer["W"]) + np.array(layer["b"])
        if i < 2:
            h = actlab.numpy.get(net["activations"][i])(h)
    model = export.playground_network(json.dumps(net))
    with torch.no_grad():
        np.testing.assert_allclose(model(torch.tensor(X)).numpy(), h, rtol=1e-12)


@pytest.mark.parametrize("change, message", [
    ({"format": "other"}, "not a network the playground exported"),
    ({"activations": []}, "do not fit the sizes"),
    ({"sizes": [2, 5, 1]}, "has W of shape"),
])
def test_playground_network_rejects_what_it_cannot_load(change, message):
    with pytest.raises(ValueError, match=message):
        export.playground_network({**exported_network(), **change})
