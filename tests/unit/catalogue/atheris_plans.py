"""Coverage-guided fuzzing of the plan-file loader with atheris (libFuzzer), seeded with the real plan files.

    python tests/unit/catalogue/atheris_plans.py -runs=100000          # on demand
    python tests/unit/catalogue/atheris_plans.py -max_total_time=600   # ten minutes

Any outcome other than a catalogue or a ``CatalogueError`` whose problems are all ``file:line``
within the file is a crash (libFuzzer saves the input as ``crash-*`` and exits non-zero);
``-timeout`` (default 60 s per input here) reports a hang.  libFuzzer prints ``Done <n> runs`` at the end.
"""

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # run as a script from anywhere

with atheris.instrument_imports(include=["recommender", "yaml"]):
    from tests.unit.catalogue.plan_fuzz import REAL, check

NAME = "plans/fuzzed.yaml"


def one_input(data: bytes) -> None:
    check([(NAME, data)])


def main() -> None:
    corpus = Path(tempfile.mkdtemp(prefix="plan-corpus-"))
    try:
        for name, raw in REAL.items():
            (corpus / Path(name).name).write_bytes(raw)
        args = [sys.argv[0], *sys.argv[1:]]
        if not any(a.startswith("-timeout=") for a in args):
            args.append("-timeout=60")
        if not any(a.startswith("-max_len=") for a in args):
            args.append("-max_len=65536")
        args.append(str(corpus))
        atheris.Setup(args, one_input)
        atheris.Fuzz()  # exits the process when done
    finally:
        shutil.rmtree(corpus, ignore_errors=True)


if __name__ == "__main__":
    main()
