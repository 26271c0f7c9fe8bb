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
