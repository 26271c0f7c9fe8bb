"""The application desk: the pages of applications for everyone who works on them (the enterprise's applications,
the officials' queue and decisions, the expert pool and draws, the reviewers' worklist, rounds and the inbox),
above the workflow they drive (`accreditation.applications`)."""
