"""Both languages: every marked string is translated, and the browser's language is honoured."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse

from conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
SOURCES = ["manage.py", "portal", "enterprises", "accreditation", "templates", "locale"]


def test_the_chinese_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalogue = polib.pofile(str(CATALOGUE))

    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.slow
def test_every_string_marked_in_the_code_is_in_the_catalogue(tmp_path):
    if not shutil.which("xgettext"):
        skip_or_fail("gettext is not installed (apt-get install gettext)")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)

    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
    )

    refreshed = polib.pofile(str(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in refreshed.untranslated_entries()] == []


@pytest.mark.django_db
def test_a_chinese_browser_gets_the_sign_in_page_in_chinese(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")

    assert '<h1 class="h3 mb-3" data-testid="login-heading">登录</h1>' in response.content.decode()


@pytest.mark.django_db
def test_the_switcher_remembers_the_chosen_language(client):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.headers["Content-Language"] == "zh-hans"
