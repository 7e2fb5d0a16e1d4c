"""Whole use cases run in a transaction of their own (docs/architecture.md).

A service that a view, an admin action, a task or a command calls on its own is
`transaction.atomic(durable=True)`: no caller can wrap it into a larger transaction by
accident, and it never commits halfway. Building blocks that other services, or the admin's
change form (which runs in a transaction), call inside their transaction stay plain.
"""

import ast
import inspect

import pytest
from django.db import transaction
from django.urls import reverse

from assessments import services as assessments
from barometer import services as barometer
from events import services as events
from mailings.models import Delivery
from mailings.services import bulk, newsletters, subscriptions
from pledges import interest, merge, progress_services, workspace
from pledges import services as pledges
from portal import services as portal
from privacy import services as privacy
from programmes import services as programmes
from tests.conftest import verified_login
from tests.events.factories import EventFactory, RegistrationFactory

DURABLE = [
    pledges.submission_create,
    pledges.submission_confirm_contact,
    pledges.entry_withdraw,
    pledges.entry_publish,
    pledges.entry_reject,
    pledges.entry_return_to_review,
    interest.partner_interest_send,
    progress_services.indicators_set,
    progress_services.report_submit,
    progress_services.report_publish,
    progress_services.report_return,
    workspace.workspace_sign_in_request,
    workspace.workspace_sign_in,
    merge.organisations_merge,
    events.registration_create,
    events.registration_cancel,
    events.event_cancel,
    events.event_announce,
    events.registrations_anonymise,
    assessments.shortlist_add,
    assessments.conflict_declare,
    assessments.score_submit,
    assessments.shortlisting_award,
    portal.accessibility_feedback_receive,
    privacy.personal_data_erase,
    privacy.personal_data_anonymise_expired,
    subscriptions.subscription_request,
    subscriptions.subscription_confirm,
    subscriptions.subscription_update,
    subscriptions.unsubscribe,
    barometer.answers_moderate,
    barometer.response_save_draft,
    barometer.response_submit,
    barometer.response_continue_mail,
    programmes.measure_status_change,
]

# Each runs inside a caller's transaction: making it durable would break that caller.
BUILDING_BLOCKS = [
    pledges.entry_set_selected,  # assessments.stage_advance
    pledges.award_create,  # assessments.award_prepare
    pledges.entry_award,  # award_entries_set, assessments.stage_advance
    pledges.award_entries_set,  # AwardAdmin.save_related (the change form)
    pledges.partner_respond,  # SubmissionAdmin.save_formset (the change form)
    events.event_save,  # EventAdmin.save_model (the change form)
    assessments.stage_advance,  # shortlisting_award
    assessments.award_prepare,  # shortlisting_award
    portal.accessibility_feedback_reply,  # AccessibilityFeedbackAdmin.save_model
    newsletters.newsletter_send_now,  # the change form's "send now" button
    newsletters.newsletter_schedule,  # the change form's "schedule" button
    bulk.announcement_queue,  # events.event_announce
]

MODULES = [pledges, interest, merge, events, assessments, portal, privacy, newsletters, bulk]
MODULES += [subscriptions, barometer, progress_services, programmes, workspace]


def _name(service) -> str:
    return f"{service.__module__}.{service.__name__}"


def _atomic_decorated(module) -> set[str]:
    """The functions of `module` decorated with @transaction.atomic, with or without args."""
    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if ast.unparse(target) == "transaction.atomic":
                found.add(f"{module.__name__}.{node.name}")
    return found


def test_every_atomic_service_is_either_durable_or_a_listed_building_block():
    decorated = set().union(*(_atomic_decorated(module) for module in MODULES))
    listed = {_name(service) for service in DURABLE + BUILDING_BLOCKS}
    assert decorated == listed


@pytest.mark.django_db
@pytest.mark.parametrize("service", DURABLE, ids=_name)
def test_a_whole_use_case_refuses_to_run_inside_another_transaction(service):
    # Called without its arguments: a durable wrapper refuses on entering its atomic block,
    # before the function runs (so nothing is written); a plain one would get as far as
    # the call and fail with TypeError. The block opened here is not the test case's own
    # (which Django lets durable blocks nest in), so durability is really checked.
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        service()


@pytest.mark.django_db
@pytest.mark.parametrize("service", BUILDING_BLOCKS, ids=_name)
def test_a_building_block_runs_inside_its_callers_transaction(service):
    with pytest.raises(TypeError), transaction.atomic():
        service()


@pytest.mark.django_db
def test_the_admin_cancels_several_events_each_in_its_own_transaction(client, django_user_model):
    # The action used to wrap the whole selection in one transaction, which the durable
    # event_cancel refuses.
    user = django_user_model.objects.create_superuser("staff", "staff@example.fi", "x" * 16)
    staff = verified_login(client, user)
    first, second = EventFactory(), EventFactory()
    RegistrationFactory(event=first)
    RegistrationFactory(event=second)
    response = staff.post(
        reverse("admin:events_event_changelist"),
        {"action": "cancel_events", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_cancelled and second.is_cancelled
    assert Delivery.objects.filter(template="event_change").count() == 2
