"""The bottom of the portal: what every app may use and nothing here imports an app.

Users' roles and rules predicates, the audit trail and history tables, uploads and documents, the security log
and request limits, tables and filter widgets, notifications and the outbox. The custom User model stays in
`portal.models` (the app label is `portal`), and belongs to this layer too.
"""
