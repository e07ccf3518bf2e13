"""SMS and email link to the server that sent them: the default SITE_URL follows the port served.

Settings are read once per process, so each case starts a fresh one, as `make run` would.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
SCRIPT = ROOT / "scripts" / "prod.py"


def _site_url(tmp_path: Path, **env: str) -> str:
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "KOTALIVE_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "kotalive.config.settings",
        **env,
    }
    result = subprocess.run(
        [str(PYTHON), "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        env=clean,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_make_run_on_another_port_links_to_that_port(tmp_path):
    assert _site_url(tmp_path, PORT="9123") == "http://127.0.0.1:9123"


def test_the_default_port_and_an_explicit_site_url(tmp_path):
    assert _site_url(tmp_path) == "http://127.0.0.1:8000"
    assert (
        _site_url(tmp_path, PORT="9123", SITE_URL="https://live.tangerangkota.go.id")
        == "https://live.tangerangkota.go.id"
    )


def _prod_module():
    spec = importlib.util.spec_from_file_location("kotalive_prod_script_site_url", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_make_prod_links_to_nginx_port_unless_the_site_url_is_set(tmp_path):
    prod = _prod_module()
    env = prod.profile_env({}, tmp_path, {}, port=9000)
    assert env["SITE_URL"] == "http://127.0.0.1:9000"
    kept = prod.profile_env({"SITE_URL": "https://live.example"}, tmp_path, {}, port=9000)
    assert kept["SITE_URL"] == "https://live.example"
