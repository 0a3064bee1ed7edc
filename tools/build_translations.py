#!/usr/bin/env python3
"""Build and maintain the window's translations (Qt Linguist files in resources/i18n/).

    .venv/bin/python tools/build_translations.py            # compile every necst_<lang>.ts to .qm
    .venv/bin/python tools/build_translations.py --update   # re-extract the strings of the window
                                                            # into the .ts files (keeps translations)
    .venv/bin/python tools/build_translations.py --check    # exit 1 when the .ts files miss strings
                                                            # the sources have, or keep unfinished ones

Uses ``lupdate`` and ``lrelease`` from the PySide6 wheel; build.spec runs the default before
bundling, and the window builds a missing .qm itself on its first start from a checkout. The .qm
files are build output (not committed).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from necst_desktop.qt import i18n  # noqa: E402

SOURCES = ROOT / "necst_desktop" / "qt"


def languages() -> list[str]:
    return [lang for lang in i18n.TRANSLATED if i18n.ts_path(lang).exists()] or list(i18n.TRANSLATED)


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))


def lupdate(ts: Path) -> None:
    """Extract every translatable string of the window into ``ts`` (existing translations stay)."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([*i18n.qt_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", ts.stem.split("_", 1)[1],
                    *sources(), "-ts", str(ts)], check=True, cwd=ROOT)
    # lupdate takes a "#:" comment before a tr() call as a note for translators; ours are notes for
    # programmers, and they would only make every edit of a source a change of the .ts
    text = ts.read_text(encoding="utf-8")
    ts.write_text(re.sub(r"\n\s*<extracomment>.*?</extracomment>", "", text, flags=re.S),
                  encoding="utf-8")


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> the <translation> element, of every message in a .ts file."""
    out: dict[tuple[str, str], ET.Element] = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            assert tr is not None
            out[(name, msg.findtext("source") or "")] = tr
    return out


def problems(lang: str) -> list[str]:
    """What keeps the .ts of ``lang`` from being complete: strings of the sources it lacks,
    strings it has that the sources no longer use, and unfinished or empty translations."""
    ts = i18n.ts_path(lang)
    if not ts.exists():
        return [f"{ts} is missing"]
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / ts.name
        lupdate(fresh)
        wanted = set(messages(fresh))
    have = messages(ts)
    out = [f"not in {ts.name} (run tools/build_translations.py --update): {c}: {s!r}"
           for c, s in sorted(wanted - set(have))]
    out += [f"no longer in the sources: {c}: {s!r}" for c, s in sorted(set(have) - wanted)
            if have[(c, s)].get("type") not in ("obsolete", "vanished")]
    for (c, s), tr in sorted(have.items()):
        if (c, s) in wanted and (tr.get("type") == "unfinished" or not (tr.text or "").strip()):
            out.append(f"no {lang} translation: {c}: {s!r}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--update", action="store_true", help="re-extract strings into the .ts files")
    mode.add_argument("--check", action="store_true", help="fail when a .ts is not complete")
    args = parser.parse_args(argv)
    if args.update:
        for lang in languages():
            lupdate(i18n.ts_path(lang))
            print(f"updated {i18n.ts_path(lang).relative_to(ROOT)}")
        return 0
    if args.check:
        found = [p for lang in languages() for p in problems(lang)]
        for line in found:
            print(line)
        return 1 if found else 0
    for lang in languages():
        print(f"built {i18n.build(lang).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
