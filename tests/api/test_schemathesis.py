"""The API fuzzed against its own live OpenAPI schema (Schemathesis): for every operation,
generated (also hostile) query strings and ids never give a 5xx, and every answer conforms
to the schema (status, content type, body).

A bounded number of examples per operation keeps `make test` fast; a longer run sets
SCHEMATHESIS_MAX_EXAMPLES (README, "Open data")."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def wsgi_app():
    """Django's WSGI application on the test database: as the test client does, requests
    must not close the test transaction's connection when they end."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def programme_data(db):
    """The programme, a measure with its timeline and a closed barometer round with a group
    of fewer than 5 respondents (and an open round, whose results are not public)."""
    from datetime import date

    from programmes.services import measure_status_change
    from tests.barometer.factories_results import answers_make, round_make
    from tests.programmes.factories import GoalFactory, MeasureFactory, PublicationFactory

    goal = GoalFactory()
    measure = MeasureFactory()
    measure.publications.add(PublicationFactory(programme=goal.programme))
    measure_status_change(measure=measure, status="in_force", on=date(2025, 1, 1))
    made = round_make(year=2024)
    respondents = [("municipality", "uusimaa")] * 8 + [("company", "lappi")] * 2
    answers_make(made, respondents=respondents, seed=5)
    round_make(year=2025, closed=False)
    return made


def test_every_operation_conforms_to_the_live_schema(
    public_data, hidden_data, programme_data, wsgi_app
):
    app = wsgi_app
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", app)
    assert schema.raw_schema["openapi"] == "3.1.0"
    operations = [result.ok() for result in schema.get_all_operations()]
    # 10 collections, each a list and a detail; the programme; barometer rounds and results.
    assert len(operations) == 23
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def run(case):
            response = case.call(app=app)
            case.validate_response(response, checks=CHECKS)

        run()

    # The fuzzer rarely hits a round's year: the closed round in every breakdown, the open one.
    results = next(op for op in operations if op.path.endswith("/{year}/results/"))
    for year, breakdown in [(2024, "none"), (2024, "organisation_type"), (2024, "region")]:
        case = results.Case(path_parameters={"year": year}, query={"breakdown": breakdown})
        response = case.call(app=app)
        assert response.status_code == 200
        case.validate_response(response, checks=CHECKS)
    case = results.Case(path_parameters={"year": 2025})
    response = case.call(app=app)
    assert response.status_code == 404
    case.validate_response(response, checks=CHECKS)
