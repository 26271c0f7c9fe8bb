"""The official's enterprise table (django-tables2): sortable, paginated, each row links to the enterprise."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableQuerysetData

from enterprises.list_extensions import extension_columns
from enterprises.models import Enterprise
from enterprises.size import SizeClass
from portal.core.tables import BodyInPython

# A text search that matches more enterprises than this is counted only this far ("more than 10,000"): counting a
# search that matches a whole province (every name with 科技 in it) read every enterprise for a number nobody pages
# through, the slowest list request at 1,000,000 enterprises (benchmarks/README.md).
SEARCH_COUNT_CAP = 10_000


class PageFirstData(TableQuerysetData):
    """Queryset data that loads a page in two steps: the primary keys of the page's rows (filtered, ordered, sliced:
    no annotation is computed for the rows an OFFSET skips, and an index often answers alone), then those rows
    with every annotation, by primary key. Two queries per page whatever its size.

    The count is exact, unless `count_cap` is given: then PostgreSQL stops counting one row past it, and
    `capped` says the list has more rows than that (its pages go as far as the cap)."""

    def __init__(self, data, *, count_cap: int | None = None):
        super().__init__(data)
        self.count_cap = count_cap

    def __len__(self):
        if self.count_cap is None:
            return super().__len__()
        if not hasattr(self, "_length"):
            self._length = self.data[: self.count_cap + 1].count()
        return self._length

    @property
    def capped(self) -> bool:
        return self.count_cap is not None and len(self) > self.count_cap

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return super().__getitem__(key)
        ids = list(self.data[key].values_list("pk", flat=True))
        if not ids:
            return []
        rows = {row.pk: row for row in self.data.order_by().filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]


class EnterpriseTable(BodyInPython, tables.Table):
    name_zh = tables.Column(verbose_name=_("Enterprise"), linkify=("enterprises:detail", {"pk": tables.A("pk")}))
    uscc = tables.Column(verbose_name=_("USCC"))
    district = tables.Column(verbose_name=_("District"))
    sector = tables.Column(verbose_name=_("Sector"), accessor="sector__code", order_by=("industry_code",))
    size_class = tables.Column(verbose_name=_("Size class"))
    verified = tables.BooleanColumn(verbose_name=_("Verified member"))
    annual_update_done = tables.BooleanColumn(verbose_name=_("Annual update done"))

    class Meta:
        model = Enterprise
        fields = ("name_zh", "uscc", "district", "sector", "size_class", "verified", "annual_update_done")
        sequence = ("...", "verified", "annual_update_done")  # the columns of other apps come before these
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "enterprise-table"}
        empty_text = _("No enterprise matches these filters.")
        per_page = 50

    def __init__(self, data, **kwargs):
        """Adds the columns other apps register (`list_extensions`), here so that the page and the exports, which
        read the `sort` parameter with this table, know the same columns."""
        super().__init__(data, extra_columns=[*extension_columns(), *kwargs.pop("extra_columns", [])], **kwargs)

    def render_sector(self, record):
        return str(record.sector) if record.sector_id else "—"

    def render_size_class(self, record):
        return SizeClass(record.size_class).label
