"""Small, seeded, device-agnostic training loops: the chapters train with these, never with loops of their own.

One module per job: :mod:`~actlab.train.torch_loops` (PyTorch), :mod:`~actlab.train.keras_loops`
(Keras), :mod:`~actlab.train.setup` (reproducibility) and :mod:`~actlab.train.report` (tables);
everything is importable from ``actlab.train`` itself.

* :func:`mlp` builds a ``torch.nn.Sequential`` multilayer perceptron whose hidden
  activation is any elementwise catalog name (a :class:`CatalogActivation` module
  wrapping :func:`actlab.torch.get`).
* :func:`fit_xsin` fits y = x·sin(x) + noise (:func:`actlab.data.xsin`) with a 1-width-1
  network, full-batch Adam on the mean squared error — the source article's §5.2
  experiment, done so that it runs; :func:`fit_xsin_batch` trains many such networks
  (several widths and seeds) at once, for sweeps.
* :func:`fit_classifier` trains any PyTorch classifier (softmax cross-entropy for K > 1
  outputs, sigmoid binary cross-entropy for one output) and reports validation
  accuracy per epoch, the epochs needed to reach a target accuracy, and wall time;
  :func:`keras_mlp` and :func:`fit_classifier_keras` are the Keras counterparts.
* :func:`make_reproducible` is the notebooks' first-cell set-up (seeds, threads,
  deterministic kernels, TensorFlow sharing a GPU with PyTorch); :func:`mean_std` and
  :func:`results_table` report results over seeds as Markdown tables that nbval compares.

Everything is seeded: on a CPU the same arguments give the same numbers. The device
defaults to :func:`actlab.torch.try_gpu` (a GPU when there is one); weights are
initialised on the CPU from the seed and then moved, so a GPU run starts from the
same weights. Each result has ``summary()`` — the ``GPU_RESULT`` dict that
``python -m actlab.gpucells`` reports.

>>> from actlab import train
>>> net = train.mlp(1, [8], 1, "tanh")
>>> [type(m).__name__ for m in net]
['Linear', 'CatalogActivation', 'Linear']
"""
from actlab.train.common import ClassifierResult
from actlab.train.keras_loops import fit_classifier_keras, keras_mlp
from actlab.train.report import MarkdownTable, mean_std, results_table
from actlab.train.setup import make_reproducible
from actlab.train.torch_loops import CatalogActivation, FitResult, fit_classifier, fit_xsin, fit_xsin_batch, mlp

__all__ = ["make_reproducible", "CatalogActivation", "mlp", "FitResult", "fit_xsin", "fit_xsin_batch",
           "ClassifierResult", "fit_classifier", "keras_mlp", "fit_classifier_keras", "mean_std",
           "MarkdownTable", "results_table"]
