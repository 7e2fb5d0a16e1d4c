"""The Celery settings the mail machinery's crash safety depends on."""

from portal.celery import app


def test_tasks_survive_a_worker_crash():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit
    # Redis re-delivers an unacknowledged task after the visibility timeout: were it
    # shorter than a task may run, a slow task would be run twice at the same time.
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit


def test_sweeper_waits_longer_than_any_send_task_before_taking_rows_back():
    from mailings.services import reclaim_after
    from mailings.tasks import delivery_send_task, mailing_batch_send_task

    for task in (delivery_send_task, mailing_batch_send_task):
        # Celery ends a send task at its own hard limit; only then are its rows orphans.
        assert 0 < task.soft_time_limit < task.time_limit <= app.conf.task_time_limit
        assert reclaim_after().total_seconds() > task.time_limit
    # Well before the 15 minutes a lost batch used to wait for.
    assert reclaim_after().total_seconds() <= 120


def test_mail_tasks_are_registered_and_beat_sweeps_lost_deliveries():
    import mailings.tasks  # noqa: F401

    for name in [
        "mailings.tasks.delivery_send_task",
        "mailings.tasks.mailing_fan_out_task",
        "mailings.tasks.mailing_batch_send_task",
        "mailings.tasks.newsletters_dispatch_task",
        "mailings.tasks.subscriptions_purge_task",
        "mailings.tasks.deliveries_requeue_task",
    ]:
        assert name in app.tasks
    schedule = {entry["task"]: entry for entry in app.conf.beat_schedule.values()}
    assert schedule["mailings.tasks.deliveries_requeue_task"]["schedule"] <= 60
