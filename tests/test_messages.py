"""Translation catalogues: msgids are Vietnamese; ``vi`` repeats them, ``en`` translates them all.

Fails on any untranslated or fuzzy message, on a ``vi`` entry that differs from its msgid, and
on a msgid present in the code but missing from the committed catalogues (so a new string
cannot go untranslated). To update after adding strings (gettext installed)::

    DEBUG=1 python manage.py makemessages -l vi -l en --ignore=.venv --ignore=node_modules

then fill the new entries (vi: copy the msgid, e.g. with ``msgen``; en: translate) and remove
any ``#, fuzzy`` flag after checking the entry.
"""

from __future__ import annotations

import gettext as gettext_module
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "vanphong" / "locale"
LANGUAGES = ("vi", "en")
IGNORE = [".venv", "node_modules", "var", "staticfiles", "artifacts", ".git"]


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


def _require_gettext() -> None:
    missing = [tool for tool in ("msgfmt", "msgcmp", "xgettext") if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"Thiếu công cụ gettext ({', '.join(missing)}). Debian: apt-get install gettext",
            pytrace=False,
        )


def ensure_compiled() -> None:
    """Compile the catalogues (as ``make messages`` does) when a .mo is missing or stale, and
    make Django reload them. Used by the tests that look at English pages."""
    _require_gettext()
    changed = False
    for lang in LANGUAGES:
        po = po_path(lang)
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            # Into a temporary file first: parallel test workers may compile at the same time.
            partial = mo.with_name(f"django.{os.getpid()}.mo.tmp")
            subprocess.run(["msgfmt", "--check", "-o", str(partial), str(po)], check=True)
            os.replace(partial, mo)
            changed = True
    if changed:
        from asgiref.local import Local
        from django.utils.translation import trans_real

        gettext_module._translations = {}
        trans_real._translations = {}
        trans_real._default = None
        trans_real._active = Local()


def _catalogue(lang: str, tmp_path: Path) -> dict:
    mo = tmp_path / f"{lang}.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(po_path(lang))], check=True)
    with mo.open("rb") as fh:
        catalogue = dict(gettext_module.GNUTranslations(fh)._catalog)
    catalogue.pop("", None)  # the header
    return catalogue


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_is_complete_and_valid(lang):
    _require_gettext()
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po_path(lang))],
        capture_output=True,
        text=True,
    )
    report = result.stderr.strip()
    assert result.returncode == 0, report
    assert "untranslated" not in report, f"{lang}: có chuỗi chưa dịch — {report}"
    assert "fuzzy" not in report, f"{lang}: có chuỗi dịch mờ (fuzzy) — {report}"
    assert re.search(r"\d+ translated message", report), report


def test_vietnamese_catalogue_repeats_the_msgids(tmp_path):
    _require_gettext()
    catalogue = _catalogue("vi", tmp_path)
    assert len(catalogue) > 50
    different = {}
    for key, value in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if value != msgid:
            different[msgid] = value
    assert not different, f"vi: msgstr phải giống msgid: {different}"


def test_english_catalogue_is_english(tmp_path):
    _require_gettext()
    vi = _catalogue("vi", tmp_path)
    en = _catalogue("en", tmp_path)

    def msgids(catalogue: dict) -> set[str]:  # plural entries are keyed (msgid, index)
        return {key[0] if isinstance(key, tuple) else key for key in catalogue}

    assert msgids(en) == msgids(vi)
    assert all(value.strip() for value in en.values())
    # Vietnamese letters left in an English translation mean it was copied, not translated.
    vietnamese = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
    allowed = re.compile(r"VănPhòng|Tiếng Việt")

    def code(token: str) -> bool:
        """Names of legal instruments keep their Vietnamese letters: 118/2025/NĐ-CP, QĐ, QyĐ."""
        return "/" in token or sum(ch.isupper() for ch in token) >= 2

    def untranslated(value: str) -> bool:
        tokens = re.split(r"[\s,;:()“”\"'.…]+", allowed.sub("", value))
        return any(vietnamese.search(t) and not code(t) for t in tokens)

    copied = {key: value for key, value in en.items() if untranslated(value)}
    assert not copied, f"en: chưa dịch sang tiếng Anh: {copied}"


def test_catalogues_have_every_msgid_of_the_code(tmp_path, settings):
    """Re-run makemessages into a temporary folder: every msgid it finds must be committed."""
    _require_gettext()
    fresh_dir = tmp_path / "locale"
    fresh_dir.mkdir()
    settings.LOCALE_PATHS = [str(fresh_dir)]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        # Ignoring vanphong/locale keeps makemessages from writing into the committed catalogues.
        call_command(
            "makemessages",
            locale=["en"],
            ignore_patterns=[*IGNORE, "vanphong/locale"],
            verbosity=0,
            no_obsolete=True,
        )
    finally:
        os.chdir(cwd)
    fresh = fresh_dir / "en" / "LC_MESSAGES" / "django.po"
    assert fresh.exists()
    assert "Việc cần làm" in fresh.read_text(encoding="utf-8")
    for lang in LANGUAGES:
        result = subprocess.run(
            ["msgcmp", "--use-untranslated", "--use-fuzzy", str(po_path(lang)), str(fresh)],
            capture_output=True,
            text=True,
        )
        lines = fresh.read_text(encoding="utf-8").splitlines()
        missing = [
            next(line for line in reversed(lines[: int(n)]) if line.startswith("msgid "))
            for n in re.findall(r"django\.po:(\d+): this message", result.stderr)
        ]
        assert result.returncode == 0, (
            f"{lang}: catalogue thiếu chuỗi mới trong mã nguồn; chạy makemessages rồi dịch:\n"
            + "\n".join(missing[:50] or [result.stderr[-3000:]])
        )


@pytest.mark.django_db
def test_pages_in_english_after_switching(client):
    from vanphong.org.testing import make_agency, make_official, make_unit

    ensure_compiled()
    agency = make_agency(name="Văn phòng UBND tỉnh Thử")
    clerk = make_official(
        agency, unit=make_unit(agency), roles=("van_thu",), full_name="Lê Thị Hoa"
    )
    client.force_login(clerk)
    vi = client.get("/").content.decode()
    assert "Việc cần làm" in vi and "Đăng xuất" in vi and ">Văn thư<" in vi
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    en = client.get("/").content.decode()
    assert '<html lang="en">' in en
    for text in ("My work", "Sign out", ">Clerk<", "No work assigned yet", "Not yet due"):
        assert text in en, text
    assert "Việc cần làm" not in en
    assert "Lê Thị Hoa" in en  # names are data, never translated
    missing = client.get("/khong-co-trang-nay/").content.decode()
    assert "Page not found" in missing


def test_language_names_are_translated():
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]
