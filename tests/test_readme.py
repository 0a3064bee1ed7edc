"""The README's commands work as written for a user who has only the repository.

Every line of every ```bash block in README.md is run, in order, in an empty folder (with the
venv this test runs in standing for ``.venv/``), and must exit 0 and say something. A line this
test does not run is named in SKIPPED with the reason; an unknown line fails the test, so a new
README command is either run here or skipped with a stated reason. Every ``necst`` command of the
README's table must be among the commands run (or skipped with a reason).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

#: README lines not run here (by how they start), and why
SKIPPED = {
    "./run-app": "opens the window (tests/qt covers it; .ci/run starts the bundled window)",
    "./run-tests": "is this test suite itself",
    ".venv/bin/pip install -e '.[bundle]'": "installs PyInstaller; .ci/run builds the bundle",
    ".venv/bin/pyinstaller build.spec": "builds the bundle for minutes; .ci/run does, timed",
    "dist/necst-suite-planner/": "needs the bundle; .ci/run runs both bundled programs",
}

#: table commands that the bash blocks do not run, and why
TABLE_SKIPPED = {
    "login": "keeps a session in the system keyring, which a test machine need not have",
    "logout": "ends the 'necst login' session (see login)",
    "db grant-app-role": "needs a PostgreSQL server as its owner",
    "import campaigns": "needs a filled-in workbook (tests/exports/test_imports.py imports them)",
    "sign release": "needs the id of a changeover booking (tests/services sign releases)",
    "user unlock": "needs an account locked by five wrong passwords (tests/services lock one)",
}

#: options that take a value (skipped when finding a line's command words)
VALUE_OPTIONS = {
    "--db",
    "--user",
    "--from",
    "--to",
    "--week",
    "-o",
    "--time-limit",
    "--start",
    "--name",
    "--role",
    "--reason",
    "--kind",
    "--what",
    "--client",
    "--last",
    "--operator",
    "--minutes",
    "--format",
    "--workers",
    "--seed",
}


def bash_lines(text: str) -> list[str]:
    lines, inside = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```bash"
            continue
        if inside and line.strip():
            lines.append(re.sub(r"\s{2,}#.*$", "", line).strip())
    return lines


def table_commands(text: str) -> set[str]:
    """'export roster', 'audit list', 'demo'... from the README's `necst` table."""
    found = set()
    for row in re.findall(r"^\| `necst [^|]*\|", text, flags=re.M):
        for code in re.findall(r"`necst ([^`]*)`", row):
            words = [w for w in code.split() if re.fullmatch(r"[a-z][a-z-]*", w)]
            if words and words[0] in ("db", "export", "import", "audit", "user", "sign"):
                found.add(" ".join(words[:2]))
            elif words:
                found.add(words[0])
    for code in re.findall(r"`(schedule|client CLIENT|ical|pdf|template)`", text):
        found.add("export " + code.split()[0])
    return found


def test_every_readme_command_is_known() -> None:
    """Each README bash line is run below or skipped with a reason; each table command is run."""
    text = README.read_text(encoding="utf-8")
    lines = bash_lines(text)
    runnable = [ln for ln in lines if not any(ln.startswith(p) for p in SKIPPED)]
    unknown = [ln for ln in runnable if not re.search(r"\.venv/bin/(necst|python) ", ln)]
    assert not unknown, f"README commands this test does not know how to run: {unknown}"
    ran = set()
    for ln in runnable:
        words = shlex.split(ln.split("|")[-1])
        if words[0].endswith("necst"):
            args, skip = [], False
            for w in words[1:]:
                if not skip and not w.startswith("-"):
                    args.append(w)
                skip = w in VALUE_OPTIONS
            ran.update({args[0], " ".join(args[:2])})
    missing = sorted(c for c in table_commands(text) if c not in ran and c not in TABLE_SKIPPED)
    assert not missing, f"README table commands no README example runs: {missing}"


@pytest.mark.slow
def test_readme_commands_run_as_written(tmp_path: Path) -> None:
    """Run them, in order, in an empty folder: each exits 0 and says what it did."""
    lines = [
        ln
        for ln in bash_lines(README.read_text(encoding="utf-8"))
        if not any(ln.startswith(p) for p in SKIPPED)
    ]
    venv_bin = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if not k.startswith("NECST_")}
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "home" / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / "config"),
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    (tmp_path / "home").mkdir()
    work = tmp_path / "work"
    work.mkdir()
    (work / "solver").symlink_to(ROOT / "solver", target_is_directory=True)
    for line in lines:
        command = line.replace(".venv/bin/", f"{venv_bin}/")
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        said = (done.stdout + done.stderr).strip()
        assert done.returncode == 0, f"{line}\nexit {done.returncode}\n{said[-2000:]}"
        assert said, f"{line} printed nothing"
        assert "Traceback" not in said, f"{line}\n{said[-2000:]}"
    # what the examples wrote is there and the solver's results are what the benchmarks say
    import json

    vr = json.loads((work / "vr-result.json").read_text())
    assert vr["status"] in ("optimal", "feasible") and vr["objective"] >= 74  # proven optimum
    roster = json.loads((work / "roster-result.json").read_text())["stats"]["roster"]
    assert roster["roster_status"] in ("optimal", "feasible")
    assert roster["roster_objective"] >= 607  # the proven optimum of Curtois-Qu instance 1
    for name in (
        "roster.xlsx",
        "schedule.xlsx",
        "lumc-hem.xlsx",
        "lumc-hem.ics",
        "timeline.pdf",
        "operators.xlsx",
        "horizon.json",
        "demo-backup.sqlite",
    ):
        assert (work / name).stat().st_size > 0, name
