"""Read replicas and S3 media by configuration.

Settings are read once per process, so each configuration is loaded in a subprocess with a clean
environment, as an operator would start it; the router's choices are also checked in-process.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings

from kotalive.config.db_router import ReplicaRouter

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"


def _settings_probe(env: dict[str, str], code: str, tmp_path: Path) -> dict[str, object]:
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "KOTALIVE_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "kotalive.config.settings",
        **env,
    }
    script = "import django, json\ndjango.setup()\n" + code
    result = subprocess.run(
        [str(PYTHON), "-c", script],
        env=clean,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    parsed: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return parsed


def test_without_replica_urls_there_is_one_database_and_no_router(tmp_path):
    out = _settings_probe(
        {},
        "from django.conf import settings\n"
        "print(json.dumps({'dbs': sorted(settings.DATABASES), "
        "'routers': settings.DATABASE_ROUTERS}))",
        tmp_path,
    )
    assert out == {"dbs": ["default"], "routers": []}


def test_replica_urls_add_replicas_that_serve_reads_while_writes_go_to_default(tmp_path):
    """Two replicas pointing at the same SQLite file: a row written through default is read back
    through a replica, and the querysets name the database the router chose."""
    db = tmp_path / "shared.sqlite3"
    code = """
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
call_command("migrate", verbosity=0)
written = Group.objects.create(name="replicated")
read = Group.objects.get(name="replicated")
with transaction.atomic():
    in_transaction = Group.objects.all().db
print(json.dumps({
    "dbs": sorted(settings.DATABASES),
    "routers": settings.DATABASE_ROUTERS,
    "mirror": settings.DATABASES["replica2"]["TEST"]["MIRROR"],
    "written_on": written._state.db,
    "read_from": read._state.db,
    "read_pk_matches": read.pk == written.pk,
    "in_transaction": in_transaction,
}))
"""
    out = _settings_probe(
        {
            "DATABASE_URL": f"sqlite:///{db}",
            "DATABASE_REPLICA_URLS": f"sqlite:///{db}, sqlite:///{db}",
        },
        code,
        tmp_path,
    )
    assert out["dbs"] == ["default", "replica1", "replica2"]
    assert out["routers"] == ["kotalive.config.db_router.ReplicaRouter"]
    assert out["mirror"] == "default"
    assert out["written_on"] == "default"
    assert out["read_from"] in {"replica1", "replica2"}
    assert out["read_pk_matches"] is True
    assert out["in_transaction"] == "default"


@override_settings(DATABASE_REPLICAS=["replica1"])
def test_router_sends_reads_to_the_replica_and_writes_and_migrations_to_default():
    router = ReplicaRouter()
    assert router.db_for_read(Group) == "replica1"
    assert router.db_for_write(Group) == "default"
    assert router.allow_migrate("default", "auth") is True
    assert router.allow_migrate("replica1", "auth") is False


@override_settings(DATABASE_REPLICAS=["replica1"])
def test_router_allows_relations_between_default_and_replica_but_not_foreign_databases():
    router = ReplicaRouter()
    on_default, on_replica, elsewhere = Group(name="a"), Group(name="b"), Group(name="c")
    on_default._state.db, on_replica._state.db, elsewhere._state.db = (
        "default",
        "replica1",
        "legacy",
    )
    assert router.allow_relation(on_default, on_replica) is True
    assert router.allow_relation(on_default, elsewhere) is None


@override_settings(DATABASE_REPLICAS=[])
def test_router_without_replicas_reads_from_default():
    assert ReplicaRouter().db_for_read(Group) == "default"


S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "AWS_STORAGE_BUCKET_NAME": "kotalive-media",
    "AWS_ACCESS_KEY_ID": "minio-access",
    "AWS_SECRET_ACCESS_KEY": "minio-secret",
}


def test_media_storage_s3_configures_django_storages_with_the_endpoint(tmp_path):
    code = """
from django.conf import settings
from django.core.files.storage import storages
default_storage = storages["default"]
print(json.dumps({
    "default": settings.STORAGES["default"],
    "class": type(default_storage).__module__ + "." + type(default_storage).__name__,
    "endpoint": default_storage.endpoint_url,
    "bucket": default_storage.bucket_name,
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
}))
"""
    out = _settings_probe(S3_ENV, code, tmp_path)
    default = out["default"]
    assert isinstance(default, dict)
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["endpoint_url"] == "http://127.0.0.1:9000"
    assert options["bucket_name"] == "kotalive-media"
    assert options["access_key"] == "minio-access"
    assert options["secret_key"] == "minio-secret"
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert out["class"] == "storages.backends.s3.S3Storage"
    assert (out["endpoint"], out["bucket"]) == ("http://127.0.0.1:9000", "kotalive-media")
    # Static files stay local (served by nginx / whitenoise), only media moves.
    assert out["static"] != "storages.backends.s3.S3Storage"


def test_media_storage_defaults_to_the_filesystem(tmp_path):
    out = _settings_probe(
        {},
        "from django.conf import settings\nprint(json.dumps(settings.STORAGES['default']))",
        tmp_path,
    )
    assert out == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be 'filesystem' or 's3'"),
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
    ],
)
def test_a_wrong_media_storage_refuses_with_a_clear_message(tmp_path, env, message):
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "KOTALIVE_VAR_DIR": str(tmp_path / "var"),
        **env,
    }
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "kotalive"), "check"],
        env=clean,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_a_retry_is_answered_from_the_primary_while_the_replica_lags(tmp_path):
    """An Idempotency-Key is looked up on the primary: a replica that has not caught up yet (here a
    copy taken before the first request) must not make a retry do the work again, or fail."""
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    code = f"""
import shutil
from django.core.management import call_command
from django.db import connection
from django.test import Client
from kotalive.accounts.models import PhoneCode
call_command("migrate", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
shutil.copy({str(primary)!r}, {str(replica)!r})  # the replica as it was: before the request
client = Client()
sent = dict(content_type="application/json", HTTP_IDEMPOTENCY_KEY="draft-1")
first = client.post("/api/v1/auth/code", {{"phone": "081234567890"}}, **sent)
retry = client.post("/api/v1/auth/code", {{"phone": "081234567890"}}, **sent)
print(json.dumps({{
    "statuses": [first.status_code, retry.status_code],
    "replayed": retry.get("Idempotent-Replayed"),
    "codes_on_primary": PhoneCode.objects.using("default").count(),
    "codes_on_replica": PhoneCode.objects.using("replica1").count(),
}}))
"""
    out = _settings_probe(
        {"DATABASE_URL": f"sqlite:///{primary}", "DATABASE_REPLICA_URLS": f"sqlite:///{replica}"},
        code,
        tmp_path,
    )
    assert out == {
        "statuses": [202, 202],
        "replayed": "true",
        "codes_on_primary": 1,
        "codes_on_replica": 0,
    }


def test_a_token_works_at_once_while_the_replica_lags(tmp_path):
    """Signed in a moment ago: the token is on the primary only, and it must already work."""
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    code = f"""
import shutil
from django.core.management import call_command
from django.db import connection
from django.test import Client
from kotalive.accounts.models import ApiToken, User
from kotalive.accounts.services import api_token_create
call_command("migrate", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
shutil.copy({str(primary)!r}, {str(replica)!r})  # the replica as it was: before the sign-in
user = User.objects.create_user(kind=User.Kind.RESIDENT, phone="+6281234567890")
raw = api_token_create(actor=user, name="phone")[1]
me = Client().get("/api/v1/me", headers={{"Authorization": "Bearer " + raw}})
print(json.dumps({{
    "status": me.status_code,
    "tokens_on_replica": ApiToken.objects.using("replica1").count(),
}}))
"""
    out = _settings_probe(
        {"DATABASE_URL": f"sqlite:///{primary}", "DATABASE_REPLICA_URLS": f"sqlite:///{replica}"},
        code,
        tmp_path,
    )
    assert out == {"status": 200, "tokens_on_replica": 0}
