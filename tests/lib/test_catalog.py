"""The catalog: complete, well-formed, honest about its properties, and wired to every backend."""
from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path

import numpy as np
import pytest

import actlab
from actlab import catalog, tables
from actlab_cases import BACKENDS, ELEMENTWISE, NON_ELEMENTWISE, anp, output_shape

DESIGN_NAMES = ("identity sigmoid tanh relu leaky_relu elu selu gelu gelu_tanh silu mish softplus "
                "softsign hard_sigmoid hard_swish relu6 softmax log_softmax").split()
BIBLIOGRAPHY = Path(__file__).resolve().parents[2] / "chapters" / "references.bib"


def test_catalog_has_every_name_of_the_design():
    assert set(DESIGN_NAMES) <= set(actlab.names())
    assert len(actlab.names()) == len(set(actlab.names()))
    assert actlab.names()[:4] == ["identity", "sigmoid", "tanh", "relu"]


def test_only_the_softmax_family_and_the_gated_units_are_not_elementwise():
    """Written out here, not derived from the catalog: marking a record wrongly fails this."""
    non_elementwise = {"softmax", "log_softmax", "glu", "reglu", "geglu", "swiglu"}
    assert set(NON_ELEMENTWISE) == non_elementwise
    assert set(ELEMENTWISE) == set(actlab.names()) - non_elementwise
    assert {n: actlab.spec(n).gate for n in actlab.catalog.gated_names()} == {
        "glu": "sigmoid", "reglu": "relu", "geglu": "gelu", "swiglu": "silu"}
    assert actlab.names(elementwise=True) == [n for n in actlab.names() if n not in NON_ELEMENTWISE]


@pytest.mark.parametrize("name, params", [
    ("leaky_relu", {"negative_slope": 0.01}), ("elu", {"alpha": 1.0}),
    ("softplus", {"beta": 1.0, "threshold": 20.0}), ("relu", {}), ("selu", {}), ("softmax", {})])
def test_defaults_are_pytorchs(name, params):
    """PyTorch's signatures are the reference for the catalog's defaults (DESIGN.md)."""
    import inspect

    import torch
    import torch.nn.functional as F

    assert dict(actlab.spec(name).params) == params
    builtin = getattr(F, name)
    try:
        signature = inspect.signature(builtin).parameters
    except ValueError:  # a C built-in (softplus): compare its results with and without the values
        x = torch.tensor([-30.0, -1.0, 0.5, 10.0, 19.99, 20.01, 20.5, 40.0], dtype=torch.float64)
        assert torch.equal(builtin(x), builtin(x, **params)), name
    else:
        for key, value in params.items():
            assert signature[key].default == value, (name, key)


def test_parameters_are_one_record_per_name_with_consistent_ranges():
    params = actlab.catalog.parameters()
    assert set(params) == {"negative_slope", "alpha", "beta", "threshold"}
    for name in actlab.names():
        for p in actlab.spec(name).parameters:
            assert params[p.name] is p
            assert p.low <= p.default <= p.high and all(p.low <= v <= p.high for v in p.presets)
            assert p.doc.strip()
    with pytest.raises(ValueError, match="must lie in"):
        actlab.catalog.Param("k", 2.0, 0.0, 1.0, (), "out of range")


def test_initialisation_family():
    """He (Kaiming) initialisation for the rectifiers, LeCun for SELU (Klambauer et al. 2017),
    Glorot for the rest (written out, not derived)."""
    he = {n for n in actlab.names() if actlab.spec(n).init == "he"}
    assert {"relu", "leaky_relu", "elu", "relu6"} <= he
    assert actlab.spec("selu").init == "lecun"
    assert not he & {"identity", "sigmoid", "tanh", "gelu", "gelu_tanh", "silu", "mish", "softplus",
                     "softsign", "hard_sigmoid", "hard_swish"}


def test_a_record_must_be_complete():
    record = actlab.spec("relu")
    with pytest.raises(ValueError, match="init"):
        dataclasses.replace(record, init="xavier")
    with pytest.raises(ValueError, match="exact"):
        dataclasses.replace(record, exact=None)


@pytest.mark.parametrize("name", actlab.names())
def test_record_is_complete(name):
    r = actlab.spec(name)
    assert r.name == name
    for text in (r.title, r.formula, r.derivative, r.range, r.torch_name, r.tf_name):
        assert isinstance(text, str) and text.strip(), name
    assert r.torch_name.startswith("torch."), r.torch_name
    assert re.match(r"(tf|keras)\.", r.tf_name), r.tf_name
    if name == "identity":
        assert r.paper is None
    else:
        assert r.paper is not None, f"{name} has no introducing paper"
        assert isinstance(r.paper.year, int) and 1940 <= r.paper.year <= 2030
        assert r.paper.authors and r.paper.title and r.paper.venue
        assert str(r.paper.year) in str(r.paper)
    assert all(isinstance(v, float) for v in r.params.values())
    with pytest.raises(TypeError):
        r.params["new"] = 1.0  # read-only mapping


@pytest.mark.parametrize("name", actlab.names())
def test_framework_names_are_real_objects(name):
    """The first dotted name in torch_name / tf_name resolves (e.g. 'tf.nn.silu (= tf.nn.swish)')."""
    import keras  # noqa: F401  (resolved below by module name)

    for text in (actlab.spec(name).torch_name, actlab.spec(name).tf_name):
        dotted = re.match(r"[\w.]+", text).group(0)
        module_name, *attrs = dotted.split(".")
        obj = importlib.import_module({"tf": "tensorflow"}.get(module_name, module_name))
        for attr in attrs:
            obj = getattr(obj, attr)
        assert callable(obj) or isinstance(obj, type), dotted


def test_papers_have_bibliography_entries():
    keys = set(re.findall(r"@\w+\{([^,]+),", BIBLIOGRAPHY.read_text(encoding="utf-8")))
    missing = [p.bibkey for p in actlab.papers() if p.bibkey not in keys]
    assert not missing, f"not in chapters/references.bib: {missing}"
    assert len({p.bibkey for p in actlab.papers()}) == len(actlab.papers())


@pytest.mark.parametrize("name", actlab.names())
def test_kink_fields_are_consistent(name):
    r = actlab.spec(name)
    if r.smooth:
        assert not r.kinks, f"{name} is marked smooth but lists kinks {r.kinks}"
    if r.kinks:
        assert r.kink, f"{name} lists kinks but does not say which subgradient it takes"
    assert list(r.kinks) == sorted(r.kinks)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_boundedness_and_zero_centring_claims_hold(name):
    r = actlab.spec(name)
    f = anp.get(name)
    big = 1e30
    assert np.isfinite(f(-big)) and np.isfinite(f(big))
    assert (abs(f(-big)) < 10) == r.bounded_below, f"{name}: bounded_below={r.bounded_below}, f(-1e30)={f(-big)}"
    assert (abs(f(big)) < 10) == r.bounded_above, f"{name}: bounded_above={r.bounded_above}, f(1e30)={f(big)}"
    if r.zero_centred:
        x = np.linspace(-5, 5, 101)
        np.testing.assert_allclose(f(-x), -f(x), atol=1e-15, err_msg=f"{name} is not odd")


def test_spec_of_unknown_name_lists_the_catalog():
    with pytest.raises(KeyError) as err:
        actlab.spec("nope")
    assert "nope" in str(err.value) and all(n in str(err.value) for n in actlab.names())
    with pytest.raises(KeyError):
        actlab.spec(["relu"])  # unhashable: still a KeyError, not a TypeError


@pytest.mark.parametrize("backend", BACKENDS)
def test_lookup_errors(backend):
    module = BACKENDS[backend]
    with pytest.raises(KeyError, match="nope"):
        module.get("nope")
    with pytest.raises(KeyError, match="nope"):
        module.grad("nope")
    with pytest.raises(TypeError, match="relu.*alpha"):
        module.get("relu", alpha=1.0)
    with pytest.raises(TypeError, match="negative_slop"):
        module.grad("leaky_relu", negative_slop=0.1)
    with pytest.raises(TypeError, match="beta"):
        module.get("softmax", beta=2.0)
    for name in NON_ELEMENTWISE:
        with pytest.raises(ValueError, match=name):
            module.grad(name)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", actlab.names())
def test_backends_export_every_name(backend, name):
    module = BACKENDS[backend]
    assert callable(getattr(module, name)) and name in module.__all__
    if name in ELEMENTWISE:
        assert callable(getattr(module, f"{name}_grad")) and f"{name}_grad" in module.__all__
    # parameters are accepted by get and grad with the catalog's names
    params = dict(actlab.spec(name).params)
    y = module.get(name, **params)(np.array([-1.0, 0.5]))
    assert tuple(y.shape) == output_shape(name, (2,))


def test_try_gpu_returns_a_usable_device():
    import torch

    from actlab import torch as atorch

    device = atorch.try_gpu()
    assert isinstance(device, torch.device)
    assert torch.ones(1, device=device).device.type == device.type


@pytest.mark.parametrize("table", [tables.properties_table, tables.api_table])
def test_tables_list_every_activation(table):
    text = table()
    lines = text.splitlines()
    assert len(lines) == 2 + len(actlab.names())
    for name in actlab.names():
        assert f"`{name}`" in text, name
    columns = {line.count(" | ") for line in lines if not line.startswith("|---")}
    assert len(columns) == 1, "every row has the same number of cells"
    assert table(["relu"]).count("\n") == 2


def test_a_key_paper_that_did_not_introduce_its_function_says_what_it_did():
    """tanh and softsign are older than their key papers: the table must not say 'introduced'."""
    roles = {name: actlab.spec(name).paper_role for name in actlab.names()}
    assert set(roles.values()) <= set(catalog.PAPER_ROLES)
    assert (roles["tanh"], roles["softsign"]) == ("recommended", "studied")
    text = tables.properties_table(["tanh", "softsign", "gelu"])
    assert "LeCun et al. (1998), recommended" in text and "Glorot et al. (2010), studied" in text
    assert "Hendrycks et al. (2016) |" in text
    with pytest.raises(ValueError, match="paper_role must be one of"):
        dataclasses.replace(actlab.spec("tanh"), paper_role="invented")
