"""Languages of the window: English (the source) and Dutch, and dates in the locale's format.

The language follows the system locale unless the user chose one in File → Settings (kept in
QSettings under ``ui/language``); ``NECST_LANGUAGE=nl`` (or ``en``) overrides both, which is how
the tests run in English whatever the machine's locale is. The translations live as Qt Linguist
sources in ``resources/i18n/necst_<lang>.ts``; the compiled ``.qm`` files are built with the
``lrelease`` that ships in the PySide6 wheel, at bundle time (``tools/build_translations.py``) or
on the first start that finds one missing or older than its source.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTime,
    QTimeZone,
    QTranslator,
)

from .style import resources_dir

SETTING = "ui/language"
ENV = "NECST_LANGUAGE"
SOURCE = "en"
# (code, name shown in the settings); "" follows the system locale
LANGUAGES = (("", "System language"), ("en", "English"), ("nl", "Nederlands"))
TRANSLATED = ("nl",)

_installed: list[QTranslator] = []


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def ts_path(lang: str) -> Path:
    return i18n_dir() / f"necst_{lang}.ts"


def qm_path(lang: str) -> Path:
    return i18n_dir() / f"necst_{lang}.qm"


def saved_choice() -> str:
    """The language chosen in the settings ('' = the system's)."""
    return str(QSettings().value(SETTING, "") or "")


def save_choice(code: str) -> None:
    QSettings().setValue(SETTING, code)


def resolve(choice: str | None = None) -> str:
    """The language the window speaks: ``choice`` when given, else NECST_LANGUAGE, else the
    setting; '' (or none of them) is the system locale's language when we have it, else English."""
    code = (os.environ.get(ENV) or saved_choice()) if choice is None else choice
    if not code:
        code = QLocale.system().name().split("_")[0]
    return code if code in TRANSLATED else SOURCE


def qt_tool(name: str) -> list[str]:
    """The command of a Qt tool that ships in the PySide6 wheel (``lrelease``, ``lupdate``)."""
    import PySide6

    here = Path(PySide6.__file__).parent
    for exe in (name, f"{name}.exe"):
        if (here / exe).exists():
            return [str(here / exe)]
    return [sys.executable, "-m", "PySide6.scripts.pyside_tool", name]


def build(lang: str) -> Path:
    """Compile ``necst_<lang>.ts`` to ``.qm`` (raises CalledProcessError with lrelease's output)."""
    subprocess.run([*qt_tool("lrelease"), "-silent", str(ts_path(lang)), "-qm", str(qm_path(lang))],
                   check=True, capture_output=True, text=True)
    return qm_path(lang)


def ensure_qm(lang: str) -> Path | None:
    """The ``.qm`` of a language, built now when missing or older than its ``.ts`` source (a
    checkout); None when it cannot be had (then the window stays in English)."""
    qm, ts = qm_path(lang), ts_path(lang)
    stale = ts.exists() and (not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime)
    if stale and not getattr(sys, "frozen", False):
        try:
            build(lang)
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"necst: cannot build the {lang} translation ({exc}); the window stays in "
                  "English", file=sys.stderr)
    return qm if qm.exists() else None


def locale_for(lang: str) -> QLocale:
    """The system's locale when it speaks ``lang``, else ``lang`` in the system's country."""
    system = QLocale.system()
    if system.name().split("_")[0] == lang:
        return system
    return QLocale(QLocale.codeToLanguage(lang), system.territory())


def install(app: QCoreApplication, choice: str | None = None) -> str:
    """Install the translators of the resolved language (and Qt's own, for standard buttons) and
    make its locale the default for dates and numbers. Returns the language code."""
    lang = resolve(choice)
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    QLocale.setDefault(locale_for(lang))
    if lang == SOURCE:
        return lang
    qm = ensure_qm(lang)
    ours = QTranslator(app)
    if qm is not None and ours.load(str(qm)):
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)
    if qt.load(QLocale(lang), "qtbase", "_",
               QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return lang


# --- dates in the locale's format ----------------------------------------------------------------

def _q(dt: datetime) -> QDateTime:
    """A wall-clock QDateTime of an already converted datetime (no second time-zone conversion)."""
    # in UTC: a QDateTime in local time would look up the machine's zone (40 times slower)
    return QDateTime(QDate(dt.year, dt.month, dt.day), QTime(dt.hour, dt.minute, dt.second),
                     QTimeZone.utc())


_patterns: dict[str, str] = {}


def date_time(dt: datetime) -> str:
    """Weekday, date and time as the locale writes them: 'Mon 30/11/2026 06:00', 'ma 30-11-2026 06:00'."""
    loc = QLocale()
    fmt = _patterns.get(loc.name())
    if fmt is None:  # asking the locale for its formats costs more than the formatting itself
        fmt = _patterns[loc.name()] = _full_year(
            f"ddd {loc.dateFormat(QLocale.FormatType.ShortFormat)} "
            f"{loc.timeFormat(QLocale.FormatType.ShortFormat)}")
    return loc.toString(_q(dt), fmt)


def day(d: date, *, year: bool = False) -> str:
    """A day with its weekday, month name in the locale's language: 'Mon 30 Nov', 'ma 30 nov.'."""
    return QLocale().toString(QDate(d.year, d.month, d.day), "ddd d MMM yyyy" if year else "ddd d MMM")


def day_time(dt: datetime) -> str:
    """'Mon 30 Nov 06:00' in the locale's language and time format."""
    loc = QLocale()
    return loc.toString(_q(dt), f"ddd d MMM {loc.timeFormat(QLocale.FormatType.ShortFormat)}")


def short_date(d: date) -> str:
    """The locale's short date: '30/11/2026', '30-11-2026', '11/30/26'."""
    return QLocale().toString(QDate(d.year, d.month, d.day), _full_year(QLocale().dateFormat(QLocale.FormatType.ShortFormat)))


def weekday(d: date, *, long: bool = False) -> str:
    """The day's name in the locale's language ('Mon' / 'ma')."""
    return QLocale().dayName(d.isoweekday(), QLocale.FormatType.LongFormat if long
                             else QLocale.FormatType.ShortFormat)


def _full_year(fmt: str) -> str:
    """A GMP record names the year in full: 'yy' becomes 'yyyy'."""
    return fmt.replace("yyyy", "\0").replace("yy", "yyyy").replace("\0", "yyyy")


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # the name lupdate looks for
    """Mark ``source`` for translation in ``context`` where it is defined (a table of labels); it is
    translated where shown, with ``QCoreApplication.translate(context, source)``. Typed as str,
    unlike PySide6's own."""
    return source
