# Production-like image for docker-compose.yml: gunicorn serves the site, the same image
# runs the Celery worker and beat. No test depends on Docker.
FROM python:3.13-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt package.json package-lock.json ./
RUN pip install --no-cache-dir -r requirements.txt && npm ci --omit=dev --no-audit --no-fund
COPY . .
# Build-time steps need settings but no secrets or database.
RUN DEBUG=true python manage.py compilemessages --ignore=node_modules \
    && DEBUG=true python manage.py collectstatic --noinput -v0
RUN useradd --create-home portal && mkdir -p /app/var && chown portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-"]
