"""The hand-written backprop of ``TwoLayerMLP`` and ``gradflow``, against finite differences and autograd."""
from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from actlab import gradflow
from actlab import numpy as anp
from actlab import torch as atorch
from actlab.mlp import LOSSES, PARAM_NAMES, TwoLayerMLP, gradient_check
from actlab_cases import ELEMENTWISE

N, D, H, O = 8, 3, 5, 3


def _problem(loss: str, seed: int = 0):
    """Inputs and targets suited to ``loss``: real values, one-hot rows, or 0/1 labels."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, D))
    if loss == "cross_entropy":
        Y = np.eye(O)[rng.integers(0, O, N)]
    elif loss == "binary_cross_entropy":
        Y = rng.integers(0, 2, (N, O)).astype(float)
    else:
        Y = rng.standard_normal((N, O))
    return X, Y


#: the same losses written with PyTorch's own functions
TORCH_LOSSES = {
    "mse": lambda y_hat, y: F.mse_loss(y_hat, y),
    "cross_entropy": lambda y_hat, y: -(y * torch.log_softmax(y_hat, dim=1)).sum() / y.shape[0],
    "binary_cross_entropy": lambda y_hat, y: F.binary_cross_entropy_with_logits(y_hat, y),
}


def test_the_torch_losses_cover_the_mlp_losses():
    assert set(TORCH_LOSSES) == set(LOSSES)


@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("activation", ELEMENTWISE)
def test_backprop_passes_gradient_check(activation, loss):
    net = TwoLayerMLP(D, H, O, activation=activation, loss=loss, seed=1)
    X, Y = _problem(loss)
    errors = gradient_check(net, X, Y)
    assert set(errors) == set(PARAM_NAMES)
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("activation", ELEMENTWISE)
def test_backprop_equals_torch_autograd(activation, loss):
    net = TwoLayerMLP(D, H, O, activation=activation, loss=loss, seed=2)
    X, Y = _problem(loss, seed=3)
    ours_loss, ours = net.loss_and_grads(X, Y)
    p = {k: torch.tensor(v, requires_grad=True) for k, v in net.params.items()}
    hidden = atorch.get(activation)(torch.tensor(X) @ p["W1"] + p["b1"])
    theirs_loss = TORCH_LOSSES[loss](hidden @ p["W2"] + p["b2"], torch.tensor(Y))
    theirs_loss.backward()
    assert ours_loss == pytest.approx(theirs_loss.item(), rel=1e-12)
    # float32's eps: PyTorch's float64 hardsigmoid backward multiplies by 1/6 as a float32 constant
    rtol = float(np.finfo(np.float32).eps)
    for name in PARAM_NAMES:
        np.testing.assert_allclose(ours[name], p[name].grad.numpy(), rtol=rtol, atol=1e-15, err_msg=name)


def test_training_reduces_the_loss():
    net = TwoLayerMLP(D, 16, O, activation="tanh", loss="mse", seed=0)
    X, Y = _problem("mse")
    first = net.step(X, Y, lr=0.1)
    for _ in range(200):
        last = net.step(X, Y, lr=0.1)
    assert last < 0.5 * first


def test_mlp_rejects_bad_configuration_and_shapes():
    with pytest.raises(ValueError, match="elementwise"):
        TwoLayerMLP(2, 3, 1, activation="softmax")
    with pytest.raises(ValueError, match="loss"):
        TwoLayerMLP(2, 3, 1, loss="hinge")
    with pytest.raises(KeyError):
        TwoLayerMLP(2, 3, 1, activation="nope")
    net = TwoLayerMLP(2, 3, 1)
    with pytest.raises(ValueError, match="shape"):
        net.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match="shape"):
        net.loss_and_grads(np.ones((4, 2)), np.ones((4, 2)))


# --------------------------------------------------------------------------- gradient flow
SMALL = dict(depth=8, width=32, n_samples=64)


@pytest.mark.parametrize("activation, init", [("sigmoid", "glorot"), ("tanh", "glorot"), ("relu", "he"),
                                              ("selu", "lecun"), ("gelu", "he"), ("leaky_relu", "small")])
def test_hand_written_norms_equal_torch_autograd(activation, init):
    ours = gradflow.layer_gradient_norms(activation, init=init, **SMALL)
    theirs = gradflow.layer_gradient_norms_torch(activation, init=init, device="cpu", **SMALL)
    assert ours.shape == (SMALL["depth"],)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10)


def test_sigmoid_under_glorot_vanishes_relu_under_he_does_not():
    sigmoid = gradflow.layer_gradient_norms("sigmoid", depth=20, init="glorot")
    relu = gradflow.layer_gradient_norms("relu", depth=20, init="he")
    assert sigmoid[0] < 1e-6 * sigmoid[-1], sigmoid  # 20 layers of σ' ≤ 1/4
    assert 0.1 < relu[0] / relu[-1] < 10, relu


def test_activation_variances_and_errors():
    variances = gradflow.activation_variances("tanh", **SMALL)
    assert variances.shape == (SMALL["depth"],) and (variances > 0).all()
    with pytest.raises(ValueError, match="initialisation"):
        gradflow.init_std("xavier", 10)
    with pytest.raises(ValueError, match="elementwise"):
        gradflow.layer_gradient_norms("softmax")
    with pytest.raises(ValueError, match="depth"):
        gradflow.layer_gradient_norms("relu", depth=0)
