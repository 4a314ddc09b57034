/*
 * Gradient flow through a deep MLP, in the browser: actlab.gradflow's experiment, live.
 *
 * A bias-free MLP of `depth` square layers of `width` units, h_l = f(h_{l−1} W_l), is run
 * forward on N(0, 1) input of `samples` rows, and L = Σ h_L ⊙ g with a fixed N(0, 1/samples²)
 * upstream gradient g is backpropagated:
 *
 *     δ_L = g ⊙ f′(z_L),   ∂L/∂W_l = h_{l−1}ᵀ δ_l,   δ_{l−1} = (δ_l W_lᵀ) ⊙ f′(z_{l−1})
 *
 * Returned per layer (1 = next to the input): norms ‖∂L/∂W_l‖_F and variances Var(h_l).
 * Weights are N(0, std²) with std from the initialisation scheme (INITS, as
 * actlab.gradflow.INITS). Everything is drawn from a seeded generator (training.js's
 * Random), so the same settings give the same figure in any browser; the draws differ from
 * NumPy's, so the figures agree with the notebook's statistically, not digit for digit (the
 * browser test checks the recursion itself on weights it reads back, and the verdicts).
 *
 * Loaded by the page (actlabGradientFlow.compute) and as a Web Worker, which answers each
 * message {id, activation, params, init, depth, width, samples, seed} with {id, norms, variances}
 * or {id, error}, so that a depth-100, width-512 network never freezes the page.
 */
(function (global) {
  "use strict";

  const inWorker = typeof document === "undefined" && typeof importScripts === "function";
  if (inWorker) importScripts("activations.js", "training.js");

  /** initialisation → weight standard deviation for a square layer of fan-in n (actlab.gradflow.INITS) */
  const INITS = {
    glorot: function (n) { return Math.sqrt(2 / (n + n)); },  // Glorot & Bengio (2010)
    he: function (n) { return Math.sqrt(2 / n); },            // He et al. (2015)
    lecun: function (n) { return Math.sqrt(1 / n); },         // LeCun et al. (1998)
    small: function () { return 0.01; },                      // N(0, 0.01²)
  };

  /** The network's input x, weights W_l and upstream gradient g, drawn from `seed` (flat, row-major). */
  function setup(opts) {
    const rng = global.actlabTraining.Random(opts.seed || 0);
    const n = opts.samples, w = opts.width;
    if (!INITS[opts.init]) throw new Error("unknown initialisation " + opts.init);
    const std = INITS[opts.init](w);
    const fill = function (length, scale) {
      const a = new Float64Array(length);
      for (let i = 0; i < length; i++) a[i] = rng.normal() * scale;
      return a;
    };
    const x = fill(n * w, 1);
    const weights = [];
    for (let l = 0; l < opts.depth; l++) weights.push(fill(w * w, std));
    return { x: x, weights: weights, g: fill(n * w, 1 / n) };
  }

  /** {norms, variances} per layer (and with opts.keep, the drawn x, weights and g). */
  function compute(opts) {
    const A = global.actlabActivations;
    const f = A.get(opts.activation, opts.params), df = A.grad(opts.activation, opts.params);
    const n = opts.samples, w = opts.width, depth = opts.depth;
    const drawn = setup(opts);
    const inputs = [], pre = [], variances = new Float64Array(depth);
    let h = drawn.x;
    for (let l = 0; l < depth; l++) {
      const W = drawn.weights[l], z = new Float64Array(n * w), out = new Float64Array(n * w);
      for (let i = 0; i < n; i++) {
        const row = i * w;
        for (let k = 0; k < w; k++) {
          const hk = h[row + k], wk = k * w;
          if (hk === 0) continue;
          for (let j = 0; j < w; j++) z[row + j] += hk * W[wk + j];
        }
      }
      let sum = 0, sq = 0;
      for (let i = 0; i < z.length; i++) { const v = f(z[i]); out[i] = v; sum += v; }
      const mean = sum / out.length;
      for (let i = 0; i < out.length; i++) sq += (out[i] - mean) * (out[i] - mean);
      variances[l] = sq / out.length;
      inputs.push(h); pre.push(z);
      h = out;
    }
    const norms = new Float64Array(depth);
    let delta = new Float64Array(n * w);
    for (let i = 0; i < delta.length; i++) delta[i] = drawn.g[i] * df(pre[depth - 1][i]);
    for (let l = depth - 1; l >= 0; l--) {
      const H = inputs[l], grad = new Float64Array(w * w);
      for (let i = 0; i < n; i++) {
        const row = i * w;
        for (let k = 0; k < w; k++) {
          const hk = H[row + k], gk = k * w;
          if (hk === 0) continue;
          for (let j = 0; j < w; j++) grad[gk + j] += hk * delta[row + j];
        }
      }
      let s = 0;
      for (let i = 0; i < grad.length; i++) s += grad[i] * grad[i];
      norms[l] = Math.sqrt(s);
      if (l) {
        const W = drawn.weights[l], z = pre[l - 1], below = new Float64Array(n * w);
        for (let i = 0; i < n; i++) {
          const row = i * w;
          for (let k = 0; k < w; k++) {
            let t = 0;
            const wk = k * w;
            for (let j = 0; j < w; j++) t += delta[row + j] * W[wk + j];
            below[row + k] = t * df(z[row + k]);
          }
        }
        delta = below;
      }
    }
    const result = { norms: Array.from(norms), variances: Array.from(variances) };
    if (opts.keep) {
      result.x = Array.from(drawn.x);
      result.weights = drawn.weights.map(function (W) { return Array.from(W); });
      result.g = Array.from(drawn.g);
    }
    return result;
  }

  global.actlabGradientFlow = { INITS: Object.keys(INITS), compute: compute };

  if (inWorker) {
    global.onmessage = function (event) {
      const message = event.data;
      try {
        const result = compute(message);
        result.id = message.id;
        global.postMessage(result);
      } catch (error) {
        global.postMessage({ id: message.id, error: String(error && error.message || error) });
      }
    };
  }
})(typeof self !== "undefined" ? self : this);
