"""Exercise 6b (Transformers, attention, gated units): every question has hidden tests that plausible
wrong answers fail. Each set below holds one wrong answer per question; a set must lose every
question it touches, and score 0 in total, while the master scores full marks (test_grading.py)."""
from __future__ import annotations

import pytest
from exercise_helpers import by_question, grade_notebook, lost, submission

EXERCISE = "ex06b_modern_architectures"

WRONG_SETS = {
    "swapped halves / silu' taken as σ' / floor instead of round / no scaling / −1e9 fill / p·log p": {
        "q1": "def swiglu(u):\n    a, b = np.split(np.asarray(u, dtype=float), 2, axis=-1)\n"
              "    return b * (a * anp.sigmoid(a))",
        "q2": "def swiglu_backward(u, g):\n    a, b = np.split(np.asarray(u, dtype=float), 2, axis=-1)\n"
              "    s = anp.sigmoid(b)\n    return np.concatenate([g * b * s, g * a * s * (1 - s)], axis=-1)",
        "q3": "def matched_width(d_ff):\n    return int(2 * d_ff / 3)",
        "q4": "def attention_scores(Q, K):\n    return np.asarray(Q) @ np.swapaxes(np.asarray(K), -1, -2)",
        "q5": "def masked_softmax(scores, visible):\n    return anp.softmax(np.where(visible, scores, -1e9), axis=-1)",
        "q6": "def softmax_entropy(scores, temperature):\n    p = anp.softmax(np.asarray(scores) / temperature, axis=-1)\n"
              "    return -np.sum(p * np.log(p), axis=-1)",
    },
    "GLU gate / silu' taken as σ / half the width / divided by d / −inf fill / ×T": {
        "q1": "def swiglu(u):\n    a, b = np.split(np.asarray(u, dtype=float), 2, axis=-1)\n    return a * anp.sigmoid(b)",
        "q2": "def swiglu_backward(u, g):\n    a, b = np.split(np.asarray(u, dtype=float), 2, axis=-1)\n"
              "    s = anp.sigmoid(b)\n    return np.concatenate([g * b * s, g * a * s], axis=-1)",
        "q3": "def matched_width(d_ff):\n    return d_ff // 2",
        "q4": "def attention_scores(Q, K):\n    Q, K = np.asarray(Q), np.asarray(K)\n"
              "    return Q @ np.swapaxes(K, -1, -2) / Q.shape[-1]",
        "q5": "def masked_softmax(scores, visible):\n    return anp.softmax(np.where(visible, scores, -np.inf), axis=-1)",
        "q6": "def softmax_entropy(scores, temperature):\n"
              "    log_p = anp.log_softmax(np.asarray(scores) * temperature, axis=-1)\n"
              "    return -np.sum(np.exp(log_p) * log_p, axis=-1)",
    },
    "interleaved halves / halves swapped in ∂L/∂u / ×3/2 / K.T / no max shift / log₂": {
        "q1": "def swiglu(u):\n    u = np.asarray(u, dtype=float)\n    a, b = u[..., ::2], u[..., 1::2]\n"
              "    return a * b * anp.sigmoid(b)",
        "q2": "def swiglu_backward(u, g):\n    a, b = np.split(np.asarray(u, dtype=float), 2, axis=-1)\n"
              "    s = anp.sigmoid(b)\n    return np.concatenate([g * a * s * (1 + b * (1 - s)), g * b * s], axis=-1)",
        "q3": "def matched_width(d_ff):\n    return round(3 * d_ff / 2)",
        "q4": "def attention_scores(Q, K):\n    Q, K = np.asarray(Q), np.asarray(K)\n    return Q @ K.T / np.sqrt(Q.shape[-1])",
        "q5": "def masked_softmax(scores, visible):\n    e = np.exp(np.asarray(scores)) * visible\n"
              "    total = e.sum(axis=-1, keepdims=True)\n"
              "    return np.divide(e, total, out=np.zeros_like(e), where=total > 0)",
        "q6": "def softmax_entropy(scores, temperature):\n"
              "    log_p = anp.log_softmax(np.asarray(scores) / temperature, axis=-1)\n"
              "    return -np.sum(np.exp(log_p) * log_p, axis=-1) / np.log(2.0)",
    },
    "naive silu / a forgotten in ∂L/∂b / width unchanged / √n_k / softmax times the mask / no 1/T": {
        "q1": "def swiglu(u):\n    a, b = np.split(np.asarray(u, dtype=float), 2, axis=-1)\n"
              "    return a * b / (1.0 + np.exp(-b))",
        "q2": "def swiglu_backward(u, g):\n    a, b = np.split(np.asarray(u, dtype=float), 2, axis=-1)\n"
              "    s = anp.sigmoid(b)\n    return np.concatenate([g * b * s, g * s * (1 + b * (1 - s))], axis=-1)",
        "q3": "def matched_width(d_ff):\n    return d_ff",
        "q4": "def attention_scores(Q, K):\n    Q, K = np.asarray(Q), np.asarray(K)\n"
              "    return Q @ np.swapaxes(K, -1, -2) / np.sqrt(K.shape[-2])",
        "q5": "def masked_softmax(scores, visible):\n    return anp.softmax(np.asarray(scores), axis=-1) * visible",
        "q6": "def softmax_entropy(scores, temperature):\n    log_p = anp.log_softmax(np.asarray(scores), axis=-1)\n"
              "    return -np.sum(np.exp(log_p) * log_p, axis=-1)",
    },
}


@pytest.mark.parametrize("label", list(WRONG_SETS))
def test_each_wrong_answer_loses_its_question(label, tmp_path):
    answers = WRONG_SETS[label]
    report = grade_notebook(submission(EXERCISE, answers), tmp_path, f"{EXERCISE}.ipynb")
    results = by_question(report)
    assert lost(report) == set(answers) == set(results), {q: f"{r.status}: {r.message}" for q, r in results.items()}
    assert report.score == 0, {q: r.points for q, r in results.items()}
    for q in answers:
        assert results[q].status == "failed" and results[q].message, (q, results[q])
