"""The ``recommender`` command (``[project.scripts]``; ``python -m recommender`` too): ``cli.main`` in a
process of its own.

A command starts, answers and exits, so what it makes while it starts lives until the end: the modules
it imports and the catalogue it loads (from the cache, ``catalogue.cache``): tens of thousands of objects.
Python's cyclic collector still passed over them, 70 to 100 times in a cold ``recommend`` and
once more over all of them as the process ended, freeing nothing: about a fifth of the command's time
on a warm cache.  So the collector waits while the modules are imported, and what is alive then is
set aside from its later passes (``gc.freeze``, as the server does with its catalogue:
``serving.heap``); it waits too while the catalogue is unpickled (``cache._read``).  The command's
own garbage is collected as ever.  Importing ``recommender.cli`` elsewhere (tests,
``python -m recommender.cli``) leaves the collector alone.
"""

import gc


def main() -> None:
    collecting = gc.isenabled()
    gc.disable()
    try:
        from .cli import main as command
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    command()


if __name__ == "__main__":
    main()
