"""Who may read and set cultivation plans (django-rules): the park's staff, officials and administrators alike,
since the plan is the park's own (docs/domain.md section 1: the park keeps its pool)."""

import rules

from portal.core.rules import is_park_staff

rules.add_perm("programmes.view_plan", is_park_staff)
rules.add_perm("programmes.change_plan", is_park_staff)
