"""The catalog: one record per activation function, the single source of truth.

Every backend (:mod:`actlab.numpy`, :mod:`actlab.torch`, :mod:`actlab.tensorflow`)
implements exactly the names listed here and takes its parameters' defaults from
here; the book's comparison tables, the explorers' sliders, the initialisation of
:class:`actlab.mlp.TwoLayerMLP` and the accuracy tests read these records, so adding
an activation means one :class:`Activation` entry below, a NumPy forward and
derivative, and one named function per framework (see ``CONTRIBUTING.md``).
The order of the records is the order in which the book lists them, nothing more:
a record may go anywhere.

Conventions
-----------
* ``formula`` and ``derivative`` are LaTeX (without ``$``), in the notation of the
  book: :math:`\\sigma` is the logistic sigmoid, :math:`\\Phi`/:math:`\\phi` the
  standard normal CDF/PDF.
* ``parameters`` are the keyword parameters (:class:`Param`): **PyTorch's default**,
  the range the explorers offer and the values the static site precomputes;
  ``params`` is the mapping name → default derived from them.
* ``init`` is the weight initialisation the activation's family calls for: ``"he"``
  (Kaiming, variance 2/fan_in) for the rectifiers, ``"lecun"`` (variance 1/fan_in) for
  SELU, whose self-normalisation assumes it (Klambauer et al., 2017), ``"glorot"``
  (variance 2/(fan_in + fan_out)) otherwise.
* ``exact`` is the definition in exact arithmetic for the accuracy tests:
  ``exact(mp, x, **params)`` with ``mp`` the :mod:`mpmath` module and ``x`` an
  ``mpf``, written independently of the NumPy formulas (elementwise records only).
* ``kinks`` lists the points where the function is not differentiable, and
  ``kink`` says which value the derivative takes where the function is not
  differentiable; it follows PyTorch's backward kernels so that all three
  backends agree bit-for-bit on the choice.
* ``paper`` is the key reference of the function, and ``paper_role`` says what that
  work did with it (one of :data:`PAPER_ROLES`): ``"introduced"`` it, or, for a function
  older than the paper, ``"popularised"`` it (ReLU, the sigmoid), ``"recommended"`` it
  (tanh) or ``"studied"`` it (softsign). Every reference was checked to exist.
* ``gate`` names, for a gated linear unit only, the elementwise catalog activation
  applied to the gate: such a unit splits the last axis (or ``axis``) of its input
  into halves ``a`` and ``b`` and returns ``a ⊙ gate(b)``, half as wide as its input
  (the convention of ``torch.nn.functional.glu``).
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Mapping


@dataclass(frozen=True)
class Paper:
    """A bibliographic reference: ``Authors (year). Title. Venue.``"""

    authors: str
    year: int
    title: str
    venue: str
    bibkey: str

    def __str__(self) -> str:
        return f"{self.authors} ({self.year}). {self.title}. {self.venue}."


@dataclass(frozen=True)
class Param:
    """A keyword parameter of an activation.

    ``default`` is PyTorch's; ``low``/``high`` bound what the explorers' sliders offer (and
    what they accept); ``presets`` are the values the static site precomputes.
    """

    name: str
    default: float
    low: float
    high: float
    presets: tuple[float, ...]
    doc: str

    def __post_init__(self) -> None:
        if not self.low <= self.default <= self.high or not all(self.low <= v <= self.high for v in self.presets):
            raise ValueError(f"parameter {self.name}: default {self.default} and presets {self.presets} "
                             f"must lie in [{self.low}, {self.high}]")


NEGATIVE_SLOPE = Param(
    "negative_slope", 0.01, 0.0, 1.0, (0.01, 0.1, 0.2, 0.3),
    "slope a for x ≤ 0 (tf.nn.leaky_relu and keras.layers.LeakyReLU default to 0.2 and 0.3: "
    "the presets include them)")
ALPHA = Param("alpha", 1.0, 0.0, 3.0, (0.5, 1.0, 1.5, 2.0), "scale α of the negative branch")
BETA = Param("beta", 1.0, 0.1, 10.0, (0.5, 1.0, 2.0, 5.0), "sharpness β (softplus → ReLU as β → ∞)")
THRESHOLD = Param("threshold", 20.0, 1.0, 50.0, (20.0,), "above βx = threshold the result is x itself")

INITIALISATIONS = ("he", "lecun", "glorot")
#: what the work in ``paper`` did with the function (see the module docstring)
PAPER_ROLES = ("introduced", "popularised", "recommended", "studied")


@dataclass(frozen=True)
class Activation:
    """One catalog record (see the module docstring for the conventions)."""

    name: str
    title: str
    formula: str
    derivative: str
    range: str
    monotone: bool
    smooth: bool
    zero_centred: bool
    bounded_below: bool
    bounded_above: bool
    paper: Paper | None
    torch_name: str
    tf_name: str
    elementwise: bool = True
    parameters: tuple[Param, ...] = ()
    init: str = "glorot"
    exact: Callable[..., Any] | None = None
    kinks: tuple[float, ...] = ()
    kink: str = ""
    note: str = ""
    gate: str = ""
    paper_role: str = "introduced"

    def __post_init__(self) -> None:
        if self.paper_role not in PAPER_ROLES:
            raise ValueError(f"{self.name}: paper_role must be one of {PAPER_ROLES}, not {self.paper_role!r}")
        if self.gate and self.elementwise:
            raise ValueError(f"{self.name}: a gated linear unit is not elementwise")
        if self.init not in INITIALISATIONS:
            raise ValueError(f"{self.name}: init must be one of {INITIALISATIONS}, not {self.init!r}")
        if self.elementwise != (self.exact is not None):
            raise ValueError(f"{self.name}: an elementwise record needs ``exact`` (and only such a record)")

    @property
    def params(self) -> Mapping[str, float]:
        """Parameter name → PyTorch's default (read-only)."""
        return MappingProxyType({p.name: p.default for p in self.parameters})

    @property
    def bounded(self) -> bool:
        """True when the output is bounded on both sides."""
        return self.bounded_below and self.bounded_above


RUMELHART_1986 = Paper(
    "Rumelhart, D. E., Hinton, G. E., & Williams, R. J.", 1986,
    "Learning representations by back-propagating errors", "Nature, 323, 533-536",
    "rumelhart1986learning")
LECUN_1998 = Paper(
    "LeCun, Y., Bottou, L., Orr, G. B., & Müller, K.-R.", 1998, "Efficient BackProp",
    "Neural Networks: Tricks of the Trade, LNCS 1524, Springer", "lecun1998efficient")
NAIR_2010 = Paper(
    "Nair, V., & Hinton, G. E.", 2010,
    "Rectified linear units improve restricted Boltzmann machines", "ICML 2010",
    "nair2010rectified")
MAAS_2013 = Paper(
    "Maas, A. L., Hannun, A. Y., & Ng, A. Y.", 2013,
    "Rectifier nonlinearities improve neural network acoustic models",
    "ICML 2013 Workshop on Deep Learning for Audio, Speech and Language Processing",
    "maas2013rectifier")
CLEVERT_2016 = Paper(
    "Clevert, D.-A., Unterthiner, T., & Hochreiter, S.", 2016,
    "Fast and accurate deep network learning by exponential linear units (ELUs)",
    "ICLR 2016", "clevert2016elu")
KLAMBAUER_2017 = Paper(
    "Klambauer, G., Unterthiner, T., Mayr, A., & Hochreiter, S.", 2017,
    "Self-normalizing neural networks", "NeurIPS 2017", "klambauer2017selu")
HENDRYCKS_2016 = Paper(
    "Hendrycks, D., & Gimpel, K.", 2016, "Gaussian error linear units (GELUs)",
    "arXiv:1606.08415", "hendrycks2016gelu")
ELFWING_2018 = Paper(
    "Elfwing, S., Uchibe, E., & Doya, K.", 2018,
    "Sigmoid-weighted linear units for neural network function approximation in "
    "reinforcement learning", "Neural Networks, 107, 3-11", "elfwing2018silu")
MISRA_2020 = Paper(
    "Misra, D.", 2020, "Mish: A self regularized non-monotonic activation function",
    "BMVC 2020 (arXiv:1908.08681)", "misra2020mish")
DUGAS_2001 = Paper(
    "Dugas, C., Bengio, Y., Bélisle, F., Nadeau, C., & Garcia, R.", 2001,
    "Incorporating second-order functional knowledge for better option pricing",
    "NIPS 13 (2000)", "dugas2001softplus")
GLOROT_2010 = Paper(
    "Glorot, X., & Bengio, Y.", 2010,
    "Understanding the difficulty of training deep feedforward neural networks",
    "AISTATS 2010", "glorot2010understanding")
HOWARD_2019 = Paper(
    "Howard, A., Sandler, M., Chu, G., Chen, L.-C., Chen, B., Tan, M., Wang, W., Zhu, Y., "
    "Pang, R., Vasudevan, V., Le, Q. V., & Adam, H.", 2019, "Searching for MobileNetV3",
    "ICCV 2019", "howard2019mobilenetv3")
KRIZHEVSKY_2010 = Paper(
    "Krizhevsky, A.", 2010, "Convolutional deep belief networks on CIFAR-10",
    "Unpublished manuscript, University of Toronto", "krizhevsky2010cifar")
BRIDLE_1990 = Paper(
    "Bridle, J. S.", 1990,
    "Probabilistic interpretation of feedforward classification network outputs, with "
    "relationships to statistical pattern recognition",
    "Neurocomputing, NATO ASI Series F68, Springer", "bridle1990probabilistic")

DAUPHIN_2017 = Paper(
    "Dauphin, Y. N., Fan, A., Auli, M., & Grangier, D.", 2017,
    "Language modeling with gated convolutional networks", "ICML 2017 (arXiv:1612.08083)",
    "dauphin2017language")
SHAZEER_2020 = Paper(
    "Shazeer, N.", 2020, "GLU variants improve Transformer", "arXiv:2002.05202",
    "shazeer2020glu")

#: SELU's fixed constants (Klambauer et al. 2017, eq. 14), as PyTorch uses them.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

def _exact_gelu_tanh(mp, x):
    """½x(1 + tanh u) = x σ(2u): the same number, without 1 + tanh u cancelling for x ≪ 0."""
    two_u = 2 * mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)
    return x / (1 + mp.exp(-two_u))


_RECORDS = (
    Activation(
        "identity", "Identity (linear)", r"f(x) = x", r"f'(x) = 1", r"(-\infty, \infty)",
        monotone=True, smooth=True, zero_centred=True, bounded_below=False,
        bounded_above=False, paper=None, torch_name="torch.nn.Identity",
        tf_name="tf.identity / keras.activations.linear",
        exact=lambda mp, x: x,
        note="The output activation for regression; no nonlinearity."),
    Activation(
        "sigmoid", "Logistic sigmoid", r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        r"\sigma'(x) = \sigma(x)\,(1 - \sigma(x))", r"(0, 1)",
        monotone=True, smooth=True, zero_centred=False, bounded_below=True,
        bounded_above=True, paper=RUMELHART_1986, paper_role="popularised", torch_name="torch.sigmoid",
        tf_name="tf.math.sigmoid",
        exact=lambda mp, x: 1 / (1 + mp.exp(-x)),
        note="σ'(x) peaks at x = 0 with value 1/4 and vanishes for large |x|."),
    Activation(
        "tanh", "Hyperbolic tangent", r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        r"\tanh'(x) = 1 - \tanh^2(x)", r"(-1, 1)",
        monotone=True, smooth=True, zero_centred=True, bounded_below=True,
        bounded_above=True, paper=LECUN_1998, paper_role="recommended", torch_name="torch.tanh",
        tf_name="tf.math.tanh",
        exact=lambda mp, x: mp.tanh(x), note="tanh(x) = 2σ(2x) − 1; tanh'(0) = 1."),
    Activation(
        "relu", "Rectified linear unit", r"\mathrm{ReLU}(x) = \max(0, x)",
        r"\mathrm{ReLU}'(x) = \mathbb{1}[x > 0]", r"[0, \infty)",
        monotone=True, smooth=False, zero_centred=False, bounded_below=True,
        bounded_above=False, paper=NAIR_2010, paper_role="popularised", torch_name="torch.nn.functional.relu",
        tf_name="tf.nn.relu",
        init="he", exact=lambda mp, x: max(x, 0), kinks=(0.0,), kink="f'(0) = 0 (PyTorch: x <= 0 ? 0 : 1)"),
    Activation(
        "leaky_relu", "Leaky ReLU",
        r"f(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases}",
        r"f'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}", r"(-\infty, \infty)",
        monotone=True, smooth=False, zero_centred=False, bounded_below=False,
        bounded_above=False, paper=MAAS_2013,
        torch_name="torch.nn.functional.leaky_relu", tf_name="tf.nn.leaky_relu",
        parameters=(NEGATIVE_SLOPE,), init="he",
        exact=lambda mp, x, negative_slope: x if x > 0 else negative_slope * x,
        kinks=(0.0,), kink="f'(0) = a (PyTorch: x > 0 ? 1 : a)",
        note="Defaults differ: PyTorch a = 0.01, tf.nn.leaky_relu alpha = 0.2, "
             "keras.layers.LeakyReLU negative_slope = 0.3."),
    Activation(
        "elu", "Exponential linear unit",
        r"f(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}",
        r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        r"(-\alpha, \infty)",
        monotone=True, smooth=False, zero_centred=False, bounded_below=True,
        bounded_above=False, paper=CLEVERT_2016, torch_name="torch.nn.functional.elu",
        tf_name="tf.nn.elu / keras.activations.elu",
        parameters=(ALPHA,), init="he", exact=lambda mp, x, alpha: x if x > 0 else alpha * mp.expm1(x),
        kinks=(0.0,), kink="f'(0) = α (PyTorch: x <= 0 ? α e^x : 1); C¹ only when α = 1",
        note="Mean activations closer to zero than ReLU, but not zero-centred."),
    Activation(
        "selu", "Scaled exponential linear unit",
        r"f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}",
        r"f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
        r"(-\lambda\alpha, \infty)",
        monotone=True, smooth=False, zero_centred=False, bounded_below=True,
        bounded_above=False, paper=KLAMBAUER_2017, torch_name="torch.nn.functional.selu",
        tf_name="tf.nn.selu",
        init="lecun", exact=lambda mp, x: mp.mpf(SELU_SCALE) * (x if x > 0 else mp.mpf(SELU_ALPHA) * mp.expm1(x)),
        kinks=(0.0,), kink="f'(0) = λα ≈ 1.7581 (PyTorch: x <= 0 branch; TensorFlow gives λ)",
        note="λ ≈ 1.0507, α ≈ 1.6733 are fixed so that activations self-normalise."),
    Activation(
        "gelu", "Gaussian error linear unit (exact)", r"f(x) = x\,\Phi(x)",
        r"f'(x) = \Phi(x) + x\,\phi(x)", r"[\approx -0.17, \infty)",
        monotone=False, smooth=True, zero_centred=False, bounded_below=True,
        bounded_above=False, paper=HENDRYCKS_2016, torch_name="torch.nn.functional.gelu",
        tf_name="tf.nn.gelu(approximate=False)",
        exact=lambda mp, x: x * mp.ncdf(x),
        note="Used in BERT and GPT-2; minimum ≈ −0.170 at x ≈ −0.752."),
    Activation(
        "gelu_tanh", "GELU (tanh approximation)",
        r"f(x) = \tfrac{x}{2}\left(1 + \tanh\!\left(\sqrt{2/\pi}\,(x + 0.044715\,x^{3})\right)\right)",
        r"f'(x) = \tfrac12(1 + t) + \tfrac{x}{2}(1 - t^{2})\sqrt{2/\pi}\,(1 + 3 \cdot 0.044715\,x^{2}),"
        r"\; t = \tanh\!\left(\sqrt{2/\pi}\,(x + 0.044715\,x^{3})\right)",
        r"[\approx -0.17, \infty)",
        monotone=False, smooth=True, zero_centred=False, bounded_below=True,
        bounded_above=False, paper=HENDRYCKS_2016,
        torch_name="torch.nn.functional.gelu(approximate='tanh')",
        tf_name="tf.nn.gelu(approximate=True)",
        exact=_exact_gelu_tanh),
    Activation(
        "silu", "SiLU / Swish", r"f(x) = x\,\sigma(x)",
        r"f'(x) = \sigma(x)\,(1 + x\,(1 - \sigma(x)))", r"[\approx -0.278, \infty)",
        monotone=False, smooth=True, zero_centred=False, bounded_below=True,
        bounded_above=False, paper=ELFWING_2018, torch_name="torch.nn.functional.silu",
        tf_name="tf.nn.silu (= tf.nn.swish)",
        exact=lambda mp, x: x / (1 + mp.exp(-x)),
        note="Named SiLU by Hendrycks & Gimpel (2016); used as an activation by Elfwing et al. "
             "(2018) and, named Swish, found by search by Ramachandran, Zoph & Le (2017)."),
    Activation(
        "mish", "Mish", r"f(x) = x \tanh(\mathrm{softplus}(x))",
        r"f'(x) = \tanh(s) + x\,\sigma(x)\,(1 - \tanh^{2}(s)),\; s = \mathrm{softplus}(x)",
        r"[\approx -0.309, \infty)",
        monotone=False, smooth=True, zero_centred=False, bounded_below=True,
        bounded_above=False, paper=MISRA_2020, torch_name="torch.nn.functional.mish",
        tf_name="keras.activations.mish",
        exact=lambda mp, x: x * mp.tanh(mp.log1p(mp.exp(x)))),
    Activation(
        "softplus", "Softplus", r"f(x) = \tfrac{1}{\beta}\log(1 + e^{\beta x})",
        r"f'(x) = \sigma(\beta x)", r"(0, \infty)",
        monotone=True, smooth=True, zero_centred=False, bounded_below=True,
        bounded_above=False, paper=DUGAS_2001, torch_name="torch.nn.functional.softplus",
        tf_name="tf.math.softplus",
        parameters=(BETA, THRESHOLD),
        exact=lambda mp, x, beta, threshold: x if beta * x > threshold else mp.log1p(mp.exp(beta * x)) / beta,
        note="As in PyTorch, f(x) = x where βx > threshold (the two differ by < 2e-9 there)."),
    Activation(
        "softsign", "Softsign", r"f(x) = \frac{x}{1 + |x|}", r"f'(x) = \frac{1}{(1 + |x|)^{2}}",
        r"(-1, 1)",
        monotone=True, smooth=False, zero_centred=True, bounded_below=True,
        bounded_above=True, paper=GLOROT_2010, paper_role="studied", torch_name="torch.nn.functional.softsign",
        tf_name="tf.nn.softsign",
        exact=lambda mp, x: x / (1 + abs(x)),
        note="C¹ but not C² at 0. Older than Glorot & Bengio (2010), who studied it as a tanh "
             "alternative: it is Elliott's (1993) 'ElliotSig'."),
    Activation(
        "hard_sigmoid", "Hard sigmoid", r"f(x) = \frac{\mathrm{ReLU6}(x + 3)}{6}",
        r"f'(x) = \tfrac16\,\mathbb{1}[-3 < x < 3]", r"[0, 1]",
        monotone=True, smooth=False, zero_centred=False, bounded_below=True,
        bounded_above=True, paper=HOWARD_2019, torch_name="torch.nn.functional.hardsigmoid",
        tf_name="keras.activations.hard_sigmoid (Keras 3)",
        exact=lambda mp, x: min(max(x + 3, 0), 6) / 6,
        kinks=(-3.0, 3.0), kink="f'(±3) = 0 (PyTorch: -3 < x < 3 ? 1/6 : 0)",
        note="Keras 2 and tf.keras < 2.16 used 0.2x + 0.5 clipped to [0, 1] instead."),
    Activation(
        "hard_swish", "Hard swish", r"f(x) = x\,\frac{\mathrm{ReLU6}(x + 3)}{6}",
        r"f'(x) = \begin{cases} 0 & x \le -3 \\ \frac{2x + 3}{6} & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}",
        r"[-0.375, \infty)",
        monotone=False, smooth=False, zero_centred=False, bounded_below=True,
        bounded_above=False, paper=HOWARD_2019, torch_name="torch.nn.functional.hardswish",
        tf_name="keras.activations.hard_silu (= hard_swish, Keras 3)",
        exact=lambda mp, x: x * min(max(x + 3, 0), 6) / 6,
        kinks=(-3.0, 3.0),
        kink="f'(-3) = 0, f'(3) = 1 (PyTorch 2.13: x <= -3 ? 0 : x < 3 ? x/3 + 1/2 : 1)"),
    Activation(
        "relu6", "ReLU6", r"f(x) = \min(\max(0, x), 6)", r"f'(x) = \mathbb{1}[0 < x < 6]",
        r"[0, 6]",
        monotone=True, smooth=False, zero_centred=False, bounded_below=True,
        bounded_above=True, paper=KRIZHEVSKY_2010, torch_name="torch.nn.functional.relu6",
        tf_name="tf.nn.relu6",
        init="he", exact=lambda mp, x: min(max(x, 0), 6), kinks=(0.0, 6.0),
        kink="f'(0) = f'(6) = 0 (PyTorch: hardtanh backward)"),
    Activation(
        "softmax", "Softmax",
        r"\mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_{j=1}^{K} e^{x_j}}",
        r"\frac{\partial y_i}{\partial x_j} = y_i(\delta_{ij} - y_j),\; J = \mathrm{diag}(y) - y y^{\top}",
        r"(0, 1)^K,\ \textstyle\sum_i y_i = 1",
        monotone=False, smooth=True, zero_centred=False, bounded_below=True,
        bounded_above=True, paper=BRIDLE_1990, torch_name="torch.softmax",
        tf_name="tf.nn.softmax", elementwise=False,
        note="Not elementwise: every output depends on every input of its axis."),
    Activation(
        "log_softmax", "Log-softmax",
        r"\log\mathrm{softmax}(x)_i = x_i - \log\sum_{j=1}^{K} e^{x_j}",
        r"\frac{\partial \ell_i}{\partial x_j} = \delta_{ij} - y_j,\; y = \mathrm{softmax}(x)",
        r"(-\infty, 0)^K",
        monotone=False, smooth=True, zero_centred=False, bounded_below=False,
        bounded_above=True, paper=BRIDLE_1990, torch_name="torch.log_softmax",
        tf_name="tf.nn.log_softmax", elementwise=False,
        note="Computed as x − max − log Σ exp(x − max): finite for any finite logits."),
    Activation(
        "glu", "Gated linear unit",
        r"\mathrm{GLU}(a, b) = a \odot \sigma(b),\; [a, b] = x",
        r"\frac{\partial y}{\partial a} = \sigma(b),\; \frac{\partial y}{\partial b} = a\,\sigma(b)(1 - \sigma(b))",
        r"(-\infty, \infty)^{K/2}",
        monotone=False, smooth=True, zero_centred=False, bounded_below=False,
        bounded_above=False, paper=DAUPHIN_2017, torch_name="torch.nn.functional.glu",
        tf_name="keras.activations.glu", elementwise=False, gate="sigmoid",
        note="Not elementwise: the input's axis is split into halves a, b (K even) and the output "
             "is half as wide. In a Transformer FFN, a = xW and b = xV are two projections."),
    Activation(
        "reglu", "ReLU-gated linear unit (ReGLU)",
        r"\mathrm{ReGLU}(a, b) = a \odot \max(0, b),\; [a, b] = x",
        r"\frac{\partial y}{\partial a} = \max(0, b),\; \frac{\partial y}{\partial b} = a\,\mathbb{1}[b > 0]",
        r"(-\infty, \infty)^{K/2}",
        monotone=False, smooth=False, zero_centred=False, bounded_below=False,
        bounded_above=False, paper=SHAZEER_2020, torch_name="torch.nn.functional.relu on the gate: a * relu(b)",
        tf_name="tf.nn.relu on the gate: a * relu(b)", elementwise=False, gate="relu", init="he",
        note="Not elementwise: halves a, b of the axis, output half as wide (Shazeer 2020, eq. 5)."),
    Activation(
        "geglu", "GELU-gated linear unit (GEGLU)",
        r"\mathrm{GEGLU}(a, b) = a \odot b\,\Phi(b),\; [a, b] = x",
        r"\frac{\partial y}{\partial a} = b\,\Phi(b),\; \frac{\partial y}{\partial b} = a\,(\Phi(b) + b\,\phi(b))",
        r"(-\infty, \infty)^{K/2}",
        monotone=False, smooth=True, zero_centred=False, bounded_below=False,
        bounded_above=False, paper=SHAZEER_2020, torch_name="torch.nn.functional.gelu on the gate: a * gelu(b)",
        tf_name="tf.nn.gelu on the gate: a * gelu(b, approximate=False)", elementwise=False, gate="gelu",
        note="Not elementwise: halves a, b of the axis, output half as wide (Shazeer 2020, eq. 5)."),
    Activation(
        "swiglu", "Swish-gated linear unit (SwiGLU)",
        r"\mathrm{SwiGLU}(a, b) = a \odot b\,\sigma(b),\; [a, b] = x",
        r"\frac{\partial y}{\partial a} = b\,\sigma(b),\; \frac{\partial y}{\partial b} = a\,\sigma(b)(1 + b(1 - \sigma(b)))",
        r"(-\infty, \infty)^{K/2}",
        monotone=False, smooth=True, zero_centred=False, bounded_below=False,
        bounded_above=False, paper=SHAZEER_2020, torch_name="torch.nn.functional.silu on the gate: a * silu(b)",
        tf_name="tf.nn.silu on the gate: a * silu(b)", elementwise=False, gate="silu",
        note="Not elementwise: halves a, b of the axis, output half as wide (Shazeer 2020, eq. 5, "
             "with β = 1); the FFN of LLaMA and PaLM."),
)  # end of _RECORDS

CATALOG: Mapping[str, Activation] = MappingProxyType({r.name: r for r in _RECORDS})
for _record in _RECORDS:
    if _record.gate and not CATALOG.get(_record.gate, _record).elementwise:
        raise ValueError(f"{_record.name}: gate {_record.gate!r} must be an elementwise catalog activation")


def names(*, elementwise: bool | None = None) -> list[str]:
    """Every catalog name, in catalog order; optionally only the (non-)elementwise ones."""
    return [n for n, r in CATALOG.items() if elementwise is None or r.elementwise == elementwise]


def gated_names() -> list[str]:
    """The gated linear units (records with a ``gate``), in catalog order."""
    return [n for n, r in CATALOG.items() if r.gate]


def spec(name: str) -> Activation:
    """The catalog record of ``name``; ``KeyError`` listing the valid names otherwise."""
    try:
        return CATALOG[name]
    except (KeyError, TypeError):
        raise KeyError(f"unknown activation {name!r}; the catalog has: {', '.join(CATALOG)}") from None


def parameters() -> Mapping[str, Param]:
    """Every parameter name in the catalog → its :class:`Param` (one per name, in catalog order).

    A name means the same thing wherever it appears (the explorers show one slider per name),
    so two records may share a name only by sharing the :class:`Param`.
    """
    found: dict[str, Param] = {}
    for record in _RECORDS:
        for param in record.parameters:
            if found.setdefault(param.name, param) is not param:
                raise ValueError(f"{record.name}: parameter {param.name!r} differs from another "
                                 "record's; share one Param per name")
    return MappingProxyType(found)


def papers() -> list[Paper]:
    """The distinct introducing papers, in catalog order (for the book's reference list)."""
    seen: dict[str, Paper] = {}
    for record in _RECORDS:
        if record.paper is not None:
            seen.setdefault(record.paper.bibkey, record.paper)
    return list(seen.values())
