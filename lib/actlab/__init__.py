"""actlab — the library of *Activation Functions, Hands-On*.

>>> import actlab
>>> actlab.names()[:4]
['identity', 'sigmoid', 'tanh', 'relu']
>>> actlab.spec("gelu").paper.year
2016

Backends are imported on demand, so ``import actlab`` stays light::

    from actlab import numpy as anp        # analytic derivatives
    from actlab import torch as atorch     # PyTorch built-ins + autograd, try_gpu()
    from actlab import tensorflow as atf   # tf.nn / Keras built-ins + GradientTape
"""
from actlab.catalog import CATALOG, Activation, Paper, names, papers, spec

__all__ = ["CATALOG", "Activation", "Paper", "names", "papers", "spec", "seed_everything"]
__version__ = "0.1.0"


def seed_everything(seed: int = 0) -> None:
    """Seed Python, NumPy and (if imported) PyTorch and TensorFlow, for reproducible notebooks."""
    import random
    import sys

    import numpy as np

    random.seed(seed)
    np.random.seed(seed)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(seed)
    if "tensorflow" in sys.modules:
        sys.modules["tensorflow"].random.set_seed(seed)
