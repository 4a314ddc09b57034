"""The explorers' computations in headless chromium against actlab's (fixtures in conftest).

The site computes live in the browser — every catalog activation and its derivative
(``activations.js``), the gradient flow of any network (``gradflow.js``), training
(``training.js``) — so these tests hold those computations to the library's:

* parity: f and f′ of every elementwise catalog activation, with default and extreme
  parameters, on the catalog's hard inputs (0, ±1e-8, kinks and their neighbours, ±30,
  ±1e3, ±1e30, the largest floats, ±inf, NaN) and the explorer's grid: relative error
  ≤ 1e-6 against :mod:`actlab.numpy`, exact where actlab gives 0, ±inf or NaN; and no
  catalog activation missing in JavaScript;
* gradient flow: the browser's recursion on the weights it drew gives
  :func:`actlab.gradflow.layer_gradient_norms` and ``activation_variances`` to 1e-9;
* agreement: the first ten full-batch Adam steps in the browser, from the same initial
  weights on the same data, give the losses of actlab's NumPy network
  (:class:`actlab.mlp.TwoLayerMLP` with torch.optim.Adam's update) and of
  :func:`actlab.train.mlp` trained by ``torch.optim.Adam`` in float64, to ≤ 1e-6 relative;
* speed: 1,000 Adam steps of a 1-32-1 network on 100 points, timed against the same
  steps in NumPy; while the playground trains, no main-thread task exceeds 50 ms;
* export: the playground's JSON weights, loaded by
  :func:`actlab.widgets.export.playground_network` (PyTorch), and the exported NumPy,
  PyTorch and TensorFlow snippets, run here, reproduce the page's outputs.

The measured errors and timings are printed in the "site" section of the test summary.
"""
from __future__ import annotations

import time

import numpy as np
import pytest
import torch
from playwright.sync_api import expect

import actlab
import built_site as bs
from actlab import data, gradflow, train
from actlab import numpy as anp
from actlab.mlp import TwoLayerMLP
from actlab.widgets import export
from actlab.widgets.derivative import GRID

HARNESS = "_static/explorers/harness.html"
#: the catalog's hard inputs (tests/lib/actlab_cases.MAGNITUDES), with both signs
MAGNITUDES = (0.0, 1e-8, 1.0, 3.0, 6.0, 30.0, 1e3, 1e30, np.inf)
RTOL = 1e-6
ADAM = {"betas": (0.9, 0.999), "eps": 1e-8}


@pytest.fixture
def lab(page):
    """A page with the explorer modules loaded (actlabActivations, actlabTraining, actlabGradientFlow)."""
    page.open(HARNESS)
    page.wait_for_function("window.actlabActivations && window.actlabTraining && window.actlabGradientFlow")
    yield page
    page.assert_clean()


def grid(name: str) -> np.ndarray:
    """±MAGNITUDES, ±(largest float)/2, the kinks of ``name`` and their neighbours (±1e-6
    relative), 64 N(0, 4²) points, the derivative explorer's grid, and NaN."""
    kinks = np.array(actlab.spec(name).kinks, dtype=float)
    offsets = 1e-6 * np.maximum(1.0, np.abs(kinks))
    big = np.finfo(np.float64).max
    values = {s * m for m in MAGNITUDES for s in (1.0, -1.0)} | {big / 2, -big / 2}
    values |= set(np.concatenate([kinks, kinks - offsets, kinks + offsets]).tolist())
    values |= set((4.0 * np.random.default_rng(0).standard_normal(64)).tolist()) | set(GRID.tolist())
    return np.append(np.array(sorted(values)), np.nan)


def param_cases(name: str) -> list[dict[str, float]]:
    """The defaults, then each parameter at the low and high end of its range and at a preset."""
    defaults = dict(actlab.spec(name).params)
    cases = [{}]
    for key in defaults:
        low, high, presets = export.param_ranges()[key]
        cases += [{key: value} for value in (low, high, presets[-1]) if value != defaults[key]]
    return cases


def relative_errors(ours: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """|ours − reference| / |reference|; 0 where both are equal (0, ±inf) or both NaN, inf where
    the reference is 0, ±inf or NaN and ours differs."""
    ours, reference = np.asarray(ours, dtype=float), np.asarray(reference, dtype=float)
    same = (ours == reference) | (np.isnan(ours) & np.isnan(reference))
    with np.errstate(divide="ignore", invalid="ignore"):
        err = np.abs(ours - reference) / np.abs(reference)
    err[~np.isfinite(reference) | (reference == 0)] = np.inf
    err[same] = 0.0
    return np.where(np.isnan(err), np.inf, err)


def test_the_browser_has_every_catalog_activation(lab):
    names = lab.evaluate("actlabActivations.names")
    assert names == actlab.names(elementwise=True), (
        "activations.js must define every elementwise catalog activation, in catalog order: "
        f"missing {sorted(set(actlab.names(elementwise=True)) - set(names))}, "
        f"extra {sorted(set(names) - set(actlab.names(elementwise=True)))}")
    for name in names:
        assert lab.evaluate("n => actlabActivations.defaults(n)", name) == dict(actlab.spec(name).params), name


PARITY_ERRORS: dict[str, float] = {}


@pytest.mark.parametrize("name", actlab.names(elementwise=True))
def test_browser_activations_match_actlab(lab, name, site_report):
    x = grid(name)
    worst = 0.0
    for params in param_cases(name):
        f, df = lab.evaluate("""([name, params, xs]) => [xs.map(actlabActivations.get(name, params)),
                                                         xs.map(actlabActivations.grad(name, params))]""",
                             [name, params, x.tolist()])
        for label, ours, reference in (("f", f, anp.get(name, **params)(x)), ("f'", df, anp.grad(name, **params)(x))):
            err = relative_errors(np.array(ours, dtype=float), reference)
            bad = np.flatnonzero(err > RTOL)
            assert not bad.size, (f"{name}{params} {label}: at x = {x[bad[:5]].tolist()} the browser gives "
                                  f"{np.array(ours, dtype=float)[bad[:5]].tolist()}, actlab {reference[bad[:5]].tolist()}")
            worst = max(worst, float(err.max()))
    PARITY_ERRORS[name] = worst
    if len(PARITY_ERRORS) == len(actlab.names(elementwise=True)):
        top = max(PARITY_ERRORS, key=PARITY_ERRORS.get)
        site_report.append(f"activations.js vs actlab.numpy: max relative error {PARITY_ERRORS[top]:.1e} ({top}) "
                           f"over {len(PARITY_ERRORS)} activations with their parameter ranges")


def test_browser_softmax_matches_actlab(lab):
    for z in ([2.0, 1.0, 0.1, -1.0], [1000.0, 0.0], [-1e3, 1e3, 3.0], [0.0]):
        p, logp = lab.evaluate("z => [actlabActivations.softmax(z), actlabActivations.logSoftmax(z)]", z)
        assert relative_errors(p, anp.softmax(np.array(z))).max() <= RTOL, z
        assert relative_errors(logp, anp.log_softmax(np.array(z))).max() <= RTOL, z


@pytest.mark.parametrize("activation, init", [("tanh", "glorot"), ("relu", "he"), ("selu", "lecun"),
                                              ("sigmoid", "small"), ("gelu", "glorot")])
def test_browser_gradient_flow_is_actlabs_recursion(lab, monkeypatch, activation, init):
    """On the input, weights and upstream gradient the browser drew, actlab.gradflow gives its numbers."""
    depth, width, samples = 6, 8, 5
    result = lab.evaluate("o => actlabGradientFlow.compute(o)", {
        "activation": activation, "init": init, "depth": depth, "width": width, "samples": samples,
        "seed": 3, "keep": True})
    drawn = (np.array(result["x"]).reshape(samples, width),
             [np.array(w).reshape(width, width) for w in result["weights"]],
             np.array(result["g"]).reshape(samples, width))
    monkeypatch.setattr(gradflow, "_setup", lambda *args: drawn)
    norms = gradflow.layer_gradient_norms(activation, depth, width, init, n_samples=samples)
    variances = gradflow.activation_variances(activation, depth, width, init, n_samples=samples)
    np.testing.assert_allclose(result["norms"], norms, rtol=1e-9)
    np.testing.assert_allclose(result["variances"], variances, rtol=1e-9)
    assert lab.evaluate("actlabGradientFlow.INITS") == list(gradflow.INITS)
    weights = np.array(lab.evaluate("""o => actlabGradientFlow.compute(o).weights[0]""", {
        "activation": activation, "init": init, "depth": 1, "width": 256, "samples": 2, "seed": 0, "keep": True}))
    assert weights.std() == pytest.approx(gradflow.init_std(init, 256), rel=0.02)


BLOCK_ERRORS: dict[str, float] = {}


@pytest.mark.parametrize("activation, init", [("tanh", "glorot"), ("relu", "he")])  # saturating, not saturating
def test_browser_residual_and_normalised_blocks_are_actlabs(lab, monkeypatch, site_report, activation, init):
    """Every (residual, norm) block, on the browser's own draws: actlab.gradflow's norms and variances to 1e-9."""
    depth, width, samples = 6, 8, 5
    assert lab.evaluate("actlabGradientFlow.NORMS") == list(gradflow.NORMS)
    worst = 0.0
    for residual in (False, True):
        for norm in gradflow.NORMS:
            result = lab.evaluate("o => actlabGradientFlow.compute(o)", {
                "activation": activation, "init": init, "residual": residual, "norm": norm, "depth": depth,
                "width": width, "samples": samples, "seed": 5, "keep": True})
            drawn = (np.array(result["x"]).reshape(samples, width),
                     [np.array(w).reshape(width, width) for w in result["weights"]],
                     np.array(result["g"]).reshape(samples, width))
            monkeypatch.setattr(gradflow, "_setup", lambda *args: drawn)
            block = {"residual": residual, "norm": norm, "n_samples": samples}
            expected = {"norms": gradflow.layer_gradient_norms(activation, depth, width, init, **block),
                        "variances": gradflow.activation_variances(activation, depth, width, init, **block)}
            for key, reference in expected.items():
                np.testing.assert_allclose(result[key], reference, rtol=1e-9,
                                           err_msg=f"{activation}, residual={residual}, norm={norm}: {key}")
                worst = max(worst, float(relative_errors(np.array(result[key]), reference).max()))
    BLOCK_ERRORS[activation] = worst
    if len(BLOCK_ERRORS) == 2:
        site_report.append("gradflow.js vs actlab.gradflow, every residual × norm block, max relative error: "
                           + ", ".join(f"{k} {v:.1e}" for k, v in BLOCK_ERRORS.items()))


def test_a_deep_wide_network_computes_in_the_worker_without_freezing_the_page(page, site_report):
    """Depth 100, width 512, 64 samples, each normalisation, in gradflow.js's Web Worker: finite
    norms and variances, and no task of the page's main thread over 50 ms meanwhile."""
    page.add_init_script(LONGTASKS)
    page.open(HARNESS)
    page.wait_for_function("""() => [...document.querySelectorAll('.actlab-explorer')].every(e =>
        e.querySelector('.actlab-readout') && e.querySelector('.actlab-readout').childElementCount > 0 &&
        !e.hasAttribute('aria-busy'))""")  # the harness's own explorers have drawn
    timings = {}
    for norm in gradflow.NORMS:
        started = page.evaluate("performance.now()")
        result = page.evaluate("""o => new Promise((resolve, reject) => {
            const worker = new Worker("gradflow.js"), start = performance.now();
            worker.onmessage = e => { worker.terminate(); e.data.error ? reject(new Error(e.data.error))
                                      : resolve({norms: e.data.norms, variances: e.data.variances,
                                                 seconds: (performance.now() - start) / 1000}); };
            worker.onerror = e => reject(new Error(e.message));
            worker.postMessage(o);
        })""", {"id": 1, "activation": "relu", "init": "he", "residual": True, "norm": norm, "depth": 100,
                "width": 512, "samples": 64, "seed": 0})
        stopped = page.evaluate("performance.now()")
        assert len(result["norms"]) == len(result["variances"]) == 100
        profile = np.array([result["norms"], result["variances"]], dtype=float)  # large integral values come as int
        assert np.all(np.isfinite(profile) & (profile > 0)), f"norm={norm}: {profile}"
        long = [t for t in page.evaluate("window.__longtasks") if started <= t[0] <= stopped]
        assert not long, f"norm={norm}: main-thread tasks over 50 ms while the worker computed: {long}"
        timings[norm] = result["seconds"]
    site_report.append("gradflow.js worker, relu/he residual, depth 100 × width 512, 64 samples: "
                       + ", ".join(f"norm={k} {v:.1f} s" for k, v in timings.items()))
    page.assert_clean()


# ------------------------------------------------------------------ agreement with actlab's training

def browser_losses(lab, X, y, task, layers, activations, weights, loss="mse", lr=0.01, l2=0.0, steps=10):
    return lab.evaluate("""o => {
        const T = actlabTraining;
        const t = new T.Trainer(T.dataset({X: o.X, y: o.y, task: o.task}),
                                {layers: o.layers, activations: o.activations, weights: o.weights,
                                 loss: o.loss, lr: o.lr, l2: o.l2});
        const out = [];
        for (let i = 0; i < o.steps; i++) out.push(t.step());
        return out;
    }""", {"X": np.asarray(X, dtype=float).tolist(), "y": np.asarray(y, dtype=float).ravel().tolist(),
           "task": task, "layers": layers, "activations": activations, "weights": weights, "loss": loss,
           "lr": lr, "l2": l2, "steps": steps})


def numpy_adam_losses(net: TwoLayerMLP, X, Y, lr: float, steps: int) -> list[float]:
    """Full-batch Adam on TwoLayerMLP's analytic gradients, with torch.optim.Adam's update."""
    (b1, b2), eps = ADAM["betas"], ADAM["eps"]
    m = {k: np.zeros_like(v) for k, v in net.params.items()}
    v = {k: np.zeros_like(p) for k, p in net.params.items()}
    losses = []
    for t in range(1, steps + 1):
        loss, grads = net.loss_and_grads(X, Y)
        losses.append(loss)
        for k, p in net.params.items():
            m[k] = b1 * m[k] + (1 - b1) * grads[k]
            v[k] = b2 * v[k] + (1 - b2) * grads[k] ** 2
            p -= (lr / (1 - b1 ** t)) * m[k] / (np.sqrt(v[k]) / np.sqrt(1 - b2 ** t) + eps)
    return losses


def standardised(X: np.ndarray) -> np.ndarray:
    return (X - X.mean(axis=0)) / X.std(axis=0)


AGREEMENT: dict[str, float] = {}


def record_agreement(site_report, label: str, ours, reference) -> None:
    err = float(np.max(np.abs(np.array(ours) - np.array(reference)) / np.abs(np.array(reference))))
    assert err <= RTOL, f"{label}: browser {ours} vs actlab {reference}"
    AGREEMENT[label] = err
    if len(AGREEMENT) == 6:
        site_report.append("browser training vs actlab, first 10 Adam losses, max relative error: "
                           + ", ".join(f"{k} {v:.1e}" for k, v in AGREEMENT.items()))


@pytest.mark.parametrize("activation", ["relu", "tanh", "gelu"])
def test_browser_training_agrees_with_actlab_numpy(lab, site_report, activation):
    """x·sin(x), 1-32-1, MSE: TwoLayerMLP's initial weights in both; NumPy does Adam by hand."""
    x, y = data.xsin()
    X, Y = x.astype(float), y.astype(float)
    net = TwoLayerMLP(1, 32, 1, activation=activation, seed=0)
    p = net.params
    weights = [{"W": p["W1"].tolist(), "b": p["b1"].tolist()}, {"W": p["W2"].tolist(), "b": p["b2"].tolist()}]
    ours = browser_losses(lab, X, Y, "regression", [32], [activation], weights)
    record_agreement(site_report, f"NumPy {activation}", ours, numpy_adam_losses(net, standardised(X), Y, 0.01, 10))


def torch_adam_losses(model, X, Y, loss_fn, lr, steps, l2=0.0) -> list[float]:
    """Full-batch torch.optim.Adam in float64; weight decay λ on the weight matrices only, and
    the reported loss includes (λ/2)·Σ‖W‖² (the browser's L2)."""
    weights = [p for name, p in model.named_parameters() if name.endswith("weight")]
    biases = [p for name, p in model.named_parameters() if name.endswith("bias")]
    optimizer = torch.optim.Adam([{"params": weights, "weight_decay": l2}, {"params": biases}], lr=lr, **ADAM)
    Xt, Yt = torch.tensor(X), torch.tensor(Y)
    losses = []
    for _ in range(steps):
        loss = loss_fn(model(Xt), Yt)
        penalty = 0.5 * l2 * sum(float((w.detach() ** 2).sum()) for w in weights)
        losses.append(float(loss.detach()) + penalty)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses


def torch_weights(model) -> list[dict]:
    return [{"W": m.weight.detach().T.tolist(), "b": m.bias.detach().tolist()}
            for m in model if isinstance(m, torch.nn.Linear)]


@pytest.mark.parametrize("activations, loss, l2", [(["relu"], "mse", 0.0), (["tanh", "relu"], "ce", 0.0),
                                                   (["elu", "silu"], "ce", 0.01)])
def test_browser_training_agrees_with_actlab_pytorch(lab, site_report, activations, loss, l2):
    """actlab.train.mlp (one catalog activation per layer) in float64 with torch.optim.Adam."""
    torch.manual_seed(0)
    if loss == "mse":
        x, y = data.xsin()
        X, Y, task, n_in = x.astype(float), y.astype(float), "regression", 1
        loss_fn = torch.nn.functional.mse_loss
    else:  # the browser's two spirals, labels 0/1
        points = lab.evaluate("actlabTraining.dataset({kind: 'spirals', noise: 0.1, seed: 0}).train")
        X, Y, task, n_in = np.array(points["X"]), np.array(points["y"], dtype=float)[:, None], "classification", 2
        loss_fn = torch.nn.functional.binary_cross_entropy_with_logits
    model = train.mlp(n_in, [8] * len(activations), 1, activations[0]).double()
    for i, name in enumerate(activations):  # one activation per hidden layer, as the playground allows
        model[2 * i + 1] = train.CatalogActivation(name)
    ours = browser_losses(lab, X, Y, task, [8] * len(activations), activations, torch_weights(model),
                          loss=loss, lr=0.03, l2=l2)
    reference = torch_adam_losses(model, standardised(X), Y, loss_fn, 0.03, 10, l2)
    record_agreement(site_report, f"PyTorch {'+'.join(activations)} {loss}{' L2' if l2 else ''}", ours, reference)


# ------------------------------------------------------------------ speed and responsiveness

@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_a_thousand_adam_steps_take_well_under_a_second(lab, site_report, activation):
    """1,000 full-batch Adam steps of 1-32-1 on 100 points, in the browser and in NumPy."""
    x, y = data.xsin()
    seconds = lab.evaluate("""o => {
        const T = actlabTraining;
        const t = new T.Trainer(T.dataset({X: o.X, y: o.y, task: "regression"}),
                                {layers: [32], activations: [o.act], lr: 0.01, seed: 0});
        t.step();  // compile the hot loops first
        const start = performance.now();
        for (let i = 0; i < 1000; i++) t.step();
        return (performance.now() - start) / 1000;
    }""", {"X": x.astype(float).tolist(), "y": y.astype(float).ravel().tolist(), "act": activation})
    X = standardised(x.astype(float))
    net = TwoLayerMLP(1, 32, 1, activation=activation, seed=0)
    numpy_adam_losses(net, X, y.astype(float), 0.01, 1)
    start = time.perf_counter()
    numpy_adam_losses(net, X, y.astype(float), 0.01, 1000)
    numpy_seconds = time.perf_counter() - start
    site_report.append(f"1000 Adam steps 1-32-1 on 100 points, {activation}: browser {seconds * 1000:.0f} ms, "
                       f"NumPy {numpy_seconds * 1000:.0f} ms (browser/NumPy {seconds / numpy_seconds:.2f})")
    assert seconds < 1.0, f"1000 steps took {seconds:.2f} s in the browser"


LONGTASKS = """
    window.__longtasks = [];
    new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]); })
        .observe({type: "longtask", buffered: true});
"""


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_the_playground_trains_without_freezing_the_page(page, site_report, activation):
    """Spirals, two hidden layers: training runs (in the playground's Web Worker), no task of the
    page's main thread takes over 50 ms while it does; a screenshot of the playground mid-training goes to test-artifacts/screenshots/."""
    page.add_init_script(LONGTASKS)
    state = f"data:spirals,noise:0.1,test:0.2,layers:2,width:16,act:{activation},lr:0.03,loss:ce"
    page.open(f"{HARNESS}?playground={state}")
    root = page.locator('div.actlab-explorer[data-explorer="playground"]')
    expect(root.locator('[data-value="status"]')).to_contain_text("step 0")
    started = page.evaluate("performance.now()")
    root.locator('button[name="play"]').click()
    page.wait_for_timeout(3000)
    stopped = page.evaluate("performance.now()")
    root.locator('button[name="play"]').click()
    expect(root).not_to_have_attribute("aria-busy", "true")
    steps = int(root.locator('[data-value="status"]').inner_text().split(":")[0].split()[1])
    long = [t for t in page.evaluate("window.__longtasks") if started <= t[0] <= stopped]
    bs.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    root.screenshot(path=bs.SCREENSHOTS / f"playground-spirals-{activation}.png")
    site_report.append(f"playground, spirals, 2×16 {activation}: {steps} steps in 3 s of play, "
                       f"{len(long)} main-thread tasks over 50 ms")
    assert steps > 500, f"only {steps} steps in 3 s"
    assert not long, f"main-thread tasks over 50 ms while training ([start, duration] in ms): {long}"
    page.assert_clean()


# ------------------------------------------------------------------ export

def test_exported_network_reproduces_the_page(page):
    state = "data:spirals,layers:2,width:8,act:relu~tanh,lr:0.03,test:0"
    page.open(f"{HARNESS}?playground={state}")
    root = page.locator('div.actlab-explorer[data-explorer="playground"]')
    expect(root.locator('[data-value="status"]')).to_contain_text("step 0")
    for _ in range(20):
        root.locator('button[name="step"]').click()
    page.wait_for_function("""() => { const e = actlabExplorers.mounted.find(e => e.kind === "playground");
        return e.trainer.steps === 20 && !e.root.hasAttribute("aria-busy"); }""")
    root.locator("summary", has_text="export").click()
    outputs = page.evaluate("""() => {
        const t = actlabExplorers.mounted.find(e => e.kind === "playground").trainer;
        const X = t.data.train.X;
        return {X: X, out: Array.from(t.outputsAt(X).pop()), steps: t.steps};
    }""")
    assert outputs["steps"] == 20
    root.locator('button[name="export-json"]').click()
    exported = root.locator('textarea[name="export"]').input_value()
    model = export.playground_network(exported)
    with torch.no_grad():
        ours = model(torch.tensor(outputs["X"], dtype=torch.float64)).numpy().ravel()
    np.testing.assert_allclose(ours, outputs["out"], rtol=1e-9, atol=1e-12)
    root.locator('button[name="export-numpy"]').click()
    snippet = root.locator('textarea[name="export"]').input_value()
    scope: dict = {}
    exec(compile(snippet, "<exported NumPy snippet>", "exec"), scope)
    np.testing.assert_allclose(scope["predict"](outputs["X"]).ravel(), outputs["out"], rtol=1e-9, atol=1e-12)
    root.locator('button[name="export-tensorflow"]').click()
    snippet = root.locator('textarea[name="export"]').input_value()
    scope = {}
    exec(compile(snippet, "<exported TensorFlow snippet>", "exec"), scope)
    np.testing.assert_allclose(scope["predict"](outputs["X"]).ravel(), outputs["out"], rtol=1e-9, atol=1e-12)
    root.locator('button[name="export-pytorch"]').click()
    snippet = root.locator('textarea[name="export"]').input_value()
    scope = {}
    exec(compile(snippet, "<exported PyTorch snippet>", "exec"), scope)
    with torch.no_grad():
        ours = scope["model"](torch.tensor(outputs["X"], dtype=torch.float64)).numpy().ravel()
    np.testing.assert_allclose(ours, outputs["out"], rtol=1e-9, atol=1e-12)
    with pytest.raises(ValueError, match="not a network the playground exported"):
        export.playground_network("{}")
    page.assert_clean()


def test_csv_points_and_hidden_controls(page):
    page.open(f"{HARNESS}?playground=hide:lr~data,layers:1")
    root = page.locator('div.actlab-explorer[data-explorer="playground"]')
    expect(root.locator('[data-value="status"]')).to_contain_text("step 0")
    expect(root.locator('input[name="lr"]')).to_be_hidden()
    expect(root.locator('select[name="data"]')).to_be_hidden()
    expect(root.locator('input[name="width"]')).to_be_visible()
    root.locator("summary", has_text="CSV").click()
    root.locator('textarea[name="csv"]').fill("x1,x2,label\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n0.5,0.2,0")
    root.locator('button[name="load-csv"]').click()
    expect(root.locator('[data-value="status"]')).to_contain_text("(4 training, 1 test points)")
    assert "~0_0_0~1_1_1~0_1_1~1_0_0~0.5_0.2_0" in root.get_attribute("data-state")
    root.locator('textarea[name="csv"]').fill("1,2\n3,oops\n")
    root.locator('button[name="load-csv"]').click()
    expect(root.locator('[data-value="status"]')).to_contain_text('CSV line 2 ("3,oops") is not a row of numbers')
    page.assert_clean()
