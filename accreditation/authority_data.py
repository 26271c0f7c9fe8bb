"""The authorities that grant the pool's titles, loaded by a migration (and by tests that rebuild reference
data after flushing the database), and the matching of the free text that lists and older records carry."""

import re
import unicodedata

# code, level, English name, Chinese name, other names (as announced lists write them)
AUTHORITIES = [
    (
        "miit",
        "national",
        "Ministry of Industry and Information Technology (MIIT)",
        "工业和信息化部",
        ["MIIT", "Ministry of Industry and Information Technology", "工信部", "国家工业和信息化部"],
    ),
    (
        "jiangsu-diit",
        "provincial",
        "Jiangsu Provincial Department of Industry and Information Technology",
        "江苏省工业和信息化厅",
        [
            "Jiangsu",
            "Jiangsu MIIT",
            "Jiangsu DIIT",
            "Jiangsu Department of Industry and Information Technology",
            "Provincial department of industry and information technology",
            "江苏省工信厅",
            "省工业和信息化厅",
        ],
    ),
    (
        "suzhou-biit",
        "municipal",
        "Suzhou Municipal Bureau of Industry and Information Technology",
        "苏州市工业和信息化局",
        ["Suzhou", "Suzhou MIIT", "Suzhou BIIT", "苏州市工信局"],
    ),
    (
        "sip",
        "park",
        "Suzhou Industrial Park Administrative Committee",
        "苏州工业园区管理委员会",
        ["The park", "SIP", "Suzhou Industrial Park", "苏州工业园区", "园区管委会", "园区"],
    ),
]
_SPACES = re.compile(r"\s+")


def normalized(text: str) -> str:
    """Case, spaces and full-width forms (brackets, letters) do not make another authority."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    return _SPACES.sub(" ", text).strip().casefold()


def load_authorities(authority_model) -> None:
    """Create or refresh the list (idempotent). Takes the model so that migrations can pass their historical one."""
    for code, level, name_en, name_zh, aliases in AUTHORITIES:
        authority_model.objects.update_or_create(
            code=code, defaults={"level": level, "name_en": name_en, "name_zh": name_zh, "aliases": "\n".join(aliases)}
        )


def authority_index(authorities) -> dict[str, object]:
    """Every known name (normalized) of `authorities` -> the authority."""
    index = {}
    for authority in authorities:
        for name in [authority.name_en, authority.name_zh, *authority.aliases.splitlines()]:
            if name.strip():
                index.setdefault(normalized(name), authority)
    return index


def match_authority(text: str, index: dict) -> object | None:
    return index.get(normalized(text)) if str(text or "").strip() else None
