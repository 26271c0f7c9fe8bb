"""The enterprise pages: views, URLs and the enterprise list's table, above the enterprise data and services."""
