"""Change histories (django-simple-history) that keep who made each change for good.

django-simple-history sets a historical row's user to NULL when that user is deleted, which rewrites the record
of who did what. Here the user is PROTECTed: a person who appears in any history can only be deactivated (the
admin says so and offers it). On PostgreSQL the history tables also refuse UPDATE and DELETE outright (triggers
of the apps' migrations), whatever the path.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords as BaseHistoricalRecords


class HistoricalRecords(BaseHistoricalRecords):
    """django-simple-history's HistoricalRecords whose history_user cannot be deleted from under the record.

    `table_prefix` keeps the history tables' names (the record's own and those of its many-to-many fields) when
    the model moves to another app: the tables, and the triggers that name them, stay where they are.
    """

    def __init__(self, *args, table_prefix: str | None = None, **kwargs):
        self.table_prefix = table_prefix
        super().__init__(*args, **kwargs)

    def create_history_model(self, model, inherited):
        if self.table_prefix and self.table_name is None:
            self.table_name = f"{self.table_prefix}_{self.get_history_model_name(model).lower()}"
        return super().create_history_model(model, inherited)

    def get_meta_options_m2m(self, through_model):
        options = super().get_meta_options_m2m(through_model)
        if self.table_prefix:
            options["db_table"] = f"{self.table_prefix}_{self.get_history_model_name(through_model).lower()}"
        return options

    def _get_history_user_fields(self):
        if self.user_id_field is not None:
            return super()._get_history_user_fields()
        return {
            "history_user": models.ForeignKey(
                self.user_model or settings.AUTH_USER_MODEL,
                null=True,
                related_name=self.user_related_name,
                on_delete=models.PROTECT,
                db_constraint=self.user_db_constraint,
            )
        }
