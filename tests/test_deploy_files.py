"""The deployment files (Dockerfile, docker-compose.yml, .env.example) hang together.

No database is needed. `docker compose config` / `docker-compose config` validates the compose file
when one of them is installed; no Docker engine is needed for that.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"
IN_CI = os.environ.get("CI", "").lower() == "true"

LONG_RUNNING = {"db", "redis", "web", "worker", "beat"}


@pytest.fixture(scope="module")
def compose() -> dict:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def command_text(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else str(command)


def volume_mounts(service: dict) -> set[tuple[str, str]]:
    """(source, target) pairs of a service's volumes, short or long syntax."""
    mounts = set()
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            mounts.add((volume.get("source", ""), volume.get("target", "")))
        else:
            source, _, rest = str(volume).partition(":")
            mounts.add((source, rest.split(":")[0]))
    return mounts


def environment(service: dict) -> dict:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    return env


def test_compose_has_every_service(compose):
    assert "version" not in compose, "Compose spec files carry no version: key"
    services = compose["services"]
    assert LONG_RUNNING | {"migrate"} <= set(services)
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    for name in ("db", "redis", "web"):
        assert services[name].get("healthcheck"), f"{name} needs a healthcheck"


def test_compose_commands(compose):
    services = compose["services"]
    assert command_text(services["web"]).startswith("gunicorn config.wsgi:application")
    assert "--bind 0.0.0.0:8000" in command_text(services["web"])
    assert command_text(services["worker"]).startswith("celery -A config worker")
    beat = command_text(services["beat"])
    assert beat.startswith("celery -A config beat")
    assert "--scheduler django_celery_beat.schedulers:DatabaseScheduler" in beat
    assert command_text(services["migrate"]) == "python manage.py migrate --noinput"
    assert services["migrate"]["restart"] == "no"  # the string, not YAML's false
    assert "http://127.0.0.1:8000/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_compose_start_order(compose):
    services = compose["services"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["redis"]["condition"] == "service_healthy"


def test_compose_app_services_share_image_and_settings(compose):
    services = compose["services"]
    for name in ("migrate", "web", "worker", "beat"):
        service = services[name]
        assert service["image"] == services["web"]["image"]
        assert service["env_file"] in (".env", [".env"])
        env = environment(service)
        assert env["DATABASE_URL"].startswith("postgres://")
        assert "@db:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"].startswith("redis://redis:6379")
        assert env["MEDIA_ROOT"] == "/app/media"


def test_media_volume_on_web_and_worker(compose):
    assert "media" in compose["volumes"]
    for name in ("web", "worker"):
        assert ("media", "/app/media") in volume_mounts(compose["services"][name])


def test_env_example_covers_the_compose_file():
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    values = dict(
        line.partition("=")[::2]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )
    assert values["SECRET_KEY"] == "change-me-to-a-long-random-string"
    assert values["DEBUG"] == "false"
    assert values["ALLOWED_HOSTS"] == "zongwu.example.edu.cn"
    assert values["SITE_URL"] == "https://zongwu.example.edu.cn"
    assert values["CSRF_TRUSTED_ORIGINS"] == "https://zongwu.example.edu.cn"
    assert values["POSTGRES_PASSWORD"]
    for name in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"):
        assert name in values
    assert all(value != "" for value in values.values()), "an empty value overrides a default"


def test_dockerfile():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "FROM python:3.11-slim-bookworm" in text
    for package in ("fonts-noto-cjk", "libharfbuzz-subset0", "libpango-1.0-0", "libpangoft2-1.0-0"):
        assert package in text
    assert "--no-install-recommends" in text
    assert "rm -rf /var/lib/apt/lists/*" in text
    assert "manage.py collectstatic --noinput" in text
    assert "pip install -r requirements.lock" in text
    assert text.index("COPY requirements.lock") < text.index("COPY . .")
    assert "\nUSER " in text
    assert "EXPOSE 8000" in text


def compose_commands() -> list[list[str]]:
    """The compose front ends installed here: the Docker CLI plugin and/or docker-compose 1.x."""
    found = []
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run(
            [docker, "compose", "version"], capture_output=True, text=True, check=False
        )
        if probe.returncode == 0:
            found.append([docker, "compose"])
    legacy = shutil.which("docker-compose")
    if legacy:
        found.append([legacy])
    return found


def test_compose_config_validates(tmp_path):
    commands = compose_commands()
    if not commands:
        message = "neither `docker compose` nor `docker-compose` is installed"
        if IN_CI:
            pytest.fail(f"CI must validate docker-compose.yml, but {message}.")
        pytest.skip(message)
    # A scratch project folder holding the compose file and a .env made from .env.example, so the
    # check needs no .env in the checkout and leaves nothing behind.
    shutil.copy(COMPOSE_FILE, tmp_path / "docker-compose.yml")
    shutil.copy(ENV_EXAMPLE, tmp_path / ".env")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("COMPOSE_", "POSTGRES_", "ZONGWU_"))
    }
    for command in commands:
        result = subprocess.run(
            [*command, "--env-file", str(tmp_path / ".env"), "config", "-q"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, (
            f"{' '.join(command)} config -q failed:\n{result.stdout}{result.stderr}"
        )
