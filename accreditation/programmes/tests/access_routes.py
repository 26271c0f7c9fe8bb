"""Access expectations of the cultivation plans' pages (see portal/tests/access.py): park staff only; everyone else
gets a 404 and cannot learn a plan exists."""

from portal.tests.access import Route, only

STAFF = ("official", "administrator")


def _plan(world) -> dict:
    return {"code": world["plan"].code}


ROUTES = [
    Route("programmes:plans", only(STAFF)),
    Route("programmes:create", only(STAFF)),
    # Sent empty, the form shows its errors again.
    Route("programmes:create", only(STAFF), method="POST"),
    Route("programmes:detail", only(STAFF), kwargs=_plan),
    Route("programmes:edit", only(STAFF), kwargs=_plan),
    Route("programmes:edit", only(STAFF), kwargs=_plan, method="POST"),
    Route("programmes:targets", only(STAFF), kwargs=_plan),
    # An empty grid is valid (no targets): saved, then back to the plan.
    Route("programmes:targets", only(STAFF, 302), kwargs=_plan, method="POST"),
    Route("programmes:export", only(STAFF), kwargs=lambda world: {**_plan(world), "fmt": "csv"}),
]


def build_world(world: dict) -> None:
    from accreditation.models import Tier
    from accreditation.programmes.models import CultivationPlan, PlanTarget

    world["plan"] = CultivationPlan.objects.create(
        code="sip-2021", name="SIP 2021-2023", first_year=2021, last_year=2023
    )
    tier = Tier.objects.order_by("order").first()
    if tier is not None:
        PlanTarget.objects.create(plan=world["plan"], tier=tier, year=2021, target=10)
