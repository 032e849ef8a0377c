"""The app works from an installed wheel, not only from a checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_runtime_files_and_they_load(tmp_path):
    source = tmp_path / "source"  # a clean copy: setuptools would leave build/ in the checkout
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "docs"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("post_composer-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "composer/locale/nl/LC_MESSAGES/composer.mo" in names
    assert "composer/core/data/networks.json" in names
    assert "composer/ui/icons/post-composer.svg" in names
    target = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(target)
    code = ("import composer, sys\n"
            "assert composer.__file__.startswith(sys.argv[1]), composer.__file__\n"
            "from composer.core import i18n\n"
            "from composer.core.networks import facts as platforms\n"
            "i18n.set_language('nl')\n"
            "assert i18n._('Why this post? Choose a purpose.') == 'Waarom dit bericht? Kies een doel.'\n"
            "assert platforms.network('x').text_limit == 280\n")
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", code, str(target)], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "post-composer"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("post-composer ")
