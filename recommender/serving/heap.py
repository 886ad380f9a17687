"""The served catalogue kept out of Python's cyclic garbage collector, in a long-running server.

A loaded catalogue with its compiled tables is about 90,000 container objects that live until the
next reload.  Python's full collections traverse every tracked object: answering the API's requests
in one process (the shipped catalogue), a full collection of about 40 ms came every 3,000 requests or
so; ``recommend`` top-10 on the 10× catalogue of ``bench/`` paid one of about 60 ms every 200 answers
(13 % of the mean).  Each such collection also wrote to every object's header, so the pages a worker
shared with the master after the fork became its own.  ``gc.freeze`` moves every object alive into a permanent
generation that collections skip.  Measured on the shipped catalogue (2 sync workers, 15 s of
``bench/serve.py``'s load): each worker's private memory went from 37 to 20 MB, the three processes'
proportional share from 142 to 108 MB; the CPU per request did not change measurably (the pauses
were about 1 % of it).  A catalogue reloaded later is each worker's own (every worker loads it:
about 34 MB private each), until gunicorn forks workers afresh (``kill -HUP <master>``).

A reload makes the previous catalogue garbage; part of it is cyclic, which only the collector frees,
and it is frozen.  ``after_reload`` therefore unfreezes, collects once and freezes again: a reload
leaks nothing, and at most one full collection is paid per reload, beside the load itself (a reload of
the same files keeps the catalogue served: ``store._kept``).  With threaded workers the collection
pauses the worker's other threads too (40–80 ms), and what their requests hold at that moment is
frozen with the catalogue until the next reload: bounded, and rare.

gunicorn's configuration calls these (``gunicorn.conf.py``); the library leaves the collector alone (the
``recommender`` command pauses it while it starts: ``recommender/__main__.py``).
"""

import gc

from .store import ReloadResult


def freeze() -> None:
    """Everything alive now (the catalogue loaded, the modules imported) is skipped by collections."""
    gc.freeze()


def after_reload(result: ReloadResult) -> None:
    """A store listener: after a new catalogue is swapped in, free the old one and freeze the new."""
    if result.outcome != "reloaded":
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()
