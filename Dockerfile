# Zongwu application image: the same image runs the web server (default CMD), the Celery worker,
# Celery beat and the one-shot `migrate` job (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings \
    ZONGWU_VAR_DIR=/app/var \
    MEDIA_ROOT=/app/media

# WeasyPrint's native libraries, and a CJK font so Chinese text renders in generated PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

# The application runs as an unprivileged user; the code itself stays owned by root (read-only).
RUN groupadd --system --gid 1000 zongwu \
    && useradd --system --uid 1000 --gid zongwu --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin zongwu

WORKDIR /app

# Dependencies first, so editing the code does not invalidate this layer.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .

# Static files are collected into the image (whitenoise serves them, with a hashed manifest).
# The settings need a SECRET_KEY to load when DEBUG is off: a throwaway value, used only here.
# /app/media is created owned by the app user so a fresh named volume mounted there inherits it.
RUN SECRET_KEY=collectstatic-build-only-not-a-secret DEBUG=false \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/media \
    && chown zongwu:zongwu /app/media

USER zongwu

EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
