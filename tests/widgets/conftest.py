"""One thread per library, as in the chapters: the explorers' arrays and networks are tiny, so extra
threads only contend for the cores (and the numbers then do not depend on how many there are)."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def single_threaded():
    import torch
    from threadpoolctl import threadpool_limits

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    with threadpool_limits(1):
        yield
    torch.set_num_threads(threads)
