"""HTTP throughput: placeholder until the service exists."""


def measure(seconds: float) -> tuple[float, float] | None:
    return None
