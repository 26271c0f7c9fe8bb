"""Band tables: points by the band a value falls in. A value exactly on an edge gets the better band."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Bands:
    """`steps` are (edge, points), best band first.

    For floors (`floor=True`) a value >= edge earns the points; for ceilings a value <= edge does. A value
    in no band earns `otherwise` (0 unless the policy gives points to the lowest band too). `required` is the
    language-neutral text of the lowest scoring band, e.g. ">= 1%".
    """

    steps: tuple[tuple[float, int | float], ...]
    floor: bool = True
    otherwise: int | float = 0
    unit: str = "%"
    required: str = field(init=False)

    def __post_init__(self):
        edge = self.steps[-1][0]
        object.__setattr__(self, "required", f"{'>=' if self.floor else '<='} {edge}{self.unit}")

    @property
    def maximum(self) -> int | float:
        return self.steps[0][1]

    def lookup(self, value: float) -> tuple[int | float, tuple[float, int | float] | None]:
        """(points earned, the next better band as (edge, points) or None at the top), in one pass."""
        better = None
        if self.floor:
            for step in self.steps:
                if value >= step[0]:
                    return step[1], better
                better = step
        else:
            for step in self.steps:
                if value <= step[0]:
                    return step[1], better
                better = step
        return self.otherwise, better

    def points(self, value: float) -> int | float:
        if self.floor:
            for edge, points in self.steps:
                if value >= edge:
                    return points
        else:
            for edge, points in self.steps:
                if value <= edge:
                    return points
        return self.otherwise

    def next_step(self, value: float) -> tuple[float, int | float] | None:
        """The nearest band better than the one `value` is in, as (edge, points); None at the top."""
        better = None
        for edge, points in self.steps:
            if (value >= edge) if self.floor else (value <= edge):
                return better
            better = (edge, points)
        return better
