"""Pages of applications: the enterprise's, the park's, the reviewer's. The workflow
itself lives in `accreditation.applications`; these views only call its services and selectors."""
