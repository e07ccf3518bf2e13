"""The prod profile: refuses to start without its secrets, passes `check --deploy`, serves a CSP.

Settings are read once per process, so each profile is started in a subprocess with a clean
environment, as an operator would start it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KOTALIVE = ROOT / ".venv" / "bin" / "kotalive"

PROD_ENV = {
    "KOTALIVE_PROFILE": "prod",
    "SECRET_KEY": "test-" + "s3cr3t-0123456789-abcdefghij-" * 3,
    "PII_ENCRYPTION_KEY": "test-pii-encryption-key-0123456789abcdef",
    "PII_INDEX_KEY": "test-pii-index-key-0123456789abcdef",
    "ALLOWED_HOSTS": "kotalive.example",
}


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "KOTALIVE_VAR_DIR": str(tmp_path / "var"),
        **env,
    }
    return subprocess.run(
        args, env=clean, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_prod_without_secret_key_refuses_with_a_clear_message(tmp_path):
    env = {k: v for k, v in PROD_ENV.items() if k != "SECRET_KEY"}
    result = _run([str(KOTALIVE), "check"], env, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set. The prod profile refuses to start without it" in result.stderr


def test_prod_without_pii_keys_refuses(tmp_path):
    env = {k: v for k, v in PROD_ENV.items() if k != "PII_INDEX_KEY"}
    result = _run([str(KOTALIVE), "check"], env, tmp_path)
    assert result.returncode != 0
    assert "PII_ENCRYPTION_KEY and PII_INDEX_KEY must be set" in result.stderr


def test_prod_without_allowed_hosts_refuses(tmp_path):
    env = {k: v for k, v in PROD_ENV.items() if k != "ALLOWED_HOSTS"}
    result = _run([str(KOTALIVE), "check"], env, tmp_path)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_an_unknown_profile_refuses(tmp_path):
    result = _run([str(KOTALIVE), "check"], {"KOTALIVE_PROFILE": "staging"}, tmp_path)
    assert result.returncode != 0
    assert "KOTALIVE_PROFILE must be 'dev' or 'prod'" in result.stderr


def test_check_deploy_is_clean_in_prod(tmp_path):
    result = _run(
        [str(KOTALIVE), "check", "--deploy", "--fail-level", "WARNING"], PROD_ENV, tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


PROBE = """
import json
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
allowed_hosts = list(settings.ALLOWED_HOSTS)
setup_test_environment()  # adds "testserver" to ALLOWED_HOSTS, hence the copy above
client = Client(HTTP_HOST="kotalive.example")
plain = client.get("/healthz")
secure = client.get("/healthz", secure=True)
print(json.dumps({
    "debug": settings.DEBUG,
    "allowed_hosts": allowed_hosts,
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "hsts": secure.get("Strict-Transport-Security", ""),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "csp": secure.get("Content-Security-Policy", ""),
    "metrics_from_outside": Client(HTTP_HOST="kotalive.example", REMOTE_ADDR="203.0.113.7")
    .get("/metrics", secure=True)
    .status_code,
    "metrics_from_localhost": client.get("/metrics", secure=True).status_code,
    "foreign_host_status": Client(HTTP_HOST="evil.example")
    .get("/healthz", secure=True)
    .status_code,
}))
"""


def test_prod_settings_are_strict(tmp_path):
    result = _run([str(KOTALIVE), "shell", "--no-imports", "-c", PROBE], PROD_ENV, tmp_path)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["debug"] is False
    assert facts["allowed_hosts"] == ["kotalive.example"]
    assert facts["plain_status"] == 301
    assert facts["plain_location"] == "https://kotalive.example/healthz"
    assert "max-age=31536000" in facts["hsts"]
    assert "includeSubDomains" in facts["hsts"]
    assert facts["session_cookie_secure"] is True
    assert facts["csrf_cookie_secure"] is True
    assert facts["foreign_host_status"] == 400
    assert "script-src 'self'" in facts["csp"]
    assert facts["metrics_from_outside"] == 404
    assert facts["metrics_from_localhost"] == 200


def test_debug_cannot_be_left_on_silently_in_prod(tmp_path):
    result = _run([str(KOTALIVE), "check", "--deploy"], {**PROD_ENV, "DEBUG": "true"}, tmp_path)
    assert "security.W018" in result.stderr + result.stdout


def test_the_default_profile_is_dev_with_debug(tmp_path):
    probe = "from django.conf import settings; print(settings.PROFILE, settings.DEBUG)"
    result = _run([str(KOTALIVE), "shell", "--no-imports", "-c", probe], {}, tmp_path)
    assert result.stdout.split() == ["dev", "True"]
