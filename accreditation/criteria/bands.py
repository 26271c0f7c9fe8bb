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
    maximum: int | float = field(init=False)  # the points of the best band
    # (edge, points, the next better band or None), best band first: `lookup` in one loop without re-slicing.
    table: tuple[tuple[float, int | float, tuple[float, int | float] | None], ...] = field(init=False, repr=False)

    def __post_init__(self):
        edge = self.steps[-1][0]
        object.__setattr__(self, "required", f"{'>=' if self.floor else '<='} {edge}{self.unit}")
        object.__setattr__(self, "maximum", self.steps[0][1])
        better = (None, *self.steps[:-1])
        object.__setattr__(self, "table", tuple((e, p, b) for (e, p), b in zip(self.steps, better, strict=True)))

    def lookup(self, value: float) -> tuple[int | float, tuple[float, int | float] | None]:
        """(points earned, the next better band as (edge, points) or None at the top), in one pass."""
        if self.floor:
            for edge, points, better in self.table:
                if value >= edge:
                    return points, better
        else:
            for edge, points, better in self.table:
                if value <= edge:
                    return points, better
        return self.otherwise, self.steps[-1]

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
