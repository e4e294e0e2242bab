"""A requester's whole workflow, driven by toloka-kit (unmodified) against a Toloka API.

    TOLOKA_URL=http://127.0.0.1:7070 python3 workflow.py [--retries N] [--backoff F] [--tasks N]

project -> pool -> sync and async task creates -> open -> simulated work ->
accept/reject -> assignments DataFrame -> bonuses -> skills -> restrictions ->
aggregation -> messages -> webhooks -> close/archive -> operations -> clone.

It prints one JSON object, the facts of the run, that workflow.expected.json
holds the run to; a step that goes wrong raises. Against a faulty server
(tolokash emulator --faults ...) more retries are needed than toloka-kit's
default three, and the count checks show that nothing was created twice.
"""
import argparse
import collections
import datetime
import decimal
import json
import os
import sys
import time
import uuid

import toloka.client as toloka
from toloka.client.primitives.retry import TolokaRetry, STATUSES_TO_RETRY


def main():
    args = argparse.ArgumentParser()
    args.add_argument('--retries', type=int, default=3)
    args.add_argument('--backoff', type=float, default=2, help="urllib3's backoff_factor (toloka-kit's default is 2)")
    args.add_argument('--tasks', type=int, default=20)
    args.add_argument('--timeout', type=float, default=300, help='seconds to wait for the simulated work')
    opts = args.parse_args()

    def retryer():
        return TolokaRetry(total=opts.retries, status_forcelist=list(STATUSES_TO_RETRY), backoff_factor=opts.backoff,
                           allowed_methods=['HEAD', 'GET', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'POST', 'PATCH'])

    client = toloka.TolokaClient(os.environ.get('TOLOKA_TOKEN', 'local'), url=os.environ['TOLOKA_URL'],
                                 retryer_factory=retryer, retry_quotas=None)
    facts = {}
    run = uuid.uuid4().hex[:8]

    requester = client.get_requester()
    balance_before = requester.balance

    # Project and pool, as the learn_the_basics notebook makes them.
    project = client.create_project(toloka.Project(
        public_name=f'Cat or dog? ({run})',
        public_description='Say what the photo shows.',
        public_instructions='Look at the picture and choose <b>cat</b> or <b>dog</b>.',
        task_spec=toloka.project.task_spec.TaskSpec(
            input_spec={'image': toloka.project.UrlSpec()},
            output_spec={'label': toloka.project.StringSpec(allowed_values=['cat', 'dog'])},
            view_spec=toloka.project.ClassicViewSpec(markup='<img src="{{image}}">{{field type="radio" name="label"}}'),
        ),
    ))
    facts['project_status'] = project.status.value
    skill = client.create_skill(name=f'cats-{run}', hidden=True, public_requester_description={'EN': 'Cats and dogs'})
    pool = toloka.Pool(
        project_id=project.id,
        private_name='Pool 1',
        reward_per_assignment=0.01,
        assignment_max_duration_seconds=60 * 5,
        will_expire=datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=365),
        auto_accept_solutions=False,
        defaults=toloka.Pool.Defaults(default_overlap_for_new_tasks=3, default_overlap_for_new_task_suites=1),
    )
    pool.set_mixer_config(real_tasks_count=1)
    pool.filter = toloka.filter.Languages.in_('EN')
    pool.quality_control.add_action(
        collector=toloka.collectors.SkippedInRowAssignments(),
        conditions=[toloka.conditions.SkippedInRowCount > 5],
        action=toloka.actions.RestrictionV2(scope='PROJECT', duration=1, duration_unit='DAYS', private_comment='Skips'),
    )
    pool = client.create_pool(pool)
    facts['pool_status'] = pool.status.value
    facts['pool_auto_accept_solutions'] = pool.auto_accept_solutions

    # Tasks: one by one, a synchronous batch, and an asynchronous one.
    images = [f'https://example.com/pets/{run}/{i:03d}.jpg' for i in range(opts.tasks)]
    tasks = [toloka.Task(input_values={'image': url}, pool_id=pool.id) for url in images]
    client.create_task(tasks[0], allow_defaults=True)
    half = opts.tasks // 2
    created = client.create_tasks(tasks[1:half], allow_defaults=True, async_mode=False)
    assert len(created.items) == half - 1, created
    op = client.create_tasks_async(tasks[half:], allow_defaults=True)
    op = client.wait_operation(op, disable_progress=True)
    facts['async_create'] = op.status.value
    facts['async_create_log'] = sum(1 for item in client.get_operation_log(op.id) if item.success)

    # Open: the pool is OPEN when open_pool answers; the crowd takes its time.
    opened = client.open_pool(pool.id)
    facts['open_pool'] = opened.status.value

    deadline = time.time() + opts.timeout
    while not client.get_pool(pool.id).is_closed():
        if time.time() > deadline:
            raise TimeoutError('the simulated work did not finish the pool')
        op = client.wait_operation(client.get_analytics([
            toloka.analytics_request.CompletionPercentagePoolAnalytics(subject_id=pool.id)]), disable_progress=True)
        assert 0 <= op.details['value'][0]['result']['value'] <= 100, op.details
        time.sleep(0.2)
    closed = client.get_pool(pool.id)
    facts['close_reason'] = closed.last_close_reason.value

    # Review: accept most, reject every fifth.
    submitted = list(client.get_assignments(pool_id=pool.id, status='SUBMITTED'))
    facts['submitted'] = len(submitted)
    rejected = 0
    for i, a in enumerate(submitted):
        if i % 5 == 4:
            assert client.reject_assignment(a.id, 'The photo shows the other animal').status.value == 'REJECTED'
            rejected += 1
        else:
            assert client.accept_assignment(a.id, 'Well done').status.value == 'ACCEPTED'
    df = client.get_assignments_df(pool.id, status=['APPROVED', 'REJECTED'])
    facts['df_rows_match'] = len(df) == len(submitted)
    facts['df_rejected_match'] = int((df['ASSIGNMENT:status'] == 'REJECTED').sum()) == rejected
    facts['df_columns'] = sorted(c for c in df.columns if c.startswith(('INPUT:', 'OUTPUT:')))

    # Bonuses: one at a time and a batch, each batch under its operation id.
    workers = sorted({a.user_id for a in submitted})
    client.create_user_bonus(toloka.user_bonus.UserBonus(
        user_id=workers[0], amount=decimal.Decimal('0.10'), assignment_id=submitted[0].id,
        public_title={'EN': 'Thanks'}, public_message={'EN': 'Great work'}))
    bonuses = [toloka.user_bonus.UserBonus(user_id=w, amount=decimal.Decimal('0.05'), without_message=True,
                                           private_comment=f'{run}') for w in workers]
    op = client.wait_operation(client.create_user_bonuses_async(bonuses), disable_progress=True)
    facts['bonus_operation'] = op.status.value
    paid = collections.Counter()
    for w in workers:
        for b in client.get_user_bonuses(user_id=w):
            if b.private_comment == run or b.assignment_id == submitted[0].id:
                paid[w] += 1
    facts['bonuses_paid_once'] = sum(paid.values()) == len(workers) + 1 and paid[workers[0]] == 2
    requester = client.get_requester()
    spent = balance_before - requester.balance
    facts['spent_matches'] = spent == decimal.Decimal('0.01') * (len(submitted) - rejected) + decimal.Decimal('0.10') + decimal.Decimal('0.05') * len(workers)

    # Skills and restrictions.
    client.set_user_skill(skill_id=skill.id, user_id=workers[0], value=decimal.Decimal('85.5'))
    facts['skill_values'] = [float(s.exact_value) for s in client.get_user_skills(skill_id=skill.id)]
    restriction = client.set_user_restriction(toloka.user_restriction.PoolUserRestriction(
        user_id=workers[-1], pool_id=pool.id, private_comment='Fast answers'))
    facts['restrictions'] = len(list(client.get_user_restrictions(pool_id=pool.id)))
    client.delete_user_restriction(restriction.id)
    facts['restrictions_after_delete'] = len(list(client.get_user_restrictions(pool_id=pool.id)))

    # Aggregation of every task.
    op = client.wait_operation(client.aggregate_solutions_by_pool(
        type='DAWID_SKENE', pool_id=pool.id, fields=[toloka.aggregation.PoolAggregatedSolutionRequest.Field(name='label')]),
        disable_progress=True)
    aggregated = list(client.get_aggregated_solutions(op.id))
    facts['aggregated'] = len(aggregated)
    facts['aggregated_labels_ok'] = all(s.output_values['label'] in ('cat', 'dog') for s in aggregated)

    # Messages to the crowd, and webhooks.
    thread = client.compose_message_thread(recipients_select_type='DIRECT', recipients_ids=workers[:2],
                                           topic={'EN': 'Thank you'}, text={'EN': 'Thanks for the work'}, answerable=False)
    thread = client.reply_message_thread(thread.id, toloka.message_thread.MessageThreadReply(text={'EN': 'One more thing'}))
    facts['thread_messages'] = len(thread.messages)
    hooks = client.upsert_webhook_subscriptions([{'webhook_url': 'https://example.com/hook', 'event_type': 'POOL_CLOSED', 'pool_id': pool.id}])
    facts['webhooks'] = len(hooks.items)
    for hook in client.get_webhook_subscriptions(pool_id=pool.id):
        client.delete_webhook_subscription(hook.id)
    facts['webhooks_after_delete'] = len(list(client.get_webhook_subscriptions(pool_id=pool.id)))

    # No task was created twice, whatever the connection did.
    got = [t.input_values['image'] for t in client.get_tasks(pool_id=pool.id)]
    facts['tasks'] = len(got)
    facts['tasks_unique'] = len(set(got)) == len(got) and sorted(got) == images

    # Close, clone, archive; the operations say what happened.
    copy = client.clone_pool(pool.id)
    facts['clone_pool_status'] = copy.status.value
    facts['archive_pool'] = client.archive_pool(pool.id).status.value
    client.archive_pool(copy.id)
    opens = [o for o in client.get_operations(type='POOL.OPEN') if o.parameters.pool_id == pool.id]
    facts['pool_open_operations'] = len(opens)
    facts['task_create_operations'] = sum(
        1 for o in client.get_operations(type='TASK.BATCH_CREATE', submitted_gte=project.created) if o.status.value == 'SUCCESS') >= 2

    cloned = client.clone_project(project.id)
    facts['clone_project_pools'] = len(cloned.pools)
    facts['clone_project_name'] = cloned.project.public_name == project.public_name
    for p in cloned.pools:
        client.archive_pool(p.id)
    facts['archive_project'] = client.archive_project(cloned.project.id).status.value
    client.archive_project(project.id)

    json.dump(facts, sys.stdout, sort_keys=True)
    print()


if __name__ == '__main__':
    main()
