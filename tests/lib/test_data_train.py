"""actlab.data, actlab.train and the gpu-cell runner (actlab.gpucells)."""
from __future__ import annotations

import numpy as np
import nbformat
import pytest
import torch

from actlab import catalog, data, gpucells, train

CPU = "cpu"


# --------------------------------------------------------------------------- data


def test_xsin_shapes_dtypes_and_grid():
    x, y = data.xsin()
    assert x.shape == y.shape == (100, 1) and x.dtype == y.dtype == np.float32
    np.testing.assert_allclose(x.ravel(), np.linspace(-10, 10, 100), rtol=1e-6)


def test_xsin_noise_statistics_and_determinism():
    x, y = data.xsin(n=20000, noise=0.2)
    residual = y.ravel() - data.xsin_target(x.ravel())
    assert abs(residual.std() - 0.2) < 0.005 and abs(residual.mean()) < 0.01
    np.testing.assert_array_equal(data.xsin(seed=3)[1], data.xsin(seed=3)[1])
    assert not np.array_equal(data.xsin(seed=3)[1], data.xsin(seed=4)[1])
    assert 13.0 < float(data.xsin()[1].var()) < 15.0  # the Var(y) the docstring states


@pytest.mark.parametrize("kwargs", [{"n": 0}, {"n": 2.5}, {"noise": -1.0}, {"noise": float("nan")},
                                    {"low": 1.0, "high": 1.0}])
def test_xsin_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="xsin"):
        data.xsin(**kwargs)


def test_digits_split_is_scaled_stratified_and_seeded():
    X_train, X_test, y_train, y_test = data.digits()
    assert X_train.shape == (1347, 64) and X_test.shape == (450, 64)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int64
    assert X_train.min() >= 0.0 and X_train.max() <= 1.0
    np.testing.assert_allclose(np.bincount(y_test) / len(y_test), np.bincount(y_train) / len(y_train), atol=0.01)
    np.testing.assert_array_equal(data.digits(seed=1)[3], data.digits(seed=1)[3])
    with pytest.raises(ValueError, match="test_size"):
        data.digits(test_size=1.5)


def test_sequence_tasks():
    X, y = data.adding_problem(n=64, length=10, seed=1)
    assert X.shape == (64, 10, 2) and y.shape == (64, 1)
    assert np.all(X[..., 1].sum(axis=1) == 2)
    np.testing.assert_allclose(y.ravel(), (X[..., 0] * X[..., 1]).sum(axis=1), rtol=1e-6)
    bits, odd = data.parity(n=50, length=6)
    assert bits.shape == (50, 6, 1) and odd.dtype == np.int64
    np.testing.assert_array_equal(odd, bits.sum(axis=(1, 2)).astype(int) % 2)
    with pytest.raises(ValueError, match="length"):
        data.adding_problem(length=1)


def test_implicit_feedback_density_and_ids():
    pairs, labels = data.implicit_feedback(n_users=50, n_items=40, density=0.3, seed=2)
    assert pairs.shape == (2000, 2) and pairs.dtype == np.int64 and labels.dtype == np.float32
    assert len({tuple(p) for p in pairs}) == 2000
    assert abs(labels.mean() - 0.3) < 0.05
    with pytest.raises(ValueError, match="density"):
        data.implicit_feedback(density=0.0)


# --------------------------------------------------------------------------- models


@pytest.mark.parametrize("name", catalog.names(elementwise=True))
def test_mlp_uses_every_elementwise_catalog_activation(name):
    torch.manual_seed(0)
    net = train.mlp(3, [5, 4], 2, name)
    assert [type(m).__name__ for m in net] == ["Linear", "CatalogActivation"] * 2 + ["Linear"]
    assert net(torch.randn(7, 3)).shape == (7, 2)


@pytest.mark.parametrize("args", [(0, [4], 1, "relu"), (1, 4, 1, "relu"), (1, [0], 1, "relu"),
                                  (1, [4], 1, "softmax"), (1, [4], 1, "nope")])
def test_mlp_rejects_bad_arguments(args):
    with pytest.raises(ValueError, match="mlp"):
        train.mlp(*args)


# --------------------------------------------------------------------------- fit_xsin


def test_fit_xsin_reaches_the_noise_floor_region():
    result = train.fit_xsin("tanh", width=64, lr=0.03, steps=600, device=CPU)
    assert result.final_loss < 0.1, result.final_loss  # Var(y) ≈ 14, noise floor 0.04
    assert result.losses[0][0] == 0 and result.losses[0][1] > 5
    assert result.predict(np.array([0.0, 5.0])).shape == (2, 1)
    assert result.summary()["device"] == "cpu" and result.seconds > 0


def test_fit_xsin_is_deterministic_and_leaves_the_global_rng_alone():
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    a = train.fit_xsin(steps=100, device=CPU, seed=5)
    assert torch.equal(torch.rand(1), before)
    b = train.fit_xsin(steps=100, device=CPU, seed=5)
    assert a.losses == b.losses and a.final_loss == b.final_loss
    assert train.fit_xsin(steps=100, device=CPU, seed=6).final_loss != a.final_loss


def test_fit_xsin_callback_can_stop_early():
    seen = []

    def callback(step, loss, model):
        seen.append(step)
        return step < 20

    result = train.fit_xsin(steps=1000, report_every=10, callback=callback, device=CPU)
    assert seen == [0, 10, 20] and [s for s, _ in result.losses] == seen


@pytest.mark.parametrize("kwargs", [{"activation": "softmax"}, {"width": 0}, {"lr": -1.0},
                                    {"steps": 0}, {"report_every": 0}])
def test_fit_xsin_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="fit_xsin"):
        train.fit_xsin(**kwargs)


# --------------------------------------------------------------------------- classifiers


@pytest.fixture(scope="module")
def digits():
    return data.digits()


def test_fit_classifier_on_digits(digits):
    X_train, X_test, y_train, y_test = digits

    def fit():
        return train.fit_classifier(lambda: train.mlp(64, [32], 10, "relu"), X_train, y_train,
                                    X_test, y_test, epochs=40, lr=0.01, seed=1, device=CPU)

    a, b = fit(), fit()
    assert a.val_accuracy > 0.9 and a.epochs_to_target is not None
    assert a.history == b.history
    assert a.predict(X_test).shape == (450,) and np.allclose(a.predict_proba(X_test[:3]).sum(axis=1), 1)
    assert np.mean(a.predict(X_test) == y_test) == pytest.approx(a.val_accuracy)


def test_fit_classifier_binary_minibatch_with_embeddings():
    pairs, labels = data.implicit_feedback(n_users=30, n_items=20, seed=0)

    class Dot(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.u, self.i = torch.nn.Embedding(30, 4), torch.nn.Embedding(20, 4)

        def forward(self, p):
            return (self.u(p[:, 0]) * self.i(p[:, 1])).sum(dim=1)

    result = train.fit_classifier(Dot, pairs[:500], labels[:500], pairs[500:], labels[500:],
                                  epochs=3, batch_size=64, device=CPU, target=0.5)
    assert result.predict_proba(pairs[:5]).shape == (5,)
    assert 0.0 <= result.val_accuracy <= 1.0 and len(result.history) == 3


def test_fit_classifier_rejects_bad_arguments(digits):
    X_train, X_test, y_train, y_test = digits
    build = lambda: train.mlp(64, [8], 10, "relu")  # noqa: E731
    with pytest.raises(ValueError, match="equal length"):
        train.fit_classifier(build, X_train, y_train[:-1], X_test, y_test)
    with pytest.raises(ValueError, match="target"):
        train.fit_classifier(build, X_train, y_train, X_test, y_test, target=1.5)
    with pytest.raises(ValueError, match="epochs"):
        train.fit_classifier(build, X_train, y_train, X_test, y_test, epochs=0)


def test_fit_classifier_keras_is_deterministic(digits):
    X_train, X_test, y_train, y_test = digits

    def fit():
        return train.fit_classifier_keras(lambda: train.keras_mlp(64, [16], 10, "gelu"), X_train, y_train,
                                          X_test, y_test, epochs=30, lr=0.02, seed=0)

    a, b = fit(), fit()
    assert a.history == b.history and a.val_accuracy > 0.85
    assert a.device in {"CPU", "GPU"} and a.predict(X_test[:4]).shape == (4,)


# --------------------------------------------------------------------------- gpu-cell runner


def _notebook(*cells):
    nb = nbformat.v4.new_notebook()
    for source, tags in cells:
        cell = nbformat.v4.new_markdown_cell(source) if tags is None else nbformat.v4.new_code_cell(source)
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    return nb


def test_runner_selects_first_setup_and_gpu_cells():
    nb = _notebook(("# title", None), ("import actlab", []), ("x = 1", []), ("data = 2", ["gpu-setup"]),
                   ("plot()", []), ("GPU_RESULT = {}", ["gpu", "nbval-ignore-output"]), ("", []))
    assert gpucells.select_cells(nb) == [1, 3, 5]
    assert gpucells.select_cells(_notebook(("import actlab", []), ("x", ["gpu-setup"]))) == []


def test_runner_reports_results_and_failures(tmp_path, capsys):
    good = tmp_path / "good.ipynb"
    nbformat.write(_notebook(("import actlab\nA = 2", []), ("never = 1/0", []), ("B = A + 1", ["gpu-setup"]),
                             ("assert B == 3\nGPU_RESULT = {'device': 'cpu', 'final_loss': 0.5}", ["gpu"])), good)
    assert gpucells.main([str(good)]) == 0
    out = capsys.readouterr().out
    assert "device=cpu" in out and "final_loss=0.5" in out and "1 gpu cells, 0 failed" in out
    assert gpucells.main([str(good), "--require-gpu"]) == 1
    bad = tmp_path / "bad.ipynb"
    nbformat.write(_notebook(("import actlab", []), ("assert False, 'did not converge'", ["gpu"]),
                             ("x = 1", ["gpu"])), bad)
    assert gpucells.main([str(bad)]) == 1
    assert "did not converge" in capsys.readouterr().out


# --------------------------------------------------------------------------- batched sweeps, keras callback, reporting


def test_fit_xsin_batch_matches_separate_fits():
    batch = train.fit_xsin_batch("tanh", widths=(2, 8), seeds=(0, 1), lr=0.01, steps=200, device=CPU)
    assert sorted(batch) == [(2, 0), (2, 1), (8, 0), (8, 1)]
    for (width, seed), result in batch.items():
        single = train.fit_xsin("tanh", width=width, seed=seed, lr=0.01, steps=200, device=CPU)
        assert result.losses[0] == pytest.approx(single.losses[0], rel=1e-6)   # same initial weights
        assert result.final_loss == pytest.approx(single.final_loss, rel=1e-3)
        np.testing.assert_allclose(result.predict([0.5, 3.0]), single.predict([0.5, 3.0]), rtol=1e-3, atol=1e-4)
    with pytest.raises(ValueError, match="without repeats"):
        train.fit_xsin_batch(widths=(4, 4))


def test_fit_classifier_keras_callback_stops_early(digits):
    X_train, X_test, y_train, y_test = digits
    seen = []
    result = train.fit_classifier_keras(lambda: train.keras_mlp(64, [8], 10, "relu"), X_train, y_train, X_test,
                                        y_test, epochs=10, callback=lambda e, rec, m: seen.append(e) or e < 2)
    assert seen == [1, 2] and len(result.history) == 2


def test_mean_std_and_results_table():
    assert train.mean_std([1.0, 1.0, 1.0]) == "1 ± 0"
    assert train.mean_std([2, None, 4]) == "3 ± 1.4 (1 never)"
    assert train.mean_std([None, None]) == "never (2/2)"
    table = train.results_table(["a", "|b|"], [[1, "x|y"]])
    assert repr(table) == table._repr_markdown_() == "| a | \\|b\\| |\n|---|---|\n| 1 | x\\|y |"
    with pytest.raises(ValueError, match="every row"):
        train.results_table(["a"], [[1, 2]])


def test_make_reproducible_configures_torch_and_returns_a_device():
    threads, deterministic = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()
    try:
        device = train.make_reproducible(seed=3, threads=1)
        assert isinstance(device, torch.device) and torch.get_num_threads() == 1
        assert torch.are_deterministic_algorithms_enabled()
        first = torch.rand(2)
        train.make_reproducible(seed=3, threads=1)
        assert torch.equal(first, torch.rand(2))
        with pytest.raises(ValueError, match="threads"):
            train.make_reproducible(threads=0)
    finally:
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(deterministic)


def test_moons_are_standardised_labelled_and_seeded():
    X, y = data.moons()
    assert X.shape == (200, 2) and set(np.unique(y)) == {0, 1}
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(X.std(axis=0), 1)
    np.testing.assert_array_equal(X, data.moons()[0])
    assert not np.array_equal(X, data.moons(seed=1)[0])
