"""The application workflow (issue 6): one table of allowed moves (`workflow`), one service per move
(`services`, `reviews`, `documents`), the frozen revisions (`freeze`), notices (`notices`) and reads (`selectors`).
"""
