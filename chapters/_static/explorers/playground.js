/*
 * The training playground on the site: a small MLP trained live in the page (training.js) on
 * x·sin(x), 2-D classification sets or the reader's CSV points, with the loss curves, the fit
 * or decision boundary, each hidden unit's output, per-layer gradient norms and dead units;
 * play/pause/step/reset; export of the trained network; the whole set-up in the URL.
 *
 * An explorer kind of explorers.js (which loads this file and mounts it on
 * <div class="actlab-explorer" data-explorer="playground">), built from the helpers that
 * explorers.js shares as window.actlabExplorerKit.
 */
(function () {
  "use strict";

  const kit = window.actlabExplorerKit;
  /** the page's training worker: undefined until first asked for, null where none can start */
  let playgroundWorker;
  const { COLOURS, Explorer, Plot, clamp, extent, field, fmt, html, inherit, integerField, select, slider, table } = kit;
  /** the explorers' words in the page's language (explorers.js; `t` is a trainer here) */
  const tr = kit.t;

  /** The playground's controls, by the name a URL's hide: field uses to hide them. */
  const PLAYGROUND_CONTROLS = ["data", "noise", "test", "layers", "width", "act", "lr", "loss", "l2", "seed", "csv", "export"];
  /** Without a worker, redraw at most this often while training (ms); between redraws the page trains. */
  const REDRAW_EVERY = 120;
  /** Without a worker, train in slices of at most this many milliseconds, so no task of the page runs long. */
  const SLICE_MS = 8;
  /** The grid on which 2-D decision boundaries and unit maps are drawn (per side). */
  const MAP_SIZE = 30;

  const Playground = inherit(function (root, manifest) {
    Explorer.call(this, root, "playground", manifest);
    this.spec = manifest.playground;
    this.running = null;  // the current training run while playing
    this.generation = 0;  // the set-up's number: the worker's snapshots of earlier ones are dropped
    this.session = null;
    this.trainer = null;
    this.build();
  });

  /** "1.5_2_0~…" (the URL's form of CSV rows) ⇄ CSV text. */
  function csvFromField(text) { return String(text || "").split("~").map(function (r) { return r.split("_").join(","); }).join("\n"); }
  function csvToField(text) {
    return String(text || "").split(/\r?\n/).map(function (r) { return r.trim().split(/\s*[,;\t]\s*/).join("_"); })
      .filter(Boolean).join("~");
  }

  Playground.prototype.fromFields = function (f) {
    const spec = this.spec, d = spec.default, names = Object.keys(this.manifest.activations);
    const kinds = Object.keys(window.actlabTraining.DATASETS).concat(["csv"]);
    const layers = integerField(f.layers, spec.layers_range, 1);
    let acts = String(f.act || "").split("~").filter(function (n) { return names.indexOf(n) >= 0; });
    if (!acts.length) acts = [d.activation];
    while (acts.length < layers) acts.push(acts[acts.length - 1]);
    const lr = Number(f.lr), noise = Number(f.noise), test = Number(f.test), l2 = Number(f.l2);
    const hide = String(f.hide || "").split("~").filter(function (n) { return PLAYGROUND_CONTROLS.indexOf(n) >= 0; });
    return {
      data: kinds.indexOf(f.data) >= 0 ? f.data : "xsin",
      csv: f.data === "csv" ? csvFromField(f.pts) : "",
      noise: f.noise !== undefined && isFinite(noise) ? clamp(noise, 0, 2) : 0.2,
      test: f.test !== undefined && isFinite(test) ? clamp(test, 0, 0.5) : 0.2,
      layers: layers,
      width: integerField(f.width, spec.width_range, d.width),
      act: acts.slice(0, layers),
      lr: f.lr !== undefined && isFinite(lr) ? clamp(lr, spec.lr_range[0], spec.lr_range[1]) : d.lr,
      loss: f.loss === "mse" ? "mse" : "ce",
      l2: f.l2 !== undefined && isFinite(l2) ? clamp(l2, 0, 0.1) : 0,
      seed: integerField(f.seed, [0, 2147483647], d.seed),
      hide: hide,
    };
  };

  Playground.prototype.toFields = function () {
    const s = this.state;
    const fields = { data: s.data, noise: fmt(s.noise, 3), test: fmt(s.test, 3), layers: s.layers, width: s.width,
                     act: s.act.every(function (a) { return a === s.act[0]; }) ? s.act[0] : s.act.join("~"),
                     lr: fmt(s.lr, 3), loss: s.loss, l2: fmt(s.l2, 3), seed: s.seed };
    if (s.data === "csv") fields.pts = csvToField(s.csv);
    if (s.hide.length) fields.hide = s.hide.join("~");
    return fields;
  };

  Playground.prototype.build = function () {
    const self = this, spec = this.spec, T = window.actlabTraining;
    const change = function (changes) { self.update(changes); };
    const row = html("div", { class: "actlab-row" }, this.controls);
    this.buttons = {};
    for (const [name, text, action] of [["play", "▶ Play", function () { return self.running ? self.pause() : self.play(); }],
                                        ["step", "Step", function () { self.pause(); self.step(1); }],
                                        ["reset", "Reset", function () { self.pause(); self.reset(); }]]) {
      this.buttons[name] = html("button", { type: "button", name: name, class: "actlab-button" }, row, tr(text));
      this.buttons[name].addEventListener("click", action);
    }
    this.inputs = {};
    const kinds = Object.keys(T.DATASETS).map(function (k) { return [k, T.DATASETS[k].label]; }).concat([["csv", "your own points (CSV)"]]);
    this.inputs.data = select(this.controls, "data", "data", kinds, function (v) { change({ data: v }); });
    this.inputs.noise = slider(this.controls, "noise", "noise", [0, 2, 0.01], function (v) { change({ noise: v }); });
    this.inputs.test = slider(this.controls, "test", "test fraction", [0, 0.5, 0.05], function (v) { change({ test: v }); });
    this.inputs.layers = slider(this.controls, "layers", "hidden layers", spec.layers_range.concat([1]),
                                function (v) { change({ layers: v, act: self.state.act.slice(0, v).concat(Array(Math.max(0, v - self.state.act.length)).fill(self.state.act[self.state.act.length - 1])) }); },
                                function (v) { return String(v); });
    this.inputs.width = slider(this.controls, "width", "width", spec.width_range.concat([1]), function (v) { change({ width: v }); },
                               function (v) { return String(v); });
    this.actBox = html("span", { class: "actlab-params", "data-control": "act" }, this.controls);
    this.actSelects = [];
    const [lrLow, lrHigh] = spec.lr_range;
    this.inputs.lr = slider(this.controls, "lr", "learning rate", [Math.log10(lrLow), Math.log10(lrHigh), 0.01],
                            function (v) { change({ lr: Number(Math.pow(10, v).toPrecision(3)) }); },
                            function (v) { return fmt(v, 3); });
    this.inputs.loss = select(this.controls, "loss", "loss (classification)",
                              [["ce", "cross-entropy"], ["mse", "squared error"]], function (v) { change({ loss: v }); });
    this.inputs.l2 = slider(this.controls, "l2", "L2 λ", [0, 0.1, 0.001], function (v) { change({ l2: v }); });
    this.inputs.seed = html("input", { type: "number", name: "seed", min: 0, step: 1, class: "actlab-number" }, field(this.controls, "seed"));
    this.inputs.seed.addEventListener("change", function () { change({ seed: integerField(self.inputs.seed.value, [0, 2147483647], 0) }); });
    const csv = html("details", { class: "actlab-overlay", "data-control": "csv" }, this.controls);
    html("summary", {}, csv, tr("your own points (CSV)"));
    const csvField = html("label", { class: "actlab-field actlab-wide" }, csv);
    html("span", { class: "actlab-field-label" }, csvField, tr("one point per line: x,y (regression) or x1,x2,label with label 0 or 1"));
    this.csvText = html("textarea", { name: "csv", rows: 5, cols: 40 }, csvField);
    const load = html("button", { type: "button", name: "load-csv", class: "actlab-button" }, csv, tr("Train on these points"));
    load.addEventListener("click", function () { change({ data: "csv", csv: self.csvText.value }); });
    const exp = html("details", { class: "actlab-overlay", "data-control": "export" }, this.controls);
    html("summary", {}, exp, tr("export the network"));
    const fmtRow = html("div", { class: "actlab-row" }, exp);
    for (const [name, text] of [["json", "JSON weights"], ["numpy", "NumPy"], ["pytorch", "PyTorch"], ["tensorflow", "TensorFlow"]]) {
      const b = html("button", { type: "button", name: "export-" + name, class: "actlab-button" }, fmtRow, tr(text));
      b.addEventListener("click", function () { self.exportAs(name); });
    }
    const outField = html("label", { class: "actlab-field actlab-wide" }, exp);
    html("span", { class: "actlab-field-label" }, outField, tr("exported network"));
    this.exportText = html("textarea", { name: "export", rows: 8, cols: 60, readonly: "" }, outField);
  };

  /** Show the current state in the controls; hide those the URL names. */
  Playground.prototype.syncControls = function () {
    const self = this, s = this.state, names = Object.keys(this.manifest.activations);
    this.inputs.data.value = s.data;
    this.inputs.noise.set(s.noise, s.noise);
    this.inputs.test.set(s.test, s.test);
    this.inputs.layers.set(s.layers, s.layers);
    this.inputs.width.set(s.width, s.width);
    this.inputs.lr.set(Math.log10(s.lr), s.lr);
    this.inputs.loss.value = s.loss;
    this.inputs.l2.set(s.l2, s.l2);
    this.inputs.seed.value = String(s.seed);
    if (s.data === "csv" && document.activeElement !== this.csvText) this.csvText.value = s.csv;
    if (this.actSelects.length !== s.layers) {
      this.actBox.innerHTML = "";
      this.actSelects = s.act.map(function (_, l) {
        return select(self.actBox, "act" + (l + 1), tr("layer {n} activation", { n: l + 1 }), names.map(function (n) { return [n, n]; }),
                      function (v) { const act = self.state.act.slice(); act[l] = v; self.update({ act: act }); });
      });
    }
    this.actSelects.forEach(function (node, l) { node.value = s.act[l]; });
    for (const name of PLAYGROUND_CONTROLS) {  // a teacher's URL may hide some (hide:lr~data)
      const input = this.controls.querySelector('[name="' + name + '"]');
      const box = this.controls.querySelector('[data-control="' + name + '"]') || (input && input.closest(".actlab-field"));
      if (box) box.hidden = s.hide.indexOf(name) >= 0;
    }
  };

  /** A new data set and a fresh network for the current state (the state's seed fixes both),
   *  here and in the worker. */
  Playground.prototype.reset = function () {
    const s = this.state, T = window.actlabTraining;
    const spec = { data: { kind: s.data, csv: s.csv, noise: s.noise, testFraction: s.test, seed: s.seed },
                   net: { layers: Array(s.layers).fill(s.width), activations: s.act, loss: s.loss, lr: s.lr,
                          l2: s.l2, seed: s.seed } };
    this.error = null;
    this.generation += 1;
    this.root.removeAttribute("aria-busy");
    try {
      this.session = new T.Session(spec);
      this.data = this.session.data;
      this.trainer = this.session.trainer;
      const worker = this.worker();
      if (worker) worker.postMessage({ type: "reset", id: this.generation, spec: spec });
    } catch (error) {
      this.session = this.trainer = null;
      this.error = error;
    }
    this.layout();
    this.drawProgress();
  };

  /** The page's training worker (playground-worker.js), or null where none can start (a page
   *  opened from disk): then the page trains itself, in short slices per animation frame. */
  Playground.prototype.worker = function () {
    const self = this;
    if (playgroundWorker === undefined) {
      try {
        playgroundWorker = new Worker(kit.BASE + "playground-worker.js");
      } catch (error) {
        playgroundWorker = null;
      }
      if (playgroundWorker) {
        playgroundWorker.onerror = function (event) {  // it could not load: train on the page
          event.preventDefault();
          playgroundWorker = null;
          if (self.running) { self.running = null; self.play(); }
        };
      }
    }
    if (playgroundWorker) playgroundWorker.onmessage = function (event) { self.receive(event.data); };
    return playgroundWorker;
  };

  /** A snapshot from the worker: copy it into the page's session and draw it. */
  Playground.prototype.receive = function (snapshot) {
    if (snapshot.id !== this.generation || !this.session) return;  // from an earlier set-up
    if (snapshot.error) {
      this.error = new Error(snapshot.error);
      this.session = this.trainer = null;
      this.pause();
      this.drawProgress();
      return;
    }
    this.session.apply(snapshot);
    if (snapshot.final) {
      this.root.removeAttribute("aria-busy");
      this.drawLoss();
      this.drawModel();
    } else if (this.running) {
      this.drawInFrames();
    }
  };

  /** Redraw part by part, one part per animation frame (while training), so each task is short. */
  Playground.prototype.drawInFrames = function () {
    const self = this;
    if (this.drawing) return;
    this.drawing = true;
    const parts = [function () { self.drawLoss(); }, function () { self.drawModel("main"); }];
    if (this.trainer) this.trainer.activations.forEach(function (_, l) { parts.push(function () { self.drawModel(l); }); });
    const next = function () {
      if (!parts.length || !self.trainer) { self.drawing = false; return; }
      parts.shift()();
      window.requestAnimationFrame(next);
    };
    window.requestAnimationFrame(next);
  };

  /** `count` steps: by the worker (its snapshot redraws), or here. */
  Playground.prototype.step = function (count) {
    if (!this.session) return;
    const worker = this.worker();
    if (worker) {
      this.root.setAttribute("aria-busy", "true");
      worker.postMessage({ type: "step", count: count });
    } else {
      this.session.train(count);
      this.drawProgress();
    }
  };

  /** Train until paused: in the worker, or here in slices of ≤ SLICE_MS per animation frame. */
  Playground.prototype.play = function () {
    const self = this;
    if (!this.session) return;
    this.buttons.play.textContent = tr("⏸ Pause");
    const run = {};
    this.running = run;
    const worker = this.worker();
    if (worker) return worker.postMessage({ type: "play" });
    let drawn = performance.now();
    const tick = function () {
      if (self.running !== run) return;
      const start = performance.now();
      while (performance.now() - start < SLICE_MS) self.session.train(1);
      if (performance.now() - drawn > REDRAW_EVERY) { self.drawInFrames(); drawn = performance.now(); }
      window.requestAnimationFrame(tick);
    };
    window.requestAnimationFrame(tick);
  };

  /** Stop training; the worker's last snapshot (or the page's own state) is drawn. */
  Playground.prototype.pause = function () {
    const self = this;
    if (!this.running) return;
    this.running = null;
    this.buttons.play.textContent = tr("▶ Play");
    if (!this.session) return;
    const worker = this.worker();
    if (worker) {
      this.root.setAttribute("aria-busy", "true");
      return worker.postMessage({ type: "pause" });
    }
    this.drawLoss();
    window.requestAnimationFrame(function () { if (!self.running && self.trainer) self.drawModel(); });
  };

  /** A change of set-up: a fresh network (training continues if it was playing). */
  Playground.prototype.draw = function () {
    const playing = !!this.running;
    if (playing) this.pause();
    this.syncControls();
    this.reset();
    if (playing) this.play();
  };

  /** Redraw everything: the loss curves and readout, then the fit or boundary and the units. */
  Playground.prototype.drawProgress = function () {
    this.drawLoss();
    this.drawModel();
  };

  /** The layout of the plots for the current data set: made once per reset, reused while training. */
  Playground.prototype.layout = function () {
    this.plots.innerHTML = "";
    this.lossBox = html("div", { class: "actlab-box" }, this.plots);
    this.modelBox = html("div", { class: "actlab-box" }, this.plots);
    this.unitBox = html("div", { class: "actlab-units" }, this.plots);
    this.canvases = null;
    this.gridOutputs = null;
  };

  /** The loss curves (training, and test every 10 steps) and the readout. */
  Playground.prototype.drawLoss = function () {
    const t = this.trainer;
    this.lossBox.innerHTML = "";
    this.readout.innerHTML = "";
    if (!t) {
      html("p", { class: "actlab-error", "data-value": "status" }, this.readout, "Cannot train: " + this.error.message);
      return;
    }
    const steps = [], train = [], testSteps = [], test = [];
    this.session.history.rows.forEach(function (h) {
      steps.push(h[0]); train.push(h[1]);
      if (isFinite(h[2])) { testSteps.push(h[0]); test.push(h[2]); }
    });
    const last = t.steps ? this.session.history.lastLoss : t.trainLoss();
    const testNow = t.test.n ? t.testLoss() : NaN;
    const all = train.concat(test, [last]).filter(function (v) { return v > 0 && isFinite(v); });
    const lossPlot = Plot(this.lossBox, {
      xlim: [0, Math.max(10, t.steps)], logY: true,
      ylim: all.length ? [Math.min.apply(null, all) / 1.5, Math.max.apply(null, all) * 1.5] : [1e-3, 10],
      xlabel: "step", ylabel: t.loss === "ce" ? "cross-entropy (log scale)" : "mean squared error (log scale)",
      title: "loss: training (blue), test (orange)",
      label: tr("loss curve after {steps} steps: training {train}", { steps: t.steps, train: fmt(last, 4) }) +
             (t.test.n ? tr(", test {test}", { test: fmt(testNow, 4) }) : ""),
    });
    lossPlot.line(steps, train, { stroke: COLOURS[0], "data-series": "loss" });
    if (test.length) lossPlot.line(testSteps, test, { stroke: COLOURS[1], "data-series": "test-loss" });
    const rows = t.W.map(function (_, l) {
      const hidden = l < t.activations.length;
      return [hidden ? tr("hidden {l} ({act}, {n} units)", { l: l + 1, act: t.activations[l].name, n: t.sizes[l + 1] }) : tr("output"),
              { text: fmt(t.gradNorms[l], 3), attrs: { "data-value": "gradnorm" + (l + 1) } },
              hidden ? { text: (100 * t.deadFractions[l]).toFixed(0) + " %", attrs: { "data-value": "dead" + (l + 1) } } : "—"];
    });
    table(this.readout, ["layer", "‖∂L/∂W‖ (last step)", "dead units (f′ = 0 on every training point)"], rows);
    let status = tr("step {steps}: training loss {loss}", { steps: t.steps, loss: fmt(last, 4) });
    if (t.test.n) status += tr(", test loss {loss}", { loss: fmt(testNow, 4) });
    if (t.task === "classification") {
      status += tr("; accuracy {train} % training", { train: (100 * t.accuracy(t.train)).toFixed(1) }) +
                (t.test.n ? tr(", {test} % test", { test: (100 * t.accuracy(t.test)).toFixed(1) }) : "");
    }
    html("p", { "data-value": "status" }, this.readout,
         status + tr(" ({train} training, {test} test points)", { train: t.train.n, test: t.test.n }));
  };

  /** The fit (regression) or the decision boundary (2-D classification), and the hidden units;
   *  `part` "main" or a hidden layer's index draws only that part (while training, each in a
   *  frame of its own). */
  Playground.prototype.drawModel = function (part) {
    const t = this.trainer;
    if (!t) { this.modelBox.innerHTML = ""; this.unitBox.innerHTML = ""; return; }
    if (this.data.inputs === 1 && typeof part !== "number") this.drawFit(t);
    else if (this.data.inputs === 2) this.drawBoundary(t, part);
  };

  /** Regression: the data, the fit, and every hidden unit's output along x. */
  Playground.prototype.drawFit = function (t) {
    const xsAll = this.data.train.X.concat(this.data.test.X).map(function (r) { return r[0]; });
    const lo = Math.min.apply(null, xsAll), hi = Math.max.apply(null, xsAll);
    const xs = [];
    for (let i = 0; i <= 200; i++) xs.push(lo + (hi - lo) * i / 200);
    const outs = t.outputsAt(xs.map(function (x) { return [x]; }));
    const fit = Array.from(outs[outs.length - 1]);
    const ys = this.data.train.y.concat(this.data.test.y);
    this.modelBox.innerHTML = "";
    this.unitBox.innerHTML = "";
    const plot = Plot(this.modelBox, {
      xlim: [lo, hi], ylim: extent([ys, fit]), xlabel: "x", ylabel: "y",
      title: "fit (red); training (blue) and test (orange) points",
      label: tr("the network's fit after {steps} steps against the data", { steps: t.steps }),
    });
    this.data.train.X.forEach(function (r, i) { plot.dot(r[0], this.data.train.y[i], { r: 2, class: "actlab-data" }); }, this);
    this.data.test.X.forEach(function (r, i) { plot.dot(r[0], this.data.test.y[i], { r: 2.5, style: "fill:" + COLOURS[1] }); }, this);
    plot.line(xs, fit, { stroke: COLOURS[3], "data-series": "fit" });
    const box = this.unitBox;
    t.activations.forEach(function (a, l) {
      const width = t.sizes[l + 1], H = outs[l], curves = [];
      for (let u = 0; u < width; u++) curves.push(xs.map(function (_, i) { return H[i * width + u]; }));
      const unitPlot = Plot(box, {
        width: 300, height: 200, xlim: [lo, hi], ylim: extent(curves), xlabel: "x", ylabel: "unit output",
        title: tr("hidden layer {l} ({act}): each unit", { l: l + 1, act: a.name }),
        label: tr("the outputs of the {width} units of hidden layer {l} along x", { width: width, l: l + 1 }),
      });
      curves.forEach(function (c, u) { unitPlot.line(xs, c, { stroke: COLOURS[u % COLOURS.length], class: "actlab-line actlab-thin" }); });
    });
  };

  /** Classification: the decision boundary as a heat map with the points, and each unit's heat map
   *  (the canvases are made once per reset and repainted). */
  Playground.prototype.drawBoundary = function (t, part) {
    const rows = this.data.train.X.concat(this.data.test.X);
    const [x0, x1] = extent([rows.map(function (r) { return r[0]; })], 0.1);
    const [y0, y1] = extent([rows.map(function (r) { return r[1]; })], 0.1);
    const grid = [];
    for (let i = 0; i < MAP_SIZE; i++) for (let j = 0; j < MAP_SIZE; j++) {
      grid.push([x0 + (x1 - x0) * (j + 0.5) / MAP_SIZE, y1 - (y1 - y0) * (i + 0.5) / MAP_SIZE]);
    }
    if (!this.canvases) this.makeCanvases(t);
    if (typeof part === "number" && this.gridOutputs) return this.paintUnits(t, this.gridOutputs, part);
    const outs = t.outputsAt(grid), out = outs[outs.length - 1], size = BOUNDARY_PIXELS;
    this.gridOutputs = outs;
    const scale = t.loss === "ce" ? function (z) { return 2 / (1 + Math.exp(-z)) - 1; } : function (z) { return z; };
    const canvas = this.canvases.boundary;
    paintHeat(canvas, out, 1, 0, scale);
    canvas.setAttribute("aria-label", tr("decision boundary after {steps} steps: orange class 1, blue class 0; " +
                                         "circles training points, squares test points", { steps: t.steps }));
    const ctx = canvas.getContext("2d");
    const px = function (x) { return (x - x0) / (x1 - x0) * size; }, py = function (y) { return (y1 - y) / (y1 - y0) * size; };
    const dots = function (part, square) {
      part.X.forEach(function (r, i) {
        ctx.fillStyle = part.y[i] > 0 ? "#e6550d" : "#3182bd";
        ctx.strokeStyle = "#fff";
        ctx.beginPath();
        if (square) ctx.rect(px(r[0]) - 3, py(r[1]) - 3, 6, 6); else ctx.arc(px(r[0]), py(r[1]), 3, 0, 2 * Math.PI);
        ctx.fill(); ctx.stroke();
      });
    };
    dots(this.data.train, false);
    dots(this.data.test, true);
    if (part !== "main") this.paintUnits(t, outs, part);
  };

  /** Each hidden unit's output on the grid (of hidden layer `only`, or all), as a heat map scaled
   *  to its largest |value|. */
  Playground.prototype.paintUnits = function (t, outs, only) {
    const cells = MAP_SIZE * MAP_SIZE;
    this.canvases.units.forEach(function (layer, l) {
      if (typeof only === "number" && only !== l) return;
      const width = t.sizes[l + 1], H = outs[l];
      layer.forEach(function (c, u) {
        let top = 0;
        for (let i = 0; i < cells; i++) top = Math.max(top, Math.abs(H[i * width + u]));
        paintHeat(c, H, width, u, function (v) { return top ? v / top : 0; });
      });
    });
  };

  Playground.prototype.makeCanvases = function (t) {
    this.modelBox.innerHTML = "";
    this.unitBox.innerHTML = "";
    const main = html("figure", { class: "actlab-map" }, this.modelBox);
    const boundary = html("canvas", { width: BOUNDARY_PIXELS, height: BOUNDARY_PIXELS, role: "img", class: "actlab-heat" }, main);
    html("figcaption", {}, main, tr("decision boundary (orange: class 1)"));
    const box = this.unitBox;
    const units = t.activations.map(function (a, l) {
      const layer = html("figure", { class: "actlab-unit-layer" }, box);
      html("figcaption", {}, layer, tr("hidden layer {l} ({act}): each unit's output", { l: l + 1, act: a.name }));
      const canvases = [];
      for (let u = 0; u < t.sizes[l + 1]; u++) {
        canvases.push(html("canvas", { width: UNIT_PIXELS, height: UNIT_PIXELS, role: "img", class: "actlab-heat",
                                       "aria-label": tr("layer {l} unit {u}", { l: l + 1, u: u + 1 }) }, layer));
      }
      return canvases;
    });
    this.canvases = { boundary: boundary, units: units };
  };

  const BOUNDARY_PIXELS = 280, UNIT_PIXELS = 48;
  let scratch = null;

  /** Paint the MAP_SIZE² values[i·stride + offset], scaled to [−1, 1] (blue … white … orange), onto `canvas`. */
  function paintHeat(canvas, values, stride, offset, scale) {
    if (!scratch) {
      scratch = document.createElement("canvas");
      scratch.width = scratch.height = MAP_SIZE;
    }
    const sctx = scratch.getContext("2d"), image = sctx.createImageData(MAP_SIZE, MAP_SIZE);
    for (let i = 0; i < MAP_SIZE * MAP_SIZE; i++) {
      const v = clamp(scale(values[i * stride + offset]), -1, 1), a = Math.abs(v);
      const [r, g, b] = v >= 0 ? [253, 141, 60] : [107, 174, 214];
      image.data[4 * i] = Math.round(255 + (r - 255) * a);
      image.data[4 * i + 1] = Math.round(255 + (g - 255) * a);
      image.data[4 * i + 2] = Math.round(255 + (b - 255) * a);
      image.data[4 * i + 3] = 255;
    }
    sctx.putImageData(image, 0, 0);
    const ctx = canvas.getContext("2d");
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(scratch, 0, 0, canvas.width, canvas.height);
  }

  /** The trained network as JSON weights or as a NumPy / PyTorch / TensorFlow snippet, into the export box. */
  Playground.prototype.exportAs = function (format) {
    if (!this.trainer) return;
    const net = this.trainer.exportNetwork(), json = JSON.stringify(net);
    const snippets = {
      json: json,
      numpy: "# the playground's network in NumPy with actlab (outputs: regression values or logits)\n" +
             "import json\nimport numpy as np\nfrom actlab import numpy as anp\n\n" +
             "net = json.loads(r'''" + json + "''')\n\n" +
             "def predict(X):\n" +
             "    h = (np.asarray(X, dtype=float) - net['input_mean']) / net['input_std']\n" +
             "    for i, layer in enumerate(net['layers']):\n" +
             "        h = h @ np.array(layer['W']) + np.array(layer['b'])\n" +
             "        if i < len(net['activations']):\n" +
             "            h = anp.get(net['activations'][i])(h)\n" +
             "    return h\n",
      tensorflow: "# the playground's network in TensorFlow/Keras with actlab (float64; outputs: regression values or logits)\n" +
                  "import json\n\nimport numpy as np\n\nfrom actlab import tensorflow as atf  # first: it quiets TensorFlow's logging\n" +
                  "import keras\n\n" +
                  "net = json.loads(r'''" + json + "''')\n" +
                  "layers = [keras.Input((net['sizes'][0],), dtype='float64')]\n" +
                  "for i, layer in enumerate(net['layers']):\n" +
                  "    layers.append(keras.layers.Dense(len(layer['b']), dtype='float64'))\n" +
                  "    if i < len(net['activations']):\n" +
                  "        layers.append(keras.layers.Activation(atf.get(net['activations'][i]), dtype='float64'))\n" +
                  "model = keras.Sequential(layers)\n" +
                  "model.set_weights([np.array(w) for layer in net['layers'] for w in (layer['W'], layer['b'])])\n\n" +
                  "def predict(X):\n" +
                  "    return model((np.asarray(X, dtype=float) - net['input_mean']) / net['input_std']).numpy()\n",
      pytorch: "# the playground's network as a PyTorch module (float64), built by actlab\n" +
               "from actlab.widgets.export import playground_network\n\n" +
               "model = playground_network(r'''" + json + "''')\n" +
               "# model(x) takes raw inputs, shape (N, " + net.sizes[0] + "), dtype torch.float64\n",
    };
    this.exportText.value = snippets[format];
    this.exportText.dataset.format = format;
  };

  kit.KINDS.playground = Playground;
})();
