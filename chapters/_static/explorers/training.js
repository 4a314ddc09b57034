/*
 * actlab training in the browser: seeded data sets and a small MLP trained by full-batch
 * Adam in float64, for the training playground (explorers.js) and the tests.
 *
 *     const T = actlabTraining;
 *     const data = T.dataset({kind: "spirals", noise: 0.1, testFraction: 0.3, seed: 0});
 *     const trainer = new T.Trainer(data, {layers: [8, 8], activations: ["relu", "relu"],
 *                                          loss: "ce", lr: 0.03, l2: 0, seed: 0});
 *     trainer.step();          // one Adam step; returns the training loss before it
 *     trainer.testLoss();
 *
 * The network is actlab.train.mlp's: Linear → f → … → Linear, PyTorch's default
 * initialisation (weights and biases uniform in ±1/√fan_in), inputs standardised with the
 * training set's mean and standard deviation (as actlab.train.fit_xsin does). Adam is
 * torch.optim.Adam's update, to the operation: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * p ← p − (lr/(1−β₁ᵗ)) · m / (√v/√(1−β₂ᵗ) + ε). Losses: mean squared error, or binary
 * cross-entropy on one logit, softplus(z) − t·z (actlab.numpy.sigmoid_binary_cross_entropy);
 * L2 regularisation adds (λ/2)·Σ‖W‖² over the weight matrices (not the biases).
 * The browser test checks the first ten losses against actlab's NumPy and PyTorch training
 * from the same initial weights to ≤ 1e-6 relative.
 *
 * Needs activations.js (actlabActivations) loaded first.
 */
(function (global) {
  "use strict";

  const A = global.actlabActivations;
  const sigmoid = A.get("sigmoid");

  // ---------------------------------------------------------------- seeded random numbers

  /** A seeded generator: uniform() in [0, 1) by mulberry32 (32-bit state), normal() by Box–Muller. */
  function Random(seed) {
    let state = (Number(seed) >>> 0) ^ 0x9e3779b9;
    let spare = null;
    const uniform = function () {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const normal = function () {
      if (spare !== null) { const s = spare; spare = null; return s; }
      const u = 1 - uniform(), v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    };
    return { uniform: uniform, normal: normal };
  }

  // ---------------------------------------------------------------- data sets

  /** kind → {task, label, make(n, noise, rng) → {X: [[x…]…], y: [t…]}}. Classes are 0/1. */
  const DATASETS = {
    xsin: {
      task: "regression", n: 100, label: "y = x·sin x + noise (the chapters' task)",
      make: function (n, noise, rng) {
        const X = [], y = [];
        for (let i = 0; i < n; i++) {
          const x = -10 + 20 * i / (n - 1);
          X.push([x]);
          y.push(x * Math.sin(x) + noise * rng.normal());
        }
        return { X: X, y: y };
      },
    },
    spirals: {
      task: "classification", n: 200, label: "two spirals",
      make: function (n, noise, rng) {
        const X = [], y = [];
        for (let i = 0; i < n; i++) {
          const label = i % 2, turn = Math.floor(i / 2) / (n / 2), r = 5 * turn, t = 1.75 * 2 * Math.PI * turn + label * Math.PI;
          X.push([r * Math.sin(t) + noise * rng.normal(), r * Math.cos(t) + noise * rng.normal()]);
          y.push(label);
        }
        return { X: X, y: y };
      },
    },
    circles: {
      task: "classification", n: 200, label: "a disc inside a ring",
      make: function (n, noise, rng) {
        const X = [], y = [];
        for (let i = 0; i < n; i++) {
          const label = i % 2, r = label ? 2.5 * rng.uniform() : 3.5 + 1.5 * rng.uniform();
          const angle = 2 * Math.PI * rng.uniform();
          X.push([r * Math.sin(angle) + noise * rng.normal(), r * Math.cos(angle) + noise * rng.normal()]);
          y.push(label);
        }
        return { X: X, y: y };
      },
    },
    xor: {
      task: "classification", n: 200, label: "XOR of the signs",
      make: function (n, noise, rng) {
        const X = [], y = [];
        for (let i = 0; i < n; i++) {
          const shift = function (v) { return v + (v > 0 ? 0.3 : -0.3); };
          const a = shift(10 * rng.uniform() - 5), b = shift(10 * rng.uniform() - 5);
          X.push([a + noise * rng.normal(), b + noise * rng.normal()]);
          y.push(a * b > 0 ? 1 : 0);
        }
        return { X: X, y: y };
      },
    },
    gaussians: {
      task: "classification", n: 200, label: "two Gaussian clusters",
      make: function (n, noise, rng) {
        const X = [], y = [];
        for (let i = 0; i < n; i++) {
          const label = i % 2, centre = label ? 2 : -2, spread = 1 + noise;
          X.push([centre + spread * rng.normal(), centre + spread * rng.normal()]);
          y.push(label);
        }
        return { X: X, y: y };
      },
    },
  };

  /**
   * Points parsed from CSV text: one point per line, "x,y" (regression) or "x1,x2,label"
   * with label 0 or 1 (classification); a header line and blank lines are skipped.
   * Throws an Error naming the first bad line.
   */
  function parseCsv(text) {
    const X = [], y = [];
    let columns = 0;
    (text || "").split(/\r?\n/).forEach(function (line, i) {
      const cells = line.split(/[,;\t]/).map(function (c) { return c.trim(); });
      if (!line.trim()) return;
      const values = cells.map(Number);
      if (values.some(function (v) { return !isFinite(v); }) || cells.some(function (c) { return c === ""; })) {
        if (i === 0) return;  // a header
        throw new Error("CSV line " + (i + 1) + " (" + JSON.stringify(line) + ") is not a row of numbers");
      }
      if (values.length !== 2 && values.length !== 3) {
        throw new Error("CSV line " + (i + 1) + " has " + values.length + " columns; want x,y or x1,x2,label");
      }
      if (columns && values.length !== columns) throw new Error("CSV line " + (i + 1) + " has " + values.length + " columns, the first row " + columns);
      columns = values.length;
      if (columns === 3 && values[2] !== 0 && values[2] !== 1) {
        throw new Error("CSV line " + (i + 1) + ": the label must be 0 or 1, got " + cells[2]);
      }
      X.push(values.slice(0, columns - 1));
      y.push(values[columns - 1]);
    });
    if (X.length < 4) throw new Error("the CSV holds " + X.length + " points; give at least 4");
    if (X.length > 2000) throw new Error("the CSV holds " + X.length + " points; at most 2000 train in the page");
    return { X: X, y: y, task: columns === 3 ? "classification" : "regression" };
  }

  /**
   * A data set split into training and test points.
   * opts: {kind (a DATASETS name, or "csv" with opts.csv the text), noise, testFraction, seed};
   * or {X, y, task} given directly (the tests pass actlab's own data this way).
   * Returns {task, inputs (1 or 2), train: {X, y}, test: {X, y}} with X as arrays of rows.
   */
  function dataset(opts) {
    let points;
    if (opts.X) points = { X: opts.X, y: opts.y, task: opts.task };
    else if (opts.kind === "csv") points = parseCsv(opts.csv);
    else {
      const spec = DATASETS[opts.kind];
      if (!spec) throw new Error("unknown data set " + JSON.stringify(opts.kind) + "; choose one of " + Object.keys(DATASETS).join(", ") + ", csv");
      points = spec.make(spec.n, opts.noise || 0, Random(opts.seed || 0));
      points.task = spec.task;
    }
    const n = points.X.length, order = points.X.map(function (_, i) { return i; });
    const nTest = Math.round(clampFraction(opts.testFraction || 0) * n);
    if (nTest) {  // a seeded Fisher–Yates shuffle picks the test points
      const rng = Random((opts.seed || 0) + 1);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng.uniform() * (i + 1));
        const t = order[i]; order[i] = order[j]; order[j] = t;
      }
    }
    const pick = function (idx) {
      idx = idx.slice().sort(function (a, b) { return a - b; });
      return { X: idx.map(function (i) { return points.X[i]; }), y: idx.map(function (i) { return points.y[i]; }) };
    };
    return { task: points.task, inputs: points.X[0].length, train: pick(order.slice(nTest)), test: pick(order.slice(0, nTest)) };
  }

  function clampFraction(f) { return Math.min(0.9, Math.max(0, Number(f) || 0)); }

  // ---------------------------------------------------------------- the network

  const BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;

  /**
   * A trainer for one network on one data set.
   * opts: {layers: [widths of the hidden layers], activations: [one name per hidden layer],
   *        params: [{parameters of each layer's activation}] (optional), loss: "mse" | "ce",
   *        lr, l2, seed, weights (optional: [{W: [[…]…] (fan_in × fan_out), b: […]}, …] to start from)}.
   */
  function Trainer(data, opts) {
    const self = this;
    this.data = data;
    this.task = data.task;
    this.loss = data.task === "classification" && opts.loss === "ce" ? "ce" : "mse";
    this.lr = opts.lr;
    this.l2 = opts.l2 || 0;
    this.sizes = [data.inputs].concat(opts.layers, [1]);
    this.activations = opts.activations.map(function (name, l) {
      const params = (opts.params || [])[l] || {};
      return { name: name, f: A.get(name, params), df: A.grad(name, params) };
    });
    if (this.activations.length !== opts.layers.length) throw new Error("one activation per hidden layer, please");
    // standardise inputs with the training set's mean and (population) standard deviation
    const d = data.inputs, Xtr = data.train.X;
    this.mean = []; this.std = [];
    for (let j = 0; j < d; j++) {
      let m = 0; for (const row of Xtr) m += row[j]; m /= Xtr.length;
      let v = 0; for (const row of Xtr) v += (row[j] - m) * (row[j] - m); v /= Xtr.length;
      this.mean.push(m); this.std.push(Math.sqrt(v) || 1);
    }
    this.train = this.pack(data.train);
    this.test = this.pack(data.test);
    this.W = []; this.b = []; this.mW = []; this.vW = []; this.mb = []; this.vb = [];
    const rng = Random(opts.seed || 0);
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      const fanIn = this.sizes[l], fanOut = this.sizes[l + 1], bound = 1 / Math.sqrt(fanIn);
      const W = new Float64Array(fanIn * fanOut), b = new Float64Array(fanOut);
      const given = opts.weights && opts.weights[l];
      for (let i = 0; i < fanIn; i++) for (let j = 0; j < fanOut; j++) {
        W[i * fanOut + j] = given ? given.W[i][j] : (2 * rng.uniform() - 1) * bound;
      }
      for (let j = 0; j < fanOut; j++) b[j] = given ? given.b[j] : (2 * rng.uniform() - 1) * bound;
      this.W.push(W); this.b.push(b);
      this.mW.push(new Float64Array(W.length)); this.vW.push(new Float64Array(W.length));
      this.mb.push(new Float64Array(fanOut)); this.vb.push(new Float64Array(fanOut));
    }
    this.gW = this.W.map(function (W) { return new Float64Array(W.length); });
    this.gb = this.b.map(function (b) { return new Float64Array(b.length); });
    this.steps = 0;
    this.gradNorms = this.W.map(function () { return 0; });
    this.deadFractions = this.activations.map(function () { return 0; });
    // per-layer buffers for the training set: pre-activations Z and outputs H
    // per-layer buffers for the training set, reused by every step: outputs H, pre-activations Z,
    // and δ = ∂L/∂Z (no allocation while training, so no garbage collection pauses)
    this.buffers = this.sizes.map(function (size) { return new Float64Array(self.train.n * size); });
    this.preacts = this.sizes.map(function (size) { return new Float64Array(self.train.n * size); });
    this.deltas = this.sizes.map(function (size) { return new Float64Array(self.train.n * size); });
    this.alive = this.sizes.map(function (size) { return new Uint8Array(size); });
  }

  /** Rows of raw inputs and targets → {n, X (standardised, flat), y (flat)}. */
  Trainer.prototype.pack = function (part) {
    const d = this.sizes ? this.sizes[0] : part.X[0].length, n = part.X.length;
    const X = new Float64Array(n * d), y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) X[i * d + j] = (part.X[i][j] - this.mean[j]) / this.std[j];
      y[i] = this.task === "classification" && this.loss === "mse" ? 2 * part.y[i] - 1 : part.y[i];
    }
    return { n: n, X: X, y: y };
  };

  /**
   * The network on n standardised inputs X (flat): fills outs[l] (H_l, n × size_l; outs[0] = X)
   * and, when pre is given, pre[l] (Z_l). Returns the output layer's values.
   */
  Trainer.prototype.forward = function (X, n, outs, pre) {
    outs[0] = X;
    const L = this.W.length;
    for (let l = 0; l < L; l++) {
      const fanIn = this.sizes[l], fanOut = this.sizes[l + 1], W = this.W[l], b = this.b[l];
      const H = outs[l], Z = pre ? pre[l + 1] : new Float64Array(n * fanOut);
      for (let i = 0; i < n; i++) {
        const zi = i * fanOut, hi = i * fanIn;
        for (let j = 0; j < fanOut; j++) Z[zi + j] = b[j];
        for (let k = 0; k < fanIn; k++) {
          const h = H[hi + k], wk = k * fanOut;
          for (let j = 0; j < fanOut; j++) Z[zi + j] += h * W[wk + j];
        }
      }
      if (l === L - 1) { outs[l + 1] = Z; break; }
      const f = this.activations[l].f, out = outs[l + 1] && outs[l + 1].length === Z.length ? outs[l + 1] : new Float64Array(Z.length);
      for (let i = 0; i < Z.length; i++) out[i] = f(Z[i]);
      outs[l + 1] = out;
    }
    return outs[L];
  };

  /** Mean loss of outputs `out` against targets y, and (if dOut is given) ∂L/∂out into dOut. */
  Trainer.prototype.lossOf = function (out, y, n, dOut) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (this.loss === "ce") {  // softplus(z) − t·z, gradient (σ(z) − t)/n
        const z = out[i];
        total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
        if (dOut) dOut[i] = (sigmoid(z) - y[i]) / n;
      } else {
        const diff = out[i] - y[i];
        total += diff * diff;
        if (dOut) dOut[i] = 2 * diff / n;
      }
    }
    return total / n + this.penalty();
  };

  /** (λ/2)·Σ‖W‖². */
  Trainer.prototype.penalty = function () {
    if (!this.l2) return 0;
    let s = 0;
    for (const W of this.W) for (let i = 0; i < W.length; i++) s += W[i] * W[i];
    return 0.5 * this.l2 * s;
  };

  /** One full-batch Adam step; returns the training loss before it (as actlab.train records it). */
  Trainer.prototype.step = function () {
    const n = this.train.n, L = this.W.length;
    const outs = this.buffers, pre = this.preacts;
    const out = this.forward(this.train.X, n, outs, pre);
    let delta = this.deltas[L];
    const loss = this.lossOf(out, this.train.y, n, delta);
    for (let l = L - 1; l >= 0; l--) {
      const fanIn = this.sizes[l], fanOut = this.sizes[l + 1], H = outs[l], gW = this.gW[l], gb = this.gb[l];
      const W = this.W[l];
      gW.fill(0); gb.fill(0);
      for (let i = 0; i < n; i++) {
        const di = i * fanOut, hi = i * fanIn;
        for (let j = 0; j < fanOut; j++) gb[j] += delta[di + j];
        for (let k = 0; k < fanIn; k++) {
          const h = H[hi + k], wk = k * fanOut;
          for (let j = 0; j < fanOut; j++) gW[wk + j] += h * delta[di + j];
        }
      }
      if (this.l2) for (let i = 0; i < W.length; i++) gW[i] += this.l2 * W[i];
      let norm = 0;
      for (let i = 0; i < gW.length; i++) norm += gW[i] * gW[i];
      this.gradNorms[l] = Math.sqrt(norm);
      if (l > 0) {  // δ_{l−1} = (δ_l W_lᵀ) ⊙ f′(Z_{l−1}); a unit is dead when f′ = 0 at every point
        const Z = pre[l], df = this.activations[l - 1].df, below = this.deltas[l], alive = this.alive[l];
        alive.fill(0);
        for (let i = 0; i < n; i++) {
          const di = i * fanOut, bi = i * fanIn;
          for (let k = 0; k < fanIn; k++) {
            let s = 0;
            const wk = k * fanOut;
            for (let j = 0; j < fanOut; j++) s += delta[di + j] * W[wk + j];
            const slope = df(Z[bi + k]);
            if (slope !== 0) alive[k] = 1;
            below[bi + k] = s * slope;
          }
        }
        let dead = 0;
        for (let k = 0; k < fanIn; k++) dead += alive[k] ? 0 : 1;
        this.deadFractions[l - 1] = dead / fanIn;
        delta = below;
      }
    }
    this.steps += 1;
    const t = this.steps, c1 = 1 - Math.pow(BETA1, t), c2 = Math.sqrt(1 - Math.pow(BETA2, t)), size = this.lr / c1;
    const adam = function (p, g, m, v) {
      for (let i = 0; i < p.length; i++) {
        m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
        v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
        p[i] -= size * m[i] / (Math.sqrt(v[i]) / c2 + EPS);
      }
    };
    for (let l = 0; l < L; l++) {
      adam(this.W[l], this.gW[l], this.mW[l], this.vW[l]);
      adam(this.b[l], this.gb[l], this.mb[l], this.vb[l]);
    }
    return loss;
  };

  /** The loss on a packed part ({n, X, y}) with the current weights. */
  Trainer.prototype.lossOn = function (part) {
    if (!part.n) return NaN;
    return this.lossOf(this.forward(part.X, part.n, []), part.y, part.n);
  };

  Trainer.prototype.trainLoss = function () { return this.lossOn(this.train); };
  Trainer.prototype.testLoss = function () { return this.lossOn(this.test); };

  /** Accuracy on a packed part (classification): the output's sign decides the class
   *  (σ(z) > ½ for cross-entropy; targets ±1 for the squared error). */
  Trainer.prototype.accuracy = function (part) {
    if (!part.n) return NaN;
    const out = this.forward(part.X, part.n, []);
    let right = 0;
    for (let i = 0; i < part.n; i++) right += ((out[i] > 0) === (part.y[i] > 0)) ? 1 : 0;
    return right / part.n;
  };

  /** Every layer's outputs for raw input rows (for fits, boundaries and unit maps): [H_1, …, output]. */
  Trainer.prototype.outputsAt = function (rows) {
    const d = this.sizes[0], n = rows.length, X = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) X[i * d + j] = (rows[i][j] - this.mean[j]) / this.std[j];
    const outs = [];
    this.forward(X, n, outs);
    return outs.slice(1);
  };

  /** The weights as plain arrays: [{W: fan_in × fan_out, b}, …], plus how inputs are scaled. */
  Trainer.prototype.exportNetwork = function () {
    const self = this;
    return {
      format: "actlab-playground-network/1",
      sizes: this.sizes.slice(),
      activations: this.activations.map(function (a) { return a.name; }),
      input_mean: this.mean.slice(), input_std: this.std.slice(),
      task: this.task, loss: this.loss,
      layers: this.W.map(function (W, l) {
        const fanIn = self.sizes[l], fanOut = self.sizes[l + 1], rows = [];
        for (let i = 0; i < fanIn; i++) rows.push(Array.from(W.subarray(i * fanOut, (i + 1) * fanOut)));
        return { W: rows, b: Array.from(self.b[l]) };
      }),
    };
  };

  // ---------------------------------------------------------------- a playground session

  /** The most rows of loss history a session keeps (a long run keeps every 2nd, 4th, … step). */
  const HISTORY_ROWS = 2000;

  /**
   * One training run as the playground shows it: the data set (dataset(spec.data)), the trainer
   * (new Trainer(data, spec.net)) and the loss history. The page's worker trains a session; the
   * page holds a twin with the same data and architecture, into which it copies the worker's
   * snapshots (weights, history, gradient norms) to draw them.
   */
  function Session(spec) {
    this.data = dataset(spec.data);
    this.trainer = new Trainer(this.data, spec.net);
    this.history = { rows: [], every: 1, lastLoss: NaN };
  }

  /** `count` Adam steps. The history keeps [step, training loss, test loss (every 10th step)]
   *  rows, at most HISTORY_ROWS: when full, every other row goes and recording halves. */
  Session.prototype.train = function (count) {
    const t = this.trainer, h = this.history;
    for (let i = 0; i < count; i++) {
      const step = t.steps, loss = t.step();
      h.lastLoss = loss;
      if (step % h.every) continue;
      h.rows.push([step, loss, t.test.n && (h.every >= 10 || step % 10 === 0) ? t.testLoss() : NaN]);
      if (h.rows.length >= HISTORY_ROWS) {  // keep every other row, and record half as often
        h.rows = h.rows.filter(function (_, k) { return k % 2 === 0; });
        h.every *= 2;
      }
    }
  };

  /** What the page needs to draw the session's state (a structured-clonable object). */
  Session.prototype.snapshot = function () {
    const t = this.trainer;
    return { steps: t.steps, history: this.history, gradNorms: t.gradNorms.slice(),
             deadFractions: t.deadFractions.slice(), W: t.W.map(function (W) { return W.slice(); }),
             b: t.b.map(function (b) { return b.slice(); }) };
  };

  /** Take the state of another session's snapshot (same data and architecture). */
  Session.prototype.apply = function (snapshot) {
    const t = this.trainer;
    t.steps = snapshot.steps;
    t.gradNorms = snapshot.gradNorms;
    t.deadFractions = snapshot.deadFractions;
    snapshot.W.forEach(function (W, l) { t.W[l].set(W); });
    snapshot.b.forEach(function (b, l) { t.b[l].set(b); });
    this.history = snapshot.history;
  };

  global.actlabTraining = { Random: Random, DATASETS: DATASETS, dataset: dataset, parseCsv: parseCsv, Trainer: Trainer,
                            Session: Session };
})(typeof self !== "undefined" ? self : this);
