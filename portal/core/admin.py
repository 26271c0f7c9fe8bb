"""Admin pieces every app's admin may use."""


class ReadOnlyMixin:
    """An admin that shows records and never adds, changes or deletes them (audit trails,
    imported records)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class NamedListCellsMixin:
    """An admin whose list has editable cells (list_editable): Django draws them without a <label>, so each is
    named by its column and its row ("Order: Business licence"), and a screen reader says what it edits
    (WCAG 2.1 1.3.1, 4.1.2)."""

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, **kwargs)
        editable = list(self.list_editable)

        class NamedCellsForm(form):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                for name in editable:
                    if name in self.fields:
                        field = self.fields[name]
                        field.widget.attrs["aria-label"] = f"{field.label or name}: {self.instance}"

        return NamedCellsForm
