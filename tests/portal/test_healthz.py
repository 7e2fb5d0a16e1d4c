import pytest

pytestmark = pytest.mark.django_db


def test_healthy_without_broker(client, settings):
    settings.CELERY_BROKER_URL = "memory://"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


def test_reports_a_reachable_redis_broker(client, settings, redis_url):
    settings.CELERY_BROKER_URL = redis_url
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


def test_unreachable_broker_gives_503(client, settings):
    # Nothing listens on port 1 of the loopback: the connection is refused at once.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "checks": {"database": "ok", "broker": "fail"}}
    assert "no-cache" in response["Cache-Control"]
