"""Synthetic Jiyuan for demos and benchmarks (`zhihui demo generate`).

Public API (no Django needed):
    generate_city(residents, seed=0, as_of=REFERENCE_DATE) -> City   (polars tables, see generator.py)
    targets(residents) -> Targets                                  (exact counts for N residents)
    BASELINE_2020                                                  (the Table 1 figures used)
The Django loader is `zhihui.registry.demo.loader.load_city` (imported lazily: it needs Django).
"""

from .calibration import BASELINE_2020, FULL_CITY, REFERENCE_DATE, Targets, targets
from .generator import City, generate_city

__all__ = ["BASELINE_2020", "FULL_CITY", "REFERENCE_DATE", "City", "Targets", "generate_city", "targets"]


def ensure_demo_city(residents: int = 20_000, seed: int = 2021, **kwargs):
    """Generate and load the demo city unless one exists (needs Django; see loader.py)."""
    from .loader import ensure_demo_city as _ensure

    return _ensure(residents=residents, seed=seed, **kwargs)


__all__ += ["ensure_demo_city"]
