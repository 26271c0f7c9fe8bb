"""What the park does for its pool: the cultivation plan (targets per tier and year, and progress against them).

Support programmes (calls, grants, tranches) are to join this app; they read the same plan (its pool and years).
The app reads the pool (`accreditation.reports.rows.current_records`, the tier reports' own count) and is read by
`portal` (dashboard); the pool's reports know it only through the sheet it registers (`apps.ready`).
"""
