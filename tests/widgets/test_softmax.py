"""Softmax explorer logic: probabilities, Jacobian, cross-entropy gradient, temperature."""
from __future__ import annotations

import numpy as np
import pytest

from actlab import numpy as anp
from actlab.widgets.softmax import SoftmaxState, compute

LOGITS = (2.0, 1.0, 0.1, -1.0)


@pytest.mark.parametrize("temperature", [0.01, 0.3, 1.0, 4.0, 10.0])
def test_jacobian_rows_sum_to_zero_and_it_is_symmetric(temperature):
    result = compute(SoftmaxState(LOGITS, temperature, target=2))
    jac = result["jacobian"]
    np.testing.assert_allclose(result["row_sums"], 0.0, atol=1e-15)
    np.testing.assert_allclose(jac, jac.T)
    p = result["probabilities"]
    np.testing.assert_allclose(jac, np.diag(p) - np.outer(p, p), atol=1e-17)
    assert p.sum() == pytest.approx(1.0)


def test_temperature_scales_the_logits():
    result = compute(SoftmaxState(LOGITS, temperature=0.5))
    np.testing.assert_allclose(result["scaled_logits"], np.array(LOGITS) / 0.5)
    np.testing.assert_allclose(result["probabilities"], anp.softmax(np.array(LOGITS) / 0.5))


def test_low_temperature_gives_one_hot_and_high_temperature_uniform():
    cold = compute(SoftmaxState(LOGITS, temperature=0.01))["probabilities"]
    np.testing.assert_allclose(cold, [1.0, 0.0, 0.0, 0.0], atol=1e-40)
    hot = compute(SoftmaxState(LOGITS, temperature=10.0))["probabilities"]
    assert hot.max() - hot.min() < 0.1


@pytest.mark.parametrize("target", range(4))
def test_cross_entropy_gradient_is_p_minus_t(target):
    result = compute(SoftmaxState(LOGITS, target=target))
    p = result["probabilities"]
    expected = p - np.eye(4)[target]
    np.testing.assert_allclose(result["gradient"], expected, atol=1e-16)
    assert result["loss"] == pytest.approx(-np.log(p[target]))
    assert result["gradient"].sum() == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize("kwargs, message", [
    ({"logits": (1.0,)}, "need 2 to 8 logits"),
    ({"logits": tuple(range(9))}, "need 2 to 8 logits"),
    ({"logits": "1,2"}, "need 2 to 8 logits"),
    ({"logits": (1.0, 11.0)}, r"logit 1 = 11.0 is outside \[-10, 10\]"),
    ({"temperature": 0.0}, "temperature = 0.0 is outside"),
    ({"target": 4}, r"target = 4 is outside \[0, 3\]"),
])
def test_invalid_state_raises_a_clear_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SoftmaxState(**kwargs)
