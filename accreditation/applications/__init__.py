"""The application workflow: one table of allowed moves (`workflow`), one service per move
(`services`, `reviews`, `documents`), the frozen revisions (`freeze`), notices (`notices`) and reads (`selectors`).
"""
