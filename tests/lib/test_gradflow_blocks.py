"""Gradient flow through residual and normalised blocks, h_l = [h_{l-1} +] f(N(h_{l-1} W_l)):
the hand-written backward pass against PyTorch's autograd with its own layer_norm/batch_norm,
and the measurements chapter 6b's text relies on."""
from __future__ import annotations

import numpy as np
import pytest

from actlab import gradflow

SMALL = dict(depth=6, width=16, n_samples=32)


@pytest.mark.parametrize("norm", list(gradflow.NORMS))
@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("activation, init", [("tanh", "glorot"), ("relu", "he"), ("gelu", "he")])
def test_hand_written_norms_equal_torch_autograd(activation, init, residual, norm):
    ours = gradflow.layer_gradient_norms(activation, init=init, residual=residual, norm=norm, **SMALL)
    theirs = gradflow.layer_gradient_norms_torch(activation, init=init, residual=residual, norm=norm,
                                                 device="cpu", **SMALL)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9)


def test_the_switches_change_the_network():
    """Each switch alters the numbers (a switch that were ignored would pass the autograd test)."""
    profiles = {(r, n): gradflow.layer_gradient_norms("tanh", residual=r, norm=n, **SMALL)
                for r in (False, True) for n in gradflow.NORMS}
    values = [tuple(np.round(p, 12)) for p in profiles.values()]
    assert len(set(values)) == len(values)


@pytest.mark.parametrize("norm", ["layer", "batch"])
def test_normalise_gives_zero_mean_unit_variance_and_its_backward_is_the_jacobian(norm):
    rng = np.random.default_rng(0)
    z = 3.0 + 2.0 * rng.standard_normal((8, 5))
    out, sigma = gradflow.normalise(z, norm)
    axis = gradflow.NORMS[norm]
    np.testing.assert_allclose(out.mean(axis=axis), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=axis), 1.0, rtol=1e-4)  # ε = 1e-5 in the variance
    u = rng.standard_normal(z.shape)
    analytic = gradflow.normalise_backward(u, out, sigma, norm)
    h = 1e-6
    numeric = np.empty_like(z)
    for index in np.ndindex(z.shape):
        step = np.zeros_like(z)
        step[index] = h
        numeric[index] = np.sum(u * (gradflow.normalise(z + step, norm)[0]
                                     - gradflow.normalise(z - step, norm)[0])) / (2 * h)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


def ratio(activation, init, depth=50, **block):
    norms = gradflow.layer_gradient_norms(activation, depth, 64, init, n_samples=128, **block)
    return norms[0] / norms[-1]


def test_residual_and_layernorm_make_the_activation_matter_less():
    """Plain, sigmoid's gradient vanishes by > 20 orders of magnitude over 50 layers; with an identity
    skip and LayerNorm the first/last ratio is within a factor 10 for sigmoid, tanh and ReLU alike."""
    assert ratio("sigmoid", "glorot") < 1e-20
    for activation, init in (("sigmoid", "glorot"), ("tanh", "glorot"), ("relu", "he")):
        assert 0.1 < ratio(activation, init, residual=True, norm="layer") < 10, activation


def test_batchnorm_without_skip_explodes_relu_gradients_and_a_plain_skip_explodes_the_signal():
    assert ratio("relu", "he", norm="batch") > 1e3
    variances = gradflow.activation_variances("relu", 50, 64, "he", residual=True, n_samples=128)
    assert variances[-1] > 1e15  # He's variance doubles per residual ReLU block without a norm


def test_bad_switches_raise_clear_errors():
    with pytest.raises(ValueError, match="gradient flow: unknown normalisation 'group'; choose one of none, layer, batch"):
        gradflow.layer_gradient_norms("relu", norm="group")
