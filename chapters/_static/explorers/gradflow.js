/*
 * Gradient flow through a deep MLP, in the browser: actlab.gradflow's experiment, live.
 *
 * A bias-free MLP of `depth` square layers of `width` units is run forward on N(0, 1) input of
 * `samples` rows, and L = Σ h_L ⊙ g with a fixed N(0, 1/samples²) upstream gradient g is
 * backpropagated. Each layer is the block
 *
 *     z_l = N(h_{l−1} W_l),   h_l = [h_{l−1} +] f(z_l)
 *
 * with N the identity (norm "none"), LayerNorm ("layer": each sample over its features) or
 * BatchNorm in training mode ("batch": each feature over the samples), without scale and shift,
 * ε = 1e-5, and the identity skip when `residual` is set (actlab.gradflow's switches). Backward:
 *
 *     δ_l = N′ᵀ((∂L/∂h_l) ⊙ f′(z_l)),   ∂L/∂W_l = h_{l−1}ᵀ δ_l,   ∂L/∂h_{l−1} = δ_l W_lᵀ [+ ∂L/∂h_l]
 *
 * with N′ᵀ u = (u − mean(u) − x̂ ⊙ mean(u ⊙ x̂)) / σ over the normalised axis.
 *
 * Returned per layer (1 = next to the input): norms ‖∂L/∂W_l‖_F and variances Var(h_l).
 * Weights are N(0, std²) with std from the initialisation scheme (INITS, as
 * actlab.gradflow.INITS). Everything is drawn from a seeded generator (training.js's
 * Random), so the same settings give the same figure in any browser; the draws differ from
 * NumPy's, so the figures agree with the notebook's statistically, not digit for digit (the
 * browser test checks the recursion itself on weights it reads back, and the verdicts).
 *
 * Loaded by the page (actlabGradientFlow.compute) and as a Web Worker, which answers each
 * message {id, activation, params, init, residual, norm, depth, width, samples, seed} with {id, norms, variances}
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

  /** NORMS[norm]: the axis it normalises over in an (n, w) array (actlab.gradflow.NORMS), null for none */
  const NORMS = { none: null, layer: 1, batch: 0 };
  /** added to the variance, as in torch.nn.LayerNorm / BatchNorm1d (actlab.gradflow.NORM_EPS) */
  const NORM_EPS = 1e-5;

  /**
   * The groups an (n, w) row-major array is normalised over: for LayerNorm (axis 1) the n rows,
   * each w contiguous entries; for BatchNorm (axis 0) the w columns, each n entries w apart.
   * {count, size, start(group), stride}.
   */
  function groups(norm, n, w) {
    return NORMS[norm] === 1 ? { count: n, size: w, start: function (i) { return i * w; }, stride: 1 }
                             : { count: w, size: n, start: function (j) { return j; }, stride: w };
  }

  /** a ← N(a) in place, (a − mean) / σ with σ = √(var + ε) over each group; returns the σ per group. */
  function normalise(a, norm, n, w) {
    const G = groups(norm, n, w), sigma = new Float64Array(G.count);
    for (let k = 0; k < G.count; k++) {
      const first = G.start(k), last = first + G.size * G.stride;
      let sum = 0, sq = 0;
      for (let i = first; i < last; i += G.stride) sum += a[i];
      const mean = sum / G.size;
      for (let i = first; i < last; i += G.stride) { a[i] -= mean; sq += a[i] * a[i]; }
      sigma[k] = Math.sqrt(sq / G.size + NORM_EPS);
      for (let i = first; i < last; i += G.stride) a[i] /= sigma[k];
    }
    return sigma;
  }

  /** u ← ∂L/∂z in place from u = ∂L/∂N(z): (u − mean(u) − x̂ ⊙ mean(u ⊙ x̂)) / σ over each group. */
  function normaliseBackward(u, normalised, sigma, norm, n, w) {
    const G = groups(norm, n, w);
    for (let k = 0; k < G.count; k++) {
      const first = G.start(k), last = first + G.size * G.stride;
      let sum = 0, dot = 0;
      for (let i = first; i < last; i += G.stride) { sum += u[i]; dot += u[i] * normalised[i]; }
      const mean = sum / G.size, projection = dot / G.size;
      for (let i = first; i < last; i += G.stride) u[i] = (u[i] - mean - normalised[i] * projection) / sigma[k];
    }
  }

  /** Population variance of `a` (NumPy's a.var()). */
  function variance(a) {
    let sum = 0, sq = 0;
    for (let i = 0; i < a.length; i++) sum += a[i];
    const mean = sum / a.length;
    for (let i = 0; i < a.length; i++) sq += (a[i] - mean) * (a[i] - mean);
    return sq / a.length;
  }

  /**
   * {norms, variances} per layer (and with opts.keep, the drawn x, weights and g), for the block
   * h_l = [h_{l−1} +] f(N(h_{l−1} W_l)) that opts.residual (boolean) and opts.norm ("none",
   * "layer", "batch") choose, as actlab.gradflow.layer_gradient_norms and activation_variances.
   */
  function compute(opts) {
    const A = global.actlabActivations;
    const f = A.get(opts.activation, opts.params), df = A.grad(opts.activation, opts.params);
    const n = opts.samples, w = opts.width, depth = opts.depth;
    const norm = opts.norm || "none", residual = Boolean(opts.residual);
    if (!(norm in NORMS)) throw new Error("unknown normalisation " + norm + "; choose one of " + Object.keys(NORMS).join(", "));
    const drawn = setup(opts);
    const inputs = [], pre = [], sigmas = [], variances = new Float64Array(depth);
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
      sigmas.push(norm === "none" ? null : normalise(z, norm, n, w));
      for (let i = 0; i < z.length; i++) out[i] = residual ? h[i] + f(z[i]) : f(z[i]);
      variances[l] = variance(out);
      inputs.push(h); pre.push(z);
      h = out;
    }
    const norms = new Float64Array(depth);
    let upstream = drawn.g;  // ∂L/∂h_l
    for (let l = depth - 1; l >= 0; l--) {
      const H = inputs[l], z = pre[l], grad = new Float64Array(w * w), delta = new Float64Array(n * w);
      for (let i = 0; i < delta.length; i++) delta[i] = upstream[i] * df(z[i]);
      if (norm !== "none") normaliseBackward(delta, z, sigmas[l], norm, n, w);
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
      if (l) {  // ∂L/∂h_{l−1} = δ_l W_lᵀ [+ ∂L/∂h_l, the identity path]
        const W = drawn.weights[l], below = new Float64Array(n * w);
        for (let i = 0; i < n; i++) {
          const row = i * w;
          for (let k = 0; k < w; k++) {
            let t = 0;
            const wk = k * w;
            for (let j = 0; j < w; j++) t += delta[row + j] * W[wk + j];
            below[row + k] = residual ? t + upstream[row + k] : t;
          }
        }
        upstream = below;
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

  global.actlabGradientFlow = { INITS: Object.keys(INITS), NORMS: Object.keys(NORMS), compute: compute };

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
