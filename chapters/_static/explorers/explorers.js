/*
 * actlab explorers: the book's interactive explorers, running in the browser without a kernel.
 *
 * The notebook versions live in the Python package (actlab.widgets); this file is their
 * client-side twin for the published site. It mounts on every element
 *
 *     <div class="actlab-explorer" data-explorer="KIND"></div>
 *
 * of a page, KIND being one of
 *
 *     derivative   f, f′, the tangent at any x₀, any parameter value; f′(x₀) analytic, by finite
 *                  difference, and (at build-time grid points) PyTorch's and TensorFlow's autograd
 *     gradflow     gradient norm and signal variance per layer of any deep MLP (depth, width, init,
 *                  residual skip, LayerNorm/BatchNorm, seed), computed in a Web Worker
 *     softmax      probabilities, Jacobian and cross-entropy gradient of a few logits
 *     playground   a small MLP trained live (full-batch Adam, float64) on x·sin(x) or 2-D
 *                  classification sets, or the reader's own CSV points
 *
 * Optional attributes: data-state="act:tanh,x0:1" (the initial state, in the URL syntax below;
 * the explorer then keeps it up to date with the current state) and data-key="…" (the URL
 * key, when a page has two explorers of one kind).
 *
 * Modules, next to this file, loaded on demand with <script> tags (which, unlike fetch, also
 * work when the book is opened from disk, file://):
 *
 *     activations.js   the catalog in JavaScript: every activation and its derivative
 *     training.js      seeded data sets, the MLP and its Adam training
 *     gradflow.js      the gradient-flow experiment (also run as the Web Worker)
 *     playground.js    the training playground (an explorer kind built on window.actlabExplorerKit)
 *     data/*.js        what only Python can compute, written by `python -m actlab.widgets.export DIR`
 *                      at build time: the manifest (catalog names, ranges, defaults) and PyTorch's
 *                      and TensorFlow's derivatives; each a script calling actlabExplorerData(key, payload)
 *
 * State in the URL. Each explorer keeps its state in the page's query string, as
 * KEY=FIELD:VALUE,… (several explorers joined by "&"; lists joined by "~"), e.g.
 *
 *     chapters/04_math_derivations.html?derivative=act:sigmoid~tanh,x0:6,fw:1&softmax=z:2_1_0.1_-1,T:1,t:0
 *
 * It is updated (history.replaceState, no reload) as the reader moves a control and read
 * on load, so a set-up is a shareable link. A link on the page to the same page with such a
 * query — a "try this" prompt, <a class="actlab-try" href="?derivative=act:sigmoid,x0:6"> —
 * is applied without a reload (and Back undoes it). A query string rather than a #hash,
 * because a #fragment must name an element of the page (the site's link checker holds
 * every link to that), while a query is just part of a link to the page itself.
 *
 * No external libraries: plain DOM and inline SVG.
 */
(function () {
  "use strict";

  const BASE = new URL("./", document.currentScript.src).href;
  const SVG_NS = "http://www.w3.org/2000/svg";
  /** series colours, as in actlab.widgets.plots (matplotlib's tab10) */
  const COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

  // ------------------------------------------------------------------ data loading

  const requests = {};
  const deliveries = {};

  /** Called by each data file: hands its payload to whoever asked for it. */
  window.actlabExplorerData = function (key, payload) {
    if (deliveries[key]) deliveries[key](payload);
  };

  /** Promise that the script at `src` has run (a <script> tag: works from file:// too). */
  function loadScript(src, missing) {
    return new Promise(function (resolve, reject) {
      const script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error(missing || "could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  /** Promise of the payload of data/KEY.js (loaded once per page). */
  function load(key) {
    if (!requests[key]) {
      requests[key] = new Promise(function (resolve, reject) {
        deliveries[key] = resolve;
        loadScript(BASE + "data/" + key + ".js",
                   "explorer data " + BASE + "data/" + key + ".js is missing: run " +
                   "`python -m actlab.widgets.export chapters/_static/explorers/data` before building the book")
          .catch(reject);
      });
    }
    return requests[key];
  }

  /** The explorers' modules, next to this file, in the order they need each other. */
  const MODULES = ["activations.js", "training.js", "gradflow.js", "playground.js"];

  function loadModules() {
    return MODULES.reduce(function (done, name) {
      return done.then(function () { return loadScript(BASE + name); });
    }, Promise.resolve());
  }

  // ------------------------------------------------------------------ state in the URL query

  /** "act:sigmoid,x0:6" → {act: "sigmoid", x0: "6"} (a query value, or a data-state attribute). */
  function parseFields(text) {
    const fields = {};
    for (const item of (text || "").split(",")) {
      const colon = item.indexOf(":");
      if (colon > 0) fields[item.slice(0, colon)] = item.slice(colon + 1);
    }
    return fields;
  }

  /** A query string as [[name, value], …] in order (no URLSearchParams: it reads "+" as a space). */
  function queryPairs(search) {
    return search.replace(/^\?/, "").split("&").filter(Boolean).map(function (part) {
      const eq = part.indexOf("=");
      return eq < 0 ? [decodeURIComponent(part), null]
                    : [decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1))];
    });
  }

  /** {key: fields} of the explorers named in a query string. */
  function readStates(search) {
    const states = {};
    for (const [name, value] of queryPairs(search)) if (value !== null) states[name] = parseFields(value);
    return states;
  }

  /** encodeURIComponent, but keeping the separators of our values readable (":", ",", "~"). */
  function encode(text) {
    return encodeURIComponent(text).replace(/%3A/gi, ":").replace(/%2C/gi, ",").replace(/%7E/gi, "~");
  }

  /** Put one explorer's fields into the page's query, keeping every other parameter and the #hash. */
  function writeState(key, fields) {
    const pairs = queryPairs(window.location.search).filter(function (p) { return p[0] !== key; });
    pairs.push([key, Object.entries(fields).map(function (kv) { return kv[0] + ":" + kv[1]; }).join(",")]);
    const query = pairs.map(function (p) { return p[1] === null ? encode(p[0]) : encode(p[0]) + "=" + encode(p[1]); });
    window.history.replaceState(window.history.state, "", "?" + query.join("&") + window.location.hash);
  }


  // ------------------------------------------------------------------ the page's language

  /**
   * The explorers' words in the page's language, which the site's edition sets on <html lang>
   * ("en" for the English pages, "zh-CN" for the Chinese ones; actlab_site.editions). A text is
   * looked up by its English form; {name} placeholders are filled from `values`; a text the
   * table lacks (an activation's name, a number, a symbol) is shown as it is. The primitives
   * below (field, select, checkbox, table, Plot) translate their labels; a composed sentence is
   * translated where it is composed, with placeholders.
   */
  const LABELS = {
    zh: {
      // controls
      "activation": "激活函数", "overlay others": "叠加其他函数", "init": "初始化", "depth": "深度",
      "width": "宽度", "residual (h + f(…))": "残差连接 (h + f(…))", "normalisation": "归一化",
      "none": "无", "seed": "随机种子", "target": "目标类别", "class": "类别", "data": "数据",
      "noise": "噪声", "test fraction": "测试集比例", "hidden layers": "隐藏层数", "learning rate": "学习率",
      "loss (classification)": "损失（分类）", "cross-entropy": "交叉熵", "squared error": "平方误差",
      "your own points (CSV)": "自己的数据点（CSV）", "export the network": "导出网络",
      "JSON weights": "JSON 权重", "exported network": "导出的网络", "Train on these points": "用这些点训练",
      "one point per line: x,y (regression) or x1,x2,label with label 0 or 1":
        "每行一个点：x,y（回归）或 x1,x2,label（label 为 0 或 1）",
      "▶ Play": "▶ 运行", "⏸ Pause": "⏸ 暂停", "Step": "单步", "Reset": "重置",
      "layer {n} activation": "第 {n} 层激活函数",
      "y = x·sin x + noise (the chapters' task)": "y = x·sin x + 噪声（各章的任务）", "two spirals": "双螺旋",
      "a disc inside a ring": "圆环中的圆盘", "XOR of the signs": "符号的异或", "two Gaussian clusters": "两个高斯簇",
      // derivative explorer
      "{act}: f and its tangent at x₀ = {x0}": "{act}：f 及其在 x₀ = {x0} 处的切线",
      "f(x) of {names} with the tangent of {act} at x0 = {x0}": "{names} 的 f(x)，以及 {act} 在 x0 = {x0} 处的切线",
      "f′ (yellow: |f′| < {s} saturated, grey: f′ = 0 dead)": "f′（黄色：|f′| < {s}，饱和；灰色：f′ = 0，死亡）",
      "f′(x) of {names}; at x0 = {x0}, f′ = {df}": "{names} 的 f′(x)；在 x0 = {x0} 处 f′ = {df}",
      "analytic f′(x₀)": "解析 f′(x₀)", "central difference, h = ": "中心差分，h = ",
      "at x₀ = {x0}": "在 x₀ = {x0} 处", "value": "值", "minus analytic": "减去解析值",
      "saturated (|f′| < {s}): {saturated}; dead (f′ = 0): {dead}": "饱和（|f′| < {s}）：{saturated}；死亡（f′ = 0）：{dead}",
      "PyTorch's and TensorFlow's autograd were measured when the site was built, at x₀ in steps of {step} with preset parameters; move x₀ to such a point to compare them.":
        "PyTorch 和 TensorFlow 的自动微分是在构建网站时以预设参数、在 x₀ 每隔 {step} 的点上测得的；把 x₀ 移到这样的点上即可比较。",
      // gradient-flow explorer
      "Computing depth {depth}, width {width} in the background…": "正在后台计算：深度 {depth}，宽度 {width}……",
      "‖∂L/∂W_l‖ (log scale)": "‖∂L/∂W_l‖（对数坐标）", "Var(h_l) (log scale)": "Var(h_l)（对数坐标）",
      "{act}, {init} init, depth {depth}, width {width}: {verdict}": "{act}，{init} 初始化，深度 {depth}，宽度 {width}：{verdict}",
      "residual": "残差", "{block} blocks: forward signal": "{block} 块：前向信号",
      "forward signal (the input has variance 1)": "前向信号（输入的方差为 1）",
      "layer l (1 = next to the input)": "第 l 层（1 = 紧邻输入）",
      "{quantity} per layer; first/last gradient ratio {ratio}, Var(h_L) {signal}: {verdict}":
        "每层的 {quantity}；首层/末层梯度之比 {ratio}，Var(h_L) {signal}：{verdict}",
      "{quantity} per layer of {block} blocks; first/last gradient ratio {ratio}, Var(h_L) {signal}: {verdict}":
        "{block} 块每层的 {quantity}；首层/末层梯度之比 {ratio}，Var(h_L) {signal}：{verdict}",
      "quantity": "量", "‖∂L/∂W_1‖ (input side)": "‖∂L/∂W_1‖（输入端）",
      "‖∂L/∂W_{depth}‖ (output side)": "‖∂L/∂W_{depth}‖（输出端）", "ratio first / last": "首层 / 末层之比",
      "Var(h_{depth}) (the input's is 1)": "Var(h_{depth})（输入的为 1）",
      "vanishing": "消失", "exploding": "爆炸", "stable": "稳定",
      "the gradient shrinks by a factor {ratio} from the last layer to the first": "梯度从最后一层到第一层缩小为原来的 {ratio} 倍",
      "the gradient grows by a factor {ratio} from the last layer to the first": "梯度从最后一层到第一层增大为原来的 {ratio} 倍",
      "the forward signal dies out (Var(h_L) = {signal}), and every layer's gradient ∂L/∂W_l = h_(l−1)ᵀ δ_l goes with it":
        "前向信号逐渐消失（Var(h_L) = {signal}），每一层的梯度 ∂L/∂W_l = h_(l−1)ᵀ δ_l 随之消失",
      "the forward signal blows up (Var(h_L) = {signal}), and every layer's gradient ∂L/∂W_l = h_(l−1)ᵀ δ_l goes with it":
        "前向信号爆炸（Var(h_L) = {signal}），每一层的梯度 ∂L/∂W_l = h_(l−1)ᵀ δ_l 随之爆炸",
      "the first/last ratio stays within [{ratio}] and Var(h_L) within [{signal}]":
        "首层/末层之比保持在 [{ratio}] 之内，Var(h_L) 保持在 [{signal}] 之内",
      "Computed in your browser in {seconds} s: {n} Gaussian input samples, weights drawn with seed {seed} (the same URL gives the same figure).":
        "在你的浏览器中计算，用时 {seconds} 秒：{n} 个高斯输入样本，权重由随机种子 {seed} 生成（同一网址给出同一张图）。",
      // softmax explorer
      "probabilities (T = {T})": "概率（T = {T}）", "probabilities {p}": "概率 {p}",
      "cross-entropy gradient, target {t}": "交叉熵梯度，目标类别 {t}", "cross-entropy gradient {g}": "交叉熵梯度 {g}",
      "Jacobian row sum": "雅可比矩阵行和", "cross-entropy L = −log p{t} = {loss}": "交叉熵 L = −log p{t} = {loss}",
      "Jacobian of the softmax, rows {rows}": "softmax 的雅可比矩阵，各行 {rows}",
      // playground
      "step": "步数", "cross-entropy (log scale)": "交叉熵（对数坐标）", "mean squared error (log scale)": "均方误差（对数坐标）",
      "loss: training (blue), test (orange)": "损失：训练集（蓝），测试集（橙）",
      "loss curve after {steps} steps: training {train}": "训练 {steps} 步后的损失曲线：训练集 {train}", ", test {test}": "，测试集 {test}",
      "hidden {l} ({act}, {n} units)": "隐藏层 {l}（{act}，{n} 个单元）", "output": "输出层", "layer": "层",
      "‖∂L/∂W‖ (last step)": "‖∂L/∂W‖（最后一步）",
      "dead units (f′ = 0 on every training point)": "死亡单元（在每个训练点上 f′ = 0）",
      "step {steps}: training loss {loss}": "第 {steps} 步：训练损失 {loss}", ", test loss {loss}": "，测试损失 {loss}",
      "; accuracy {train} % training": "；准确率：训练集 {train} %", ", {test} % test": "，测试集 {test} %",
      " ({train} training, {test} test points)": "（{train} 个训练点，{test} 个测试点）",
      "fit (red); training (blue) and test (orange) points": "拟合（红）；训练点（蓝）和测试点（橙）",
      "the network's fit after {steps} steps against the data": "训练 {steps} 步后网络对数据的拟合",
      "unit output": "单元输出", "hidden layer {l} ({act}): each unit": "隐藏层 {l}（{act}）：每个单元",
      "the outputs of the {width} units of hidden layer {l} along x": "隐藏层 {l} 的 {width} 个单元沿 x 的输出",
      "decision boundary after {steps} steps: orange class 1, blue class 0; circles training points, squares test points":
        "训练 {steps} 步后的决策边界：橙色为类别 1，蓝色为类别 0；圆点为训练点，方块为测试点",
      "decision boundary (orange: class 1)": "决策边界（橙色：类别 1）",
      "hidden layer {l} ({act}): each unit's output": "隐藏层 {l}（{act}）：每个单元的输出",
      "layer {l} unit {u}": "第 {l} 层第 {u} 个单元",
      "This explorer could not load its data: {error}": "此探索器无法加载数据：{error}",
    },
  };
  const LANGUAGE = (document.documentElement.lang || "en").split("-")[0].toLowerCase();

  /** `text` (English, with {name} placeholders) in the page's language, `values` filled in. */
  function t(text, values) {
    const template = (LABELS[LANGUAGE] || {})[text] || text;
    return values ? template.replace(/\{(\w+)\}/g, function (whole, name) { return name in values ? String(values[name]) : whole; })
                  : template;
  }

  // ------------------------------------------------------------------ small helpers

  function html(tag, attrs, parent, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function svg(tag, attrs, parent, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  /** Python's f"{v:.{digits}g}", near enough: 6 significant digits, no trailing zeros. */
  function fmt(value, digits) {
    if (!isFinite(value)) return String(value);
    return String(Number(value.toPrecision(digits || 6)));
  }

  /** Python's f"{v:+.1e}". */
  function fmtDiff(value) {
    return (value >= 0 ? "+" : "") + value.toExponential(1);
  }

  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }

  /** The entry of `values` nearest to `value`. */
  function nearest(values, value) {
    return values.reduce(function (best, v) { return Math.abs(v - value) < Math.abs(best - value) ? v : best; });
  }

  // ------------------------------------------------------------------ controls

  /** A labelled control row element inside `parent`. */
  function field(parent, label) {
    const wrap = html("label", { class: "actlab-field" }, parent);
    html("span", { class: "actlab-field-label" }, wrap, t(label));
    return wrap;
  }

  function select(parent, name, label, options, onChange) {
    const node = html("select", { name: name }, field(parent, label));
    for (const option of options) html("option", { value: option[0] }, node, t(option[1]));
    node.addEventListener("change", function () { onChange(node.value); });
    return node;
  }

  /** A range input with its value shown beside it; `show(v)` formats the shown value. */
  function slider(parent, name, label, range, onInput, show) {
    const wrap = field(parent, label);
    const node = html("input", { type: "range", name: name, min: range[0], max: range[1], step: range[2] }, wrap);
    const out = html("output", { class: "actlab-slider-value" }, wrap);
    node.addEventListener("input", function () { onInput(Number(node.value)); });
    return {
      input: node,
      set: function (value, shown) { node.value = value; out.textContent = show ? show(shown) : fmt(shown, 4); },
    };
  }

  function checkbox(parent, name, label, onChange) {
    const wrap = html("label", { class: "actlab-field actlab-check" }, parent);
    const node = html("input", { type: "checkbox", name: name }, wrap);
    html("span", {}, wrap, t(label));
    node.addEventListener("change", function () { onChange(node.checked); });
    return node;
  }

  // ------------------------------------------------------------------ SVG plots

  /** About `count` round tick values covering [low, high]. */
  function ticks(low, high, count) {
    const raw = (high - low) / (count || 5);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map(function (m) { return m * power; }).find(function (s) { return s >= raw; });
    const out = [];
    for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    return out;
  }

  /** Powers of ten covering [low, high] (positive), thinned to at most about 6 labels;
   *  with 2× and 5× between them when the range spans less than two decades. */
  function decadeTicks(low, high) {
    const lo = Math.floor(Math.log10(low)), hi = Math.ceil(Math.log10(high));
    const every = Math.max(1, Math.ceil((hi - lo) / 6));
    const steps = hi - lo < 2 ? [1, 2, 5] : [1];
    const out = [];
    for (let e = lo; e <= hi; e += every) for (const m of steps) out.push(m * Math.pow(10, e));
    return out;
  }

  let plotCount = 0;

  /**
   * An SVG chart in `parent`: axes with ticks and labels, and methods that draw into it.
   * opts: {xlim, ylim, logY, xlabel, ylabel, title, label (accessible description), width, height}
   */
  function Plot(parent, opts) {
    const W = opts.width || 420, H = opts.height || 280;
    const m = { l: 58, r: 12, t: 26, b: 40 };
    const [x0, x1] = opts.xlim, [y0, y1] = opts.ylim;
    const fy = opts.logY ? Math.log10 : function (v) { return v; };
    const X = function (x) { return m.l + (x - x0) / (x1 - x0) * (W - m.l - m.r); };
    const Y = function (y) { return H - m.b - (fy(y) - fy(y0)) / (fy(y1) - fy(y0)) * (H - m.t - m.b); };
    const root = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "actlab-plot", role: "img",
                              style: "max-width:" + W + "px" }, parent);  // never above its natural size
    svg("title", {}, root, t(opts.label || opts.title));
    const clipId = "actlab-clip-" + (++plotCount);
    svg("rect", { x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b },
        svg("clipPath", { id: clipId }, svg("defs", {}, root)));
    const back = svg("g", { "clip-path": "url(#" + clipId + ")" }, root);
    const axes = svg("g", { class: "actlab-axes" }, root);
    const front = svg("g", { "clip-path": "url(#" + clipId + ")" }, root);
    svg("rect", { x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b, class: "actlab-frame" }, axes);
    for (const t of ticks(x0, x1, 6)) {
      svg("line", { x1: X(t), x2: X(t), y1: m.t, y2: H - m.b, class: "actlab-grid" }, back);
      svg("text", { x: X(t), y: H - m.b + 14, "text-anchor": "middle" }, axes, fmt(t, 3));
    }
    for (const t of opts.logY ? decadeTicks(y0, y1) : ticks(y0, y1, 5)) {
      if (opts.logY && (t < y0 * 0.999 || t > y1 * 1.001)) continue;
      svg("line", { x1: m.l, x2: W - m.r, y1: Y(t), y2: Y(t), class: "actlab-grid" }, back);
      svg("text", { x: m.l - 5, y: Y(t) + 4, "text-anchor": "end" }, axes,
          opts.logY ? t.toExponential(0).replace("e+", "e") : fmt(t, 3));
    }
    svg("text", { x: (m.l + W - m.r) / 2, y: H - 6, "text-anchor": "middle", class: "actlab-label" }, axes, t(opts.xlabel));
    svg("text", { x: 12, y: (m.t + H - m.b) / 2, "text-anchor": "middle", class: "actlab-label",
                  transform: "rotate(-90 12 " + (m.t + H - m.b) / 2 + ")" }, axes, t(opts.ylabel));
    svg("text", { x: m.l, y: 16, class: "actlab-title" }, axes, t(opts.title));

    return {
      svg: root,
      /** A polyline through the finite points (x, y); `attrs` e.g. {stroke, "data-series"}. */
      line: function (xs, ys, attrs) {
        let d = "", pen = "M";
        for (let i = 0; i < xs.length; i++) {
          const ok = isFinite(ys[i]) && (!opts.logY || ys[i] > 0);
          if (!ok) { pen = "M"; continue; }
          d += pen + X(xs[i]).toFixed(1) + "," + Y(ys[i]).toFixed(1);
          pen = "L";
        }
        return svg("path", Object.assign({ d: d, class: "actlab-line" }, attrs), front);
      },
      /** A shaded vertical band from x = a to x = b. */
      band: function (a, b, attrs) {
        return svg("rect", Object.assign({ x: X(a), width: Math.max(1, X(b) - X(a)), y: m.t, height: H - m.t - m.b },
                                         attrs), back);
      },
      dot: function (x, y, attrs) {
        return svg("circle", Object.assign({ cx: X(x), cy: Y(y), r: 4, class: "actlab-dot" }, attrs), front);
      },
      bar: function (x, width, y, attrs) {
        const base = opts.logY ? y0 : clamp(0, y0, y1);
        return svg("rect", Object.assign({ x: X(x - width / 2), width: X(x + width / 2) - X(x - width / 2),
                                           y: Math.min(Y(y), Y(base)), height: Math.abs(Y(y) - Y(base)) }, attrs), front);
      },
      vline: function (x, attrs) {
        return svg("line", Object.assign({ x1: X(x), x2: X(x), y1: m.t, y2: H - m.b, class: "actlab-marker" }, attrs), front);
      },
    };
  }

  /** A small HTML table; a cell is a string or {text, attrs} (e.g. attrs {"data-value": "analytic"}). */
  function table(parent, header, rows) {
    const node = html("table", { class: "actlab-table" }, parent);
    const head = html("tr", {}, node);
    for (const h of header) html("th", {}, head, t(h));
    for (const row of rows) {
      const tr = html("tr", {}, node);
      for (const cell of row) {
        if (typeof cell === "string") html("td", {}, tr, cell);
        else html("td", cell.attrs, tr, cell.text);
      }
    }
    return node;
  }

  function extent(arrays, pad) {
    let lo = Infinity, hi = -Infinity;
    for (const a of arrays) for (const v of a) if (isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const span = hi - lo || 1;
    return [lo - (pad || 0.08) * span, hi + (pad || 0.08) * span];
  }

  // ------------------------------------------------------------------ explorer base

  /**
   * What every explorer shares: a root with controls, plots and a readout, and a state object.
   * `apply(fields)` sets the whole state from URL fields, `update(changes)` changes part of it
   * (a control moved); both then `render()`: write the state to the URL and redraw. Each kind
   * provides fromFields(fields) → state, toFields() → fields, and draw() (which may return a
   * promise while its data load); most build their controls once, in the constructor.
   */
  function Explorer(root, kind, manifest) {
    this.root = root;
    this.kind = kind;
    this.key = root.dataset.key || kind;
    this.manifest = manifest;
    root.classList.add("actlab-ready");
    root.innerHTML = "";
    this.controls = html("div", { class: "actlab-controls" }, root);
    this.plots = html("div", { class: "actlab-plots" }, root);
    this.readout = html("div", { class: "actlab-readout", "aria-live": "polite" }, root);
  }

  /** Set the whole state from URL fields (missing or invalid fields take the defaults). */
  Explorer.prototype.apply = function (fields) {
    this.state = this.fromFields(fields);
    return this.render();
  };

  Explorer.prototype.update = function (changes) {
    this.state = Object.assign({}, this.state, changes);
    return this.render();
  };

  /** Write the state to the URL, then redraw (a promise: some explorers wait for their data). */
  Explorer.prototype.render = function () {
    const self = this;
    this.publish();
    return Promise.resolve(this.draw()).catch(function (error) { self.fail(error); });
  };

  /** The state into the URL query and into the root's data-state attribute. */
  Explorer.prototype.publish = function () {
    const fields = this.toFields();
    writeState(this.key, fields);
    this.root.dataset.state = Object.entries(fields).map(function (kv) { return kv.join(":"); }).join(",");
  };

  Explorer.prototype.fail = function (error) {
    console.error("actlab explorer (" + this.kind + "):", error);
    html("p", { class: "actlab-error" }, this.readout, t("This explorer could not load its data: {error}", { error: error.message }));
  };

  function inherit(Child) {
    Child.prototype = Object.create(Explorer.prototype);
    Child.prototype.constructor = Child;
    return Child;
  }

  // ------------------------------------------------------------------ derivative explorer

  /** The derivative estimates at x₀, in display order (the finite difference's h comes from the manifest). */
  const ESTIMATE_LABELS = [
    ["analytic", "analytic f′(x₀)"],
    ["finite_difference", "central difference, h = "],
    ["torch", "PyTorch autograd"],
    ["tensorflow", "TensorFlow GradientTape"],
  ];
  /** points per curve: x_min … x_max in steps of (x_max − x_min)/CURVE_STEPS */
  const CURVE_STEPS = 320;

  const Derivative = inherit(function (root, manifest) {
    Explorer.call(this, root, "derivative", manifest);
    this.spec = manifest.derivative;
    this.build();
  });

  /** A parameter value from the URL, clamped to the catalog's range (the default if not a number). */
  function paramValue(manifest, name, text, fallback) {
    const value = Number(text), range = manifest.param_ranges[name];
    return text === undefined || !isFinite(value) ? fallback : clamp(value, range[0], range[1]);
  }

  Derivative.prototype.fromFields = function (f) {
    const manifest = this.manifest, names = Object.keys(manifest.activations);
    const acts = String(f.act).split("~").filter(function (n) { return names.indexOf(n) >= 0; });
    const act = acts[0] || this.spec.default.activation;
    const params = {};
    for (const [name, preset] of Object.entries(manifest.activations[act].params)) {
      params[name] = paramValue(manifest, name, f[name], preset);
    }
    const d = this.spec.default, x0 = Number(f.x0);
    return {
      act: act,
      overlay: acts.slice(1).filter(function (n) { return n !== act; }),
      params: params,
      x0: f.x0 !== undefined && isFinite(x0) ? clamp(x0, this.spec.x_min, this.spec.x_max) : d.x0,
      fw: f.fw === undefined ? d.frameworks : f.fw !== "0",
    };
  };

  Derivative.prototype.toFields = function () {
    const s = this.state, params = {};
    for (const [name, value] of Object.entries(s.params)) params[name] = fmt(value, 6);
    return Object.assign({ act: [s.act].concat(s.overlay).join("~"), x0: fmt(s.x0, 6) }, params,
                         { fw: s.fw ? 1 : 0 });
  };

  Derivative.prototype.build = function () {
    const self = this, spec = this.spec;
    const names = Object.keys(this.manifest.activations);
    this.actSelect = select(this.controls, "act", "activation",
                            names.map(function (n) { return [n, n]; }),
                            function (act) { self.update({ act: act, params: Object.assign({}, self.manifest.activations[act].params), overlay: self.state.overlay.filter(function (n) { return n !== act; }) }); });
    this.paramBox = html("span", { class: "actlab-params" }, this.controls);
    this.x0Slider = slider(this.controls, "x0", "x₀", [spec.x_min, spec.x_max, 0.01],
                           function (x0) { self.update({ x0: x0 }); });
    this.fwBox = checkbox(this.controls, "fw", "PyTorch & TensorFlow", function (on) { self.update({ fw: on }); });
    const details = html("details", { class: "actlab-overlay" }, this.controls);
    html("summary", {}, details, t("overlay others"));
    this.overlayBoxes = {};
    for (const name of names) {
      this.overlayBoxes[name] = checkbox(details, "overlay-" + name, name, function () {
        self.update({ overlay: names.filter(function (n) { return n !== self.state.act && self.overlayBoxes[n].checked; }) });
      });
    }
    this.paramSliders = {};
  };

  /** PyTorch's and TensorFlow's f′(x₀) − analytic, when x₀ is on the build-time grid with preset
   *  parameters (a browser has neither framework); else null. */
  Derivative.prototype.frameworks = function (s) {
    const spec = this.spec, step = spec.framework_grid_step;
    const i = Math.round((s.x0 - spec.x_min) / step);
    if (Math.abs(spec.x_min + i * step - s.x0) > 1e-9) return Promise.resolve(null);
    return load("frameworks-" + s.act).then(function (data) {
      const frame = data.frames.find(function (fr) {
        return Object.keys(s.params).every(function (k) { return fr.params[k] === s.params[k]; });
      });
      return frame ? { torch: frame.torch_minus_analytic[i], tensorflow: frame.tensorflow_minus_analytic[i] } : null;
    });
  };

  Derivative.prototype.syncControls = function () {
    const s = this.state, self = this, ranges = this.manifest.param_ranges;
    this.actSelect.value = s.act;
    this.x0Slider.set(s.x0, s.x0);
    this.fwBox.checked = s.fw;
    for (const [name, box] of Object.entries(this.overlayBoxes)) {
      box.checked = s.overlay.indexOf(name) >= 0;
      box.disabled = name === s.act;
    }
    const names = Object.keys(s.params).filter(function (n) { return ranges[n][1] > ranges[n][0]; });
    if (names.join() !== Object.keys(this.paramSliders).join()) {  // another activation: its parameters
      this.paramBox.innerHTML = "";
      this.paramSliders = {};
      for (const name of names) {
        const [low, high] = ranges[name];
        this.paramSliders[name] = slider(this.paramBox, name, name, [low, high, (high - low) / 1000], function (value) {
          self.update({ params: Object.assign({}, self.state.params, { [name]: value }) });
        });
      }
    }
    for (const name of names) this.paramSliders[name].set(s.params[name], s.params[name]);
  };

  Derivative.prototype.draw = function () {
    const self = this, s = this.state, spec = this.spec, AF = window.actlabActivations;
    this.syncControls();
    const names = [s.act].concat(s.overlay);
    const xs = [];
    for (let i = 0; i <= CURVE_STEPS; i++) xs.push(spec.x_min + (spec.x_max - spec.x_min) * i / CURVE_STEPS);
    const curves = names.map(function (n, k) {
      const params = k === 0 ? s.params : {};
      const f = AF.get(n, params), df = AF.grad(n, params);
      return { f: xs.map(f), df: xs.map(df) };
    });
    const f = AF.get(s.act, s.params), df = AF.grad(s.act, s.params), h = spec.fd_step;
    const f0 = f(s.x0), df0 = df(s.x0);
    const at = { analytic: df0, finite_difference: (f(s.x0 + h) - f(s.x0 - h)) / (2 * h) };
    const regions = { saturated: intervalsWhere(xs, curves[0].df, function (v) { return Math.abs(v) < spec.saturation; }),
                      dead: intervalsWhere(xs, curves[0].df, function (v) { return v === 0; }) };
    this.plots.innerHTML = "";
    const fPlot = Plot(this.plots, {
      xlim: [spec.x_min, spec.x_max], ylim: extent(curves.map(function (c) { return c.f; })),
      xlabel: "x", ylabel: "f(x)", title: t("{act}: f and its tangent at x₀ = {x0}", { act: s.act, x0: fmt(s.x0, 4) }),
      label: t("f(x) of {names} with the tangent of {act} at x0 = {x0}", { names: names.join(", "), act: s.act, x0: fmt(s.x0, 4) }),
    });
    const dfPlot = Plot(this.plots, {
      xlim: [spec.x_min, spec.x_max], ylim: extent(curves.map(function (c) { return c.df; }).concat([[0]])),
      xlabel: "x", ylabel: "f′(x)", title: t("f′ (yellow: |f′| < {s} saturated, grey: f′ = 0 dead)", { s: spec.saturation }),
      label: t("f′(x) of {names}; at x0 = {x0}, f′ = {df}", { names: names.join(", "), x0: fmt(s.x0, 4), df: fmt(df0) }),
    });
    for (const [a, b] of regions.saturated) dfPlot.band(a, b, { class: "actlab-saturated", "data-region": "saturated" });
    for (const [a, b] of regions.dead) dfPlot.band(a, b, { class: "actlab-dead", "data-region": "dead" });
    curves.forEach(function (c, k) {
      fPlot.line(xs, c.f, { stroke: COLOURS[k % COLOURS.length], "data-series": "f:" + names[k] });
      dfPlot.line(xs, c.df, { stroke: COLOURS[k % COLOURS.length], "data-series": "df:" + names[k] });
    });
    const half = spec.tangent_half_width;
    const tx = [clamp(s.x0 - half, spec.x_min, spec.x_max), clamp(s.x0 + half, spec.x_min, spec.x_max)];
    fPlot.line(tx, tx.map(function (x) { return f0 + df0 * (x - s.x0); }), { class: "actlab-tangent", "data-series": "tangent" });
    fPlot.vline(s.x0);
    dfPlot.vline(s.x0);
    fPlot.dot(s.x0, f0);
    dfPlot.dot(s.x0, df0);
    this.legend(names);
    return (s.fw ? this.frameworks(s) : Promise.resolve(null)).then(function (fw) {
      if (s !== self.state) return;  // a newer state is being drawn
      if (fw) { at.torch = df0 + fw.torch; at.tensorflow = df0 + fw.tensorflow; }
      self.readout.innerHTML = "";
      const rows = [["f(x₀)", { text: fmt(f0), attrs: { "data-value": "f" } }, ""]];
      for (const [key, label] of ESTIMATE_LABELS) {
        if (at[key] === undefined) continue;
        rows.push([key === "finite_difference" ? t(label) + h.toExponential(0) : t(label),
                   { text: fmt(at[key]), attrs: { "data-value": key } },
                   key === "analytic" ? "" : fmtDiff(at[key] - df0)]);
      }
      table(self.readout, [t("at x₀ = {x0}", { x0: fmt(s.x0, 4) }), "value", "minus analytic"], rows);
      const list = function (ivs) {
        return ivs.map(function (iv) { return "[" + fmt(iv[0], 4) + ", " + fmt(iv[1], 4) + "]"; }).join(" ∪ ") || t("none");
      };
      html("p", { "data-value": "regions" }, self.readout,
           t("saturated (|f′| < {s}): {saturated}; dead (f′ = 0): {dead}",
             { s: spec.saturation, saturated: list(regions.saturated), dead: list(regions.dead) }));
      if (s.fw && !fw) {
        html("p", { class: "actlab-note", "data-value": "frameworks" }, self.readout,
             t("PyTorch's and TensorFlow's autograd were measured when the site was built, at x₀ in steps of " +
               "{step} with preset parameters; move x₀ to such a point to compare them.", { step: spec.framework_grid_step }));
      }
    });
  };

  /** The maximal runs of consecutive grid points where `test(values[i])` holds, as [first x, last x]. */
  function intervalsWhere(xs, values, test) {
    const out = [];
    let start = -1;
    for (let i = 0; i <= xs.length; i++) {
      const inside = i < xs.length && test(values[i]);
      if (inside && start < 0) start = i;
      if (!inside && start >= 0) { out.push([xs[start], xs[i - 1]]); start = -1; }
    }
    return out;
  }

  Derivative.prototype.legend = function (names) {
    const box = html("div", { class: "actlab-legend" }, this.plots);
    names.forEach(function (n, k) {
      const item = html("span", {}, box);
      html("span", { class: "actlab-swatch", style: "background:" + COLOURS[k % COLOURS.length] }, item);
      item.appendChild(document.createTextNode(n));
    });
  };

  // ------------------------------------------------------------------ gradient-flow explorer

  let gradflowWorker = null;
  let gradflowRequests = 0;
  const gradflowPending = {};

  /**
   * Promise of {norms, variances} for `opts` (gradflow.js), computed in a Web Worker so that
   * the page stays responsive; where no worker can start (a page opened from disk), on the page.
   */
  function gradientFlow(opts) {
    if (gradflowWorker === null) {
      try {
        gradflowWorker = new Worker(BASE + "gradflow.js");
        gradflowWorker.onmessage = function (event) {
          const answer = gradflowPending[event.data.id];
          delete gradflowPending[event.data.id];
          if (!answer) return;
          if (event.data.error) answer.reject(new Error(event.data.error));
          else answer.resolve(event.data);
        };
        gradflowWorker.onerror = function (event) {
          event.preventDefault();
          gradflowWorker = false;  // e.g. file:// pages: compute on the page from now on
          for (const [id, pending] of Object.entries(gradflowPending)) {
            delete gradflowPending[id];
            pending.resolve(window.actlabGradientFlow.compute(pending.opts));
          }
        };
      } catch (error) {
        gradflowWorker = false;
      }
    }
    if (!gradflowWorker) return Promise.resolve().then(function () { return window.actlabGradientFlow.compute(opts); });
    return new Promise(function (resolve, reject) {
      const id = ++gradflowRequests;
      gradflowPending[id] = { resolve: resolve, reject: reject, opts: opts };
      gradflowWorker.postMessage(Object.assign({ id: id }, opts));
    });
  }

  const GradFlow = inherit(function (root, manifest) {
    Explorer.call(this, root, "gradflow", manifest);
    this.spec = manifest.gradflow;
    this.build();
  });

  /** An integer URL field within [low, high], or the default. */
  function integerField(text, range, fallback) {
    const value = Math.round(Number(text));
    return text !== undefined && isFinite(value) ? clamp(value, range[0], range[1]) : fallback;
  }

  GradFlow.prototype.fromFields = function (f) {
    const spec = this.spec, d = spec.default;
    return {
      act: this.manifest.activations[f.act] ? f.act : d.activation,
      init: spec.inits.indexOf(f.init) >= 0 ? f.init : d.init,
      depth: integerField(f.depth, spec.depth_range, d.depth),
      width: integerField(f.width, spec.width_range, d.width),
      residual: f.residual === undefined ? d.residual : f.residual !== "0",
      norm: spec.norms.indexOf(f.norm) >= 0 ? f.norm : d.norm,
      seed: integerField(f.seed, [0, 2147483647], 0),
    };
  };

  /** What each normalisation is called on the page (actlab.gradflow.NORMS). */
  const NORM_LABELS = { none: "none", layer: "LayerNorm", batch: "BatchNorm" };

  GradFlow.prototype.toFields = function () {
    const s = this.state;
    return { act: s.act, init: s.init, depth: s.depth, width: s.width, residual: s.residual ? 1 : 0, norm: s.norm,
             seed: s.seed };
  };

  GradFlow.prototype.build = function () {
    const self = this, spec = this.spec;
    const options = function (list) { return list.map(function (v) { return [String(v), String(v)]; }); };
    this.actSelect = select(this.controls, "act", "activation", options(Object.keys(this.manifest.activations)),
                            function (act) { self.update({ act: act }); });
    this.initSelect = select(this.controls, "init", "init", options(spec.inits),
                             function (init) { self.update({ init: init }); });
    this.depthSlider = slider(this.controls, "depth", "depth", spec.depth_range.concat([1]),
                              function (v) { self.update({ depth: v }); }, function (v) { return String(v); });
    this.widthSlider = slider(this.controls, "width", "width", spec.width_range.concat([1]),
                              function (v) { self.update({ width: v }); }, function (v) { return String(v); });
    this.residualBox = checkbox(this.controls, "residual", "residual (h + f(…))",
                                function (on) { self.update({ residual: on }); });
    this.normSelect = select(this.controls, "norm", "normalisation",
                             spec.norms.map(function (n) { return [n, NORM_LABELS[n] || n]; }),
                             function (norm) { self.update({ norm: norm }); });
    this.seedInput = html("input", { type: "number", name: "seed", min: 0, step: 1, class: "actlab-number" },
                          field(this.controls, "seed"));
    this.seedInput.addEventListener("change", function () { self.update({ seed: integerField(self.seedInput.value, [0, 2147483647], 0) }); });
  };

  GradFlow.prototype.draw = function () {
    const self = this, s = this.state, spec = this.spec;
    this.actSelect.value = s.act;
    this.initSelect.value = s.init;
    this.depthSlider.set(s.depth, s.depth);
    this.widthSlider.set(s.width, s.width);
    this.residualBox.checked = s.residual;
    this.normSelect.value = s.norm;
    this.seedInput.value = String(s.seed);
    this.root.setAttribute("aria-busy", "true");
    const note = this.readout.querySelector('[data-value="computed"]');
    if (note) note.textContent = t("Computing depth {depth}, width {width} in the background…", { depth: s.depth, width: s.width });
    const started = performance.now();
    return gradientFlow({ activation: s.act, init: s.init, residual: s.residual, norm: s.norm, depth: s.depth,
                          width: s.width, samples: spec.n_samples, seed: s.seed }).then(function (profile) {
      if (s !== self.state) return;  // a newer state is being computed
      self.root.removeAttribute("aria-busy");
      const seconds = (performance.now() - started) / 1000;
      const norms = profile.norms, variances = profile.variances;
      const layers = norms.map(function (_, i) { return i + 1; });
      const ratio = norms[0] / norms[norms.length - 1], signal = variances[variances.length - 1];
      const [verdict, reason] = gradflowVerdict(ratio, signal, spec);
      const block = [s.residual ? t("residual") : "", s.norm !== "none" ? NORM_LABELS[s.norm] : ""]
        .filter(Boolean).join(" + ");
      self.plots.innerHTML = "";
      const panels = [
        ["norms", norms, "‖∂L/∂W_l‖ (log scale)",
         t("{act}, {init} init, depth {depth}, width {width}: {verdict}",
           { act: s.act, init: s.init, depth: s.depth, width: s.width, verdict: t(verdict) })],
        ["variances", variances, "Var(h_l) (log scale)",
         block ? t("{block} blocks: forward signal", { block: block }) : t("forward signal (the input has variance 1)")],
      ];
      for (const [series, values, ylabel, title] of panels) {
        const positive = values.filter(function (v) { return v > 0 && isFinite(v); });
        const plot = Plot(self.plots, {
          xlim: [0.5, s.depth + 0.5], logY: true,
          ylim: positive.length ? [Math.min.apply(null, positive) / 3, Math.max.apply(null, positive) * 3] : [1e-3, 1e3],
          xlabel: "layer l (1 = next to the input)", ylabel: ylabel, title: title,
          label: t(block ? "{quantity} per layer of {block} blocks; first/last gradient ratio {ratio}, Var(h_L) {signal}: {verdict}"
                         : "{quantity} per layer; first/last gradient ratio {ratio}, Var(h_L) {signal}: {verdict}",
                   { quantity: t(ylabel), block: block, ratio: fmt(ratio, 2), signal: fmt(signal, 2), verdict: t(verdict) }),
        });
        plot.line(layers, values, { stroke: COLOURS[0], "data-series": series });
        if (s.depth <= 50) layers.forEach(function (l, i) { if (values[i] > 0) plot.dot(l, values[i], { r: 3, style: "fill:" + COLOURS[0] }); });
      }
      self.readout.innerHTML = "";
      table(self.readout, ["quantity", "value"], [
        [t("‖∂L/∂W_1‖ (input side)"), { text: fmt(norms[0], 3), attrs: { "data-value": "first" } }],
        [t("‖∂L/∂W_{depth}‖ (output side)", { depth: s.depth }), { text: fmt(norms[norms.length - 1], 3), attrs: { "data-value": "last" } }],
        [t("ratio first / last"), { text: fmt(ratio, 3), attrs: { "data-value": "ratio" } }],
        [t("Var(h_{depth}) (the input's is 1)", { depth: s.depth }), { text: fmt(signal, 3), attrs: { "data-value": "signal" } }],
      ]);
      const line = html("p", { "data-value": "verdict" }, self.readout);
      html("b", {}, line, t(verdict));
      line.appendChild(document.createTextNode((LANGUAGE === "zh" ? "：" : ": ") + gradflowWhy(verdict, reason, ratio, signal, spec)));
      html("p", { class: "actlab-note", "data-value": "computed" }, self.readout,
           t("Computed in your browser in {seconds} s: {n} Gaussian input samples, " +
             "weights drawn with seed {seed} (the same URL gives the same figure).",
             { seconds: seconds.toFixed(2), n: spec.n_samples, seed: s.seed }));
    });
  };

  /** The verdict, as actlab.widgets.gradient_flow.verdict: the backward ratio first, then the signal. */
  function gradflowVerdict(ratio, signal, spec) {
    const tests = [["ratio", ratio, spec.ratio_limits], ["signal", signal, spec.signal_limits]];
    for (const [name, value, limits] of tests) {
      if (value < limits[0]) return ["vanishing", name];
      if (value > limits[1]) return ["exploding", name];
    }
    return ["stable", ""];
  }

  /** The verdict in words, as actlab.widgets.views words it. */
  function gradflowWhy(verdict, reason, ratio, signal, spec) {
    if (reason === "ratio") {
      return t(verdict === "vanishing" ? "the gradient shrinks by a factor {ratio} from the last layer to the first"
                                       : "the gradient grows by a factor {ratio} from the last layer to the first", { ratio: fmt(ratio, 2) });
    }
    if (reason === "signal") {
      return t(verdict === "vanishing"
        ? "the forward signal dies out (Var(h_L) = {signal}), and every layer's gradient ∂L/∂W_l = h_(l−1)ᵀ δ_l goes with it"
        : "the forward signal blows up (Var(h_L) = {signal}), and every layer's gradient ∂L/∂W_l = h_(l−1)ᵀ δ_l goes with it",
        { signal: fmt(signal, 2) });
    }
    return t("the first/last ratio stays within [{ratio}] and Var(h_L) within [{signal}]",
             { ratio: spec.ratio_limits.join(", "), signal: spec.signal_limits.join(", ") });
  }

  // ------------------------------------------------------------------ softmax explorer

  /**
   * The softmax explorer's numbers, as actlab.widgets.softmax.compute: for u = z / T,
   * p = softmax(u) (on u − max u), J = diag(p) − p pᵀ, L = −log p_t, ∂L/∂u = p − onehot(t).
   */
  function softmaxNumbers(logits, temperature, target) {
    const u = logits.map(function (z) { return z / temperature; });
    const top = Math.max.apply(null, u);
    const e = u.map(function (v) { return Math.exp(v - top); });
    const sum = e.reduce(function (a, b) { return a + b; }, 0);
    const p = e.map(function (v) { return v / sum; });
    const jacobian = p.map(function (pi, i) { return p.map(function (pj, j) { return pi * ((i === j ? 1 : 0) - pj); }); });
    return {
      u: u, p: p, jacobian: jacobian,
      rowSums: jacobian.map(function (row) { return row.reduce(function (a, b) { return a + b; }, 0); }),
      loss: -(u[target] - top - Math.log(sum)),
      gradient: p.map(function (pi, i) { return pi - (i === target ? 1 : 0); }),
    };
  }

  const Softmax = inherit(function (root, manifest) {
    Explorer.call(this, root, "softmax", manifest);
    this.spec = manifest.softmax;
    this.sliders = null;
  });

  Softmax.prototype.fromFields = function (f) {
    const [low, high] = this.spec.logit_range, [tLow, tHigh] = this.spec.temperature_range;
    let z = String(f.z).split("_").map(Number).filter(isFinite).map(function (v) { return clamp(v, low, high); });
    if (z.length < 2 || z.length > 8) z = this.spec.default.logits.slice();
    const T = Number(f.T), t = Number(f.t), d = this.spec.default;
    return { z: z, T: isFinite(T) ? clamp(T, tLow, tHigh) : d.temperature,
             t: Number.isInteger(t) && t >= 0 && t < z.length ? t : d.target };
  };

  Softmax.prototype.toFields = function () {
    return { z: this.state.z.map(function (v) { return fmt(v, 4); }).join("_"), T: fmt(this.state.T, 3), t: this.state.t };
  };

  /** Controls depend on the number of classes, so they are rebuilt when it changes. */
  Softmax.prototype.build = function () {
    const self = this, s = this.state;
    const [low, high] = this.spec.logit_range, [tLow, tHigh] = this.spec.temperature_range;
    this.controls.innerHTML = "";
    this.sliders = s.z.map(function (_, i) {
      return slider(self.controls, "z" + i, "z" + i, [low, high, 0.1], function (v) {
        const z = self.state.z.slice();
        z[i] = v;
        self.update({ z: z });
      });
    });
    this.tSlider = slider(this.controls, "T", "T", [Math.log10(tLow), Math.log10(tHigh), 0.01],
                          function (v) { self.update({ T: Number(Math.pow(10, v).toPrecision(3)) }); },
                          function (v) { return fmt(v, 3); });
    this.targetSelect = select(this.controls, "t", "target", s.z.map(function (_, i) { return [String(i), String(i)]; }),
                               function (t) { self.update({ t: Number(t) }); });
  };

  Softmax.prototype.draw = function () {
    const s = this.state;
    if (!this.sliders || this.sliders.length !== s.z.length) this.build();
    this.sliders.forEach(function (sl, i) { sl.set(s.z[i], s.z[i]); });
    this.tSlider.set(Math.log10(s.T), s.T);
    this.targetSelect.value = String(s.t);
    const r = softmaxNumbers(s.z, s.T, s.t);
    const k = s.z.length, classes = s.z.map(function (_, i) { return i; });
    const colour = function (i) { return i === s.t ? COLOURS[3] : COLOURS[0]; };
    this.plots.innerHTML = "";
    const pPlot = Plot(this.plots, {
      width: 300, xlim: [-0.5, k - 0.5], ylim: [0, 1], xlabel: "class", ylabel: "p = softmax(z / T)",
      title: t("probabilities (T = {T})", { T: fmt(s.T, 3) }),
      label: t("probabilities {p}", { p: r.p.map(function (v) { return fmt(v, 3); }).join(", ") }),
    });
    classes.forEach(function (i) { pPlot.bar(i, 0.7, r.p[i], { fill: colour(i), "data-series": "p" + i }); });
    this.heatmap(r.jacobian);
    const gPlot = Plot(this.plots, {
      width: 300, xlim: [-0.5, k - 0.5], ylim: [-1, 1], xlabel: "class", ylabel: "∂L/∂u = p − t",
      title: t("cross-entropy gradient, target {t}", { t: s.t }),
      label: t("cross-entropy gradient {g}", { g: r.gradient.map(function (v) { return fmt(v, 3); }).join(", ") }),
    });
    classes.forEach(function (i) { gPlot.bar(i, 0.7, r.gradient[i], { fill: colour(i), "data-series": "g" + i }); });
    this.readout.innerHTML = "";
    table(this.readout, ["class", "z", "u = z/T", "p", "p − t", "Jacobian row sum"], classes.map(function (i) {
      return [String(i), fmt(s.z[i], 4), fmt(r.u[i], 4),
              { text: r.p[i].toFixed(4), attrs: { "data-value": "p" + i } },
              { text: (r.gradient[i] >= 0 ? "+" : "") + r.gradient[i].toFixed(4), attrs: { "data-value": "g" + i } },
              fmtDiff(r.rowSums[i])];
    }));
    html("p", { "data-value": "loss" }, this.readout,
         t("cross-entropy L = −log p{t} = {loss}", { t: s.t, loss: r.loss.toFixed(4) }));
  };

  /** The Jacobian as a heatmap: red positive, blue negative, on the fixed scale ±1/4. */
  Softmax.prototype.heatmap = function (jacobian) {
    const k = jacobian.length, size = 300, m = 36, cell = (size - 2 * m) / k;
    const root = svg("svg", { viewBox: "0 0 " + size + " " + size, class: "actlab-plot", role: "img",
                              style: "max-width:" + size + "px" }, this.plots);
    svg("title", {}, root, t("Jacobian of the softmax, rows {rows}",
        { rows: jacobian.map(function (row) { return row.map(function (v) { return fmt(v, 2); }).join(" "); }).join("; ") }));
    svg("text", { x: m, y: 18, class: "actlab-title" }, root, "Jacobian ∂p_i/∂u_j");
    jacobian.forEach(function (row, i) {
      row.forEach(function (v, j) {
        const a = clamp(Math.abs(v) / 0.25, 0, 1);
        const fill = v >= 0 ? "rgba(214,39,40," + a + ")" : "rgba(31,119,180," + a + ")";
        svg("rect", { x: m + j * cell, y: m + i * cell, width: cell, height: cell, fill: fill,
                      class: "actlab-cell", "data-cell": i + "," + j }, root);
        svg("text", { x: m + (j + 0.5) * cell, y: m + (i + 0.5) * cell + 4, "text-anchor": "middle" }, root,
            v.toFixed(2));
      });
      svg("text", { x: m - 6, y: m + (i + 0.5) * cell + 4, "text-anchor": "end" }, root, String(i));
      svg("text", { x: m + (i + 0.5) * cell, y: size - m + 14, "text-anchor": "middle" }, root, String(i));
    });
    svg("text", { x: size / 2, y: size - 6, "text-anchor": "middle", class: "actlab-label" }, root, "j");
    svg("text", { x: 10, y: size / 2, class: "actlab-label" }, root, "i");
  };

  // ------------------------------------------------------------------ mounting

  /** data-explorer kind → explorer; playground.js adds its kind when it loads */
  const KINDS = { derivative: Derivative, gradflow: GradFlow, softmax: Softmax };

  /** What the explorer kinds in other files (playground.js) build on. */
  window.actlabExplorerKit = {
    BASE: BASE, COLOURS: COLOURS, Explorer: Explorer, Plot: Plot, clamp: clamp, extent: extent, field: field, fmt: fmt,
    html: html, inherit: inherit, integerField: integerField, select: select, slider: slider, table: table, t: t,
    KINDS: KINDS,
  };
  const mounted = [];

  function mountAll() {
    const roots = Array.prototype.slice.call(document.querySelectorAll(".actlab-explorer[data-explorer]"));
    if (!roots.length) return;
    Promise.all([loadModules(), load("manifest")]).then(function (loaded) {
      const manifest = loaded[1];
      const states = readStates(window.location.search);
      for (const root of roots) {
        const Kind = KINDS[root.dataset.explorer];
        if (!Kind) {
          console.error("actlab explorer: unknown data-explorer=\"" + root.dataset.explorer + "\"");
          continue;
        }
        const explorer = new Kind(root, manifest);
        mounted.push(explorer);
        explorer.apply(Object.assign(parseFields(root.dataset.state), states[explorer.key] || {}));
      }
    }).catch(function (error) {
      console.error("actlab explorers:", error);
      for (const root of roots) html("p", { class: "actlab-error" }, root, error.message);
    });
  }

  /** Apply the explorer states of a query string to the mounted explorers it names; returns them. */
  function applyQuery(search) {
    const states = readStates(search);
    return mounted.filter(function (explorer) { return states[explorer.key]; }).map(function (explorer) {
      if (explorer.pause) explorer.pause();
      explorer.apply(states[explorer.key]);
      return explorer;
    });
  }

  /** A link to this very page with explorer state in its query ("try this"): apply it, no reload. */
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== window.location.pathname) return;
    const states = readStates(url.search);
    if (!mounted.some(function (explorer) { return states[explorer.key]; })) return;
    event.preventDefault();
    window.history.pushState({ actlab: true }, "", url.href);
    for (const explorer of mounted) if (!states[explorer.key]) explorer.publish();  // keep the others in the URL
    const root = applyQuery(url.search)[0].root;
    const box = root.getBoundingClientRect();
    if (box.top < 0 || box.top > window.innerHeight) root.scrollIntoView({ block: "start" });
  });

  /** Back and Forward between states set by such links. */
  window.addEventListener("popstate", function () { applyQuery(window.location.search); });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();

  /** For tests and the curious: the mounted explorers and the softmax formulas. */
  window.actlabExplorers = { mounted: mounted, softmaxNumbers: softmaxNumbers, readStates: readStates };
})();
