"""Form fields every app's forms may use, and the way a page puts a service's refusal onto its form."""

from django import forms
from django.core.exceptions import ValidationError

# The largest row id (a BigAutoField). A posted id beyond it is no row; put in a query, it breaks the query.
MAX_ROW_ID = 2**63 - 1


def add_service_errors(form, error: ValidationError) -> None:
    """Put what a service refused onto `form`: next to the field it names when the form shows it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, " ".join(error.messages))


class RowIdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's multiple choice of rows, except that an id past the database's integer range is an invalid
    choice: Django sends the posted ids to the database as they are (`pk__in`), where such an id made the query
    fail (a 500 on SQLite) instead of being refused."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(pk)
            except (TypeError, ValueError):
                continue  # not a number at all: Django's own check refuses it
            if not 0 < number <= MAX_ROW_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
