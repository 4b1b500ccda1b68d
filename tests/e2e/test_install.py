"""A non-editable install carries the bundled seeds, byte for byte, and opens them."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the project's wheel installed (dependencies shared with this one)."""
    base = tmp_path_factory.mktemp("install")
    wheels = base / "wheels"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if build.returncode:
        pytest.skip(f"cannot build a wheel here: {build.stderr[-500:]}")
    target = base / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    # The dependencies come from this environment (a plain path line: its own .pth files,
    # such as an editable install of this checkout, are not processed).
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next(wheels.glob("casereader-*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def run_installed(target: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(target / "bin" / "python"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env={"PATH": f"{target / 'bin'}", "HOME": str(cwd)},
    )


def test_installed_package_bundles_the_seeds_byte_for_byte(installed: Path, tmp_path: Path) -> None:
    found = run_installed(
        installed,
        "-c",
        "from annotations.corpus import bundled_seeds; print(bundled_seeds())",
        cwd=tmp_path,
    )
    assert found.returncode == 0, found.stderr
    bundled = Path(found.stdout.strip())
    assert "site-packages" in str(bundled)
    for seed in SEEDS.glob("*.txt"):
        assert (bundled / seed.name).read_bytes() == seed.read_bytes()


def test_installed_command_lists_the_bundled_seeds(installed: Path, tmp_path: Path) -> None:
    script = (
        "import json, sys\n"
        "from annotations.corpus import bundled_seeds, load_corpus\n"
        "from tui.launch import prepare\n"
        "import argparse\n"
        "options = argparse.Namespace(paths=[], store=None, coder='x', zone='Europe/London',"
        " read_only=False)\n"
        "session = prepare(options)\n"
        "print(json.dumps({'root': str(session.root), 'files': len(session.files),"
        " 'store': str(session.store.location)}))\n"
        "session.store.close()\n"
    )
    result = run_installed(installed, "-c", script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts["files"] == 5
    assert "site-packages" in facts["root"]
    assert "site-packages" not in facts["store"]  # the bundled corpus's store is in user data
    datelines = subprocess.run(
        [str(installed / "bin" / "casereader"), "datelines", "--json", facts["root"]],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert datelines.returncode == 0, datelines.stderr
    assert len(json.loads(datelines.stdout)) == 5
