"""Reading ``/metrics`` (Prometheus text) in tests."""


def metric(text: str, name: str, **labels: str) -> float:
    """The sum of the samples of ``name`` with exactly these labels (none: the unlabelled sample)."""
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    prefix = f"{name}{{{want}}} " if labels else f"{name} "
    return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(prefix))
