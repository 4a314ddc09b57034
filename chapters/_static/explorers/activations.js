/*
 * actlab activations in the browser: every elementwise activation of the catalog
 * (actlab.catalog) and its derivative, plus softmax and log-softmax, in float64.
 *
 * The formulas are those of actlab.numpy, scalar by scalar and arranged the same way, so
 * that no finite input overflows and the derivative takes the catalog's (PyTorch's) value
 * at each kink. The browser test (tests/site/test_explorer_math.py) checks every one
 * against actlab.numpy on the catalog's grids (kinks and their neighbours, ±30, ±1e3,
 * ±1e30, the largest floats), to a relative error ≤ 1e-6, and fails when the catalog has
 * an activation this file lacks.
 *
 *     actlabActivations.get("elu", {alpha: 2})(x)     f(x)
 *     actlabActivations.grad("elu", {alpha: 2})(x)    f′(x)
 *     actlabActivations.names                         the names, in catalog order
 *     actlabActivations.defaults("softplus")          {beta: 1, threshold: 20}
 *     actlabActivations.softmax([z…]), .logSoftmax([z…])
 *
 * Loaded as a classic script by the page and by the gradient-flow worker (importScripts).
 */
(function (global) {
  "use strict";

  const SELU_ALPHA = 1.6732632423543772848170429916717;
  const SELU_SCALE = 1.0507009873554804934193349852946;
  const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
  const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
  const SQRT_HALF = Math.SQRT1_2;
  const GELU_TANH_C = 0.044715;
  /** beyond this |x| every saturating inner term is exactly saturated in float64 */
  const SATURATED = 100;

  function clip(x, low, high) { return x < low ? low : x > high ? high : x; }

  // ---------------------------------------------------------------- the normal CDF Φ

  /** erf(z) for |z| ≤ 2 by its Maclaurin series Σ (−1)ⁿ z^{2n+1} / (n! (2n+1)) · 2/√π
   *  (terms below 1e-17 of the sum are dropped; at |z| = 2 the largest term is ≈ 6, so
   *  cancellation costs at most one digit). */
  function erfSeries(z) {
    const z2 = z * z;
    let term = z, sum = z;
    for (let n = 1; n < 80; n++) {
      term *= -z2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return sum * 2 / Math.sqrt(Math.PI);
  }

  /** erfc(z) for z ≥ 2 by the continued fraction
   *  erfc z = e^{−z²}/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …)))), evaluated by the
   *  modified Lentz method (Numerical Recipes §5.2); converges in < 60 terms for z ≥ 2. */
  function erfcFraction(z) {
    const tiny = 1e-300;
    let f = z, c = z, d = 0;
    for (let n = 1; n < 200; n++) {
      const a = n / 2;
      d = z + a * d;
      d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
      c = z + a / c;
      if (Math.abs(c) < tiny) c = tiny;
      const delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    return Math.exp(-z * z) / (Math.sqrt(Math.PI) * f);
  }

  /** Φ(x) = erfc(−x/√2)/2, the standard normal CDF, to about 1e-15 relative (both tails). */
  function ndtr(x) {
    if (x !== x) return NaN;
    const z = x * SQRT_HALF;
    if (Math.abs(z) <= 2) return 0.5 + 0.5 * erfSeries(z);
    if (z > 0) return z > 40 ? 1 : 1 - 0.5 * erfcFraction(z);
    return z < -40 ? 0 : 0.5 * erfcFraction(-z);  // e^{−1600} underflows
  }

  /** φ(x) = e^{−x²/2}/√(2π), x clipped where φ is already 0. */
  function normalPdf(x) {
    const c = clip(x, -SATURATED, SATURATED);
    return Math.exp(-0.5 * c * c) * INV_SQRT_2PI;
  }

  // ---------------------------------------------------------------- building blocks

  /** x with ±inf replaced by ±(largest finite): for x·g(x) terms where g(±inf) = 0. */
  function finite(x) { return clip(x, -Number.MAX_VALUE, Number.MAX_VALUE); }

  /** e^{−scale·|x|} (|x| capped at 1e4 for scale > 1, where it is 0 already). */
  function expNegAbs(x, scale) {
    let a = Math.abs(x);
    if (scale > 1) a = Math.min(a, 1e4);
    return Math.exp(-scale * a);
  }

  /** σ(x) = 1/(1 + e^{−|x|}) or e^{−|x|}/(1 + e^{−|x|}) by sign. */
  function sigmoid(x) {
    const e = expNegAbs(x, 1);
    return Math.max(e, x >= 0 ? 1 : 0) / (e + 1);
  }

  /** σ′(x) = e^{−|x|}/(1 + e^{−|x|})². */
  function sigmoidGrad(x) {
    const e = expNegAbs(x, 1);
    return e / ((e + 1) * (e + 1));
  }

  /** tanh′(x) = 4e^{−2|x|}/(1 + e^{−2|x|})². */
  function tanhGrad(x) {
    const e = expNegAbs(x, 2);
    return 4 * e / ((e + 1) * (e + 1));
  }

  /** log(1 + eˣ) = max(x, 0) + log1p(e^{−|x|}). */
  function softplus1(x) { return Math.log1p(expNegAbs(x, 1)) + Math.max(x, 0); }

  function elu(x, alpha) { return alpha * Math.expm1(Math.min(x, 0)) + Math.max(x, 0); }
  /** α e^x where x ≤ 0, else 1 (so f′(0) = α, as PyTorch). */
  function eluGrad(x, alpha) { return x <= 0 ? alpha * Math.exp(x) : 1; }

  function relu6Shift(x) { return clip(x + 3, 0, 6) / 6; }

  /** (x_c, 2u) for GELU-tanh: x clipped to ±100, 2u = 2√(2/π)(x_c + 0.044715 x_c³). */
  function geluTanhArgument(x) {
    const xc = clip(x, -SATURATED, SATURATED);
    return [xc, (xc * xc * GELU_TANH_C + 1) * xc * 2 * SQRT_2_OVER_PI];
  }

  // ---------------------------------------------------------------- the catalog

  /** name → {params: defaults, f(x, p), df(x, p)}, in catalog order. */
  const CATALOG = {
    identity: { params: {}, f: function (x) { return x; }, df: function () { return 1; } },
    sigmoid: { params: {}, f: sigmoid, df: sigmoidGrad },
    tanh: { params: {}, f: Math.tanh, df: tanhGrad },
    relu: { params: {}, f: function (x) { return x > 0 ? x : x !== x ? x : 0; },
            df: function (x) { return x <= 0 ? 0 : 1; } },
    leaky_relu: {
      params: { negative_slope: 0.01 },
      f: function (x, p) {
        const ax = x * p.negative_slope;
        return p.negative_slope <= 1 ? Math.max(ax, x) : Math.min(ax, x);
      },
      df: function (x, p) { return x > 0 ? 1 : p.negative_slope; },
    },
    elu: { params: { alpha: 1 }, f: function (x, p) { return elu(x, p.alpha); },
           df: function (x, p) { return eluGrad(x, p.alpha); } },
    selu: { params: {}, f: function (x) { return elu(x, SELU_ALPHA) * SELU_SCALE; },
            df: function (x) { return eluGrad(x, SELU_ALPHA) * SELU_SCALE; } },
    gelu: { params: {}, f: function (x) { return ndtr(x) * x; },
            df: function (x) { return normalPdf(x) * finite(x) + ndtr(x); } },
    gelu_tanh: {
      params: {},
      f: function (x) { return sigmoid(geluTanhArgument(x)[1]) * x; },
      df: function (x) {
        const [xc, twoU] = geluTanhArgument(x);
        return (xc * xc * 3 * GELU_TANH_C + 1) * 2 * SQRT_2_OVER_PI * xc * sigmoidGrad(twoU) + sigmoid(twoU);
      },
    },
    silu: { params: {}, f: function (x) { return sigmoid(x) * x; },
            df: function (x) { return sigmoidGrad(x) * finite(x) + sigmoid(x); } },
    mish: {
      params: {},
      f: function (x) { return Math.tanh(softplus1(x)) * x; },
      df: function (x) {
        const s = softplus1(x);
        return tanhGrad(s) * sigmoid(x) * finite(x) + Math.tanh(s);
      },
    },
    softplus: {
      params: { beta: 1, threshold: 20 },
      /** log(1 + e^{βx})/β, and x where βx > threshold (PyTorch) */
      f: function (x, p) {
        const bx = p.beta * x;
        return bx > p.threshold ? x : softplus1(bx) / p.beta;
      },
      df: function (x, p) {
        const bx = p.beta * x;
        return bx > p.threshold ? 1 : sigmoid(bx);
      },
    },
    softsign: { params: {}, f: function (x) { return x / (Math.abs(x) + 1); },
                df: function (x) { const r = 1 / (Math.abs(x) + 1); return r * r; } },
    hard_sigmoid: { params: {}, f: relu6Shift, df: function (x) { return x > -3 && x < 3 ? 1 / 6 : 0; } },
    hard_swish: {
      params: {},
      f: function (x) { return relu6Shift(x) * x; },
      /** 0 for x ≤ −3, x/3 + 1/2 on (−3, 3), 1 for x ≥ 3 (PyTorch's choice at the kinks) */
      df: function (x) { return x <= -3 ? 0 : x < 3 ? x / 3 + 0.5 : 1; },
    },
    relu6: { params: {}, f: function (x) { return clip(x, 0, 6); },
             df: function (x) { return x <= 0 || x >= 6 ? 0 : 1; } },
  };

  function entry(name) {
    const record = CATALOG[name];
    if (!record) throw new Error("unknown activation " + JSON.stringify(name) + "; choose one of " + Object.keys(CATALOG).join(", "));
    return record;
  }

  /** The full parameter set: the defaults, overridden by `params` (unknown names are an error). */
  function withDefaults(name, params) {
    const full = Object.assign({}, entry(name).params);
    for (const key of Object.keys(params || {})) {
      if (!(key in full)) throw new Error(name + " has no parameter " + key);
      full[key] = Number(params[key]);
    }
    return full;
  }

  /** x ↦ f(x) of activation `name` with `params` (the others default). */
  function get(name, params) {
    const f = entry(name).f, p = withDefaults(name, params);
    return function (x) { return f(x, p); };
  }

  /** x ↦ f′(x). */
  function grad(name, params) {
    const df = entry(name).df, p = withDefaults(name, params);
    return function (x) { return df(x, p); };
  }

  /** softmax(z)_i = e^{z_i − m}/Σ_j e^{z_j − m}, m = max z. */
  function softmax(z) {
    const top = Math.max.apply(null, z);
    const e = z.map(function (v) { return Math.exp(v - top); });
    const sum = e.reduce(function (a, b) { return a + b; }, 0);
    return e.map(function (v) { return v / sum; });
  }

  /** log softmax(z)_i = (z_i − m) − log Σ_j e^{z_j − m}. */
  function logSoftmax(z) {
    const top = Math.max.apply(null, z);
    const shifted = z.map(function (v) { return v - top; });
    const lse = Math.log(shifted.reduce(function (a, v) { return a + Math.exp(v); }, 0));
    return shifted.map(function (v) { return v - lse; });
  }

  global.actlabActivations = {
    names: Object.keys(CATALOG),
    defaults: function (name) { return Object.assign({}, entry(name).params); },
    get: get, grad: grad, softmax: softmax, logSoftmax: logSoftmax, ndtr: ndtr,
  };
})(typeof self !== "undefined" ? self : this);
