"""toloka-kit's text classification notebook, as a script against a Toloka API.

    TOLOKA_URL=http://127.0.0.1:7070 python3 text_classification.py --pace F [--wait-minutes M]

The notebook (examples/5.nlp/text_classification in toloka-kit's repository)
step by step, its logic unmodified: a clickbait project with a Template
Builder view, a training of ten tasks with hints, a pool for English
speakers in the browser or the app that requires 90 % in the training, with
rules against fast responses and wrong control answers, 4 real and 1 control
task a page; the training and the pool opened, the pool waited for, the
accepted answers to real tasks aggregated with crowd-kit's Dawid-Skene. Two
things differ: the notebook downloads its headlines and this script makes
them up, and it waits --wait-minutes between checks instead of a minute.

It prints one JSON object of facts that text_classification.expected.json
holds it to: that the training ran and gated the pool (who worked there had
passed), that the fast-response rule banned Tolokers for fast responses
(replayed from the assignments' times on the crowd's clock, --pace times the
wall clock's), that the pool completed, and that Dawid-Skene over the answers
finds the hidden truth the emulator answers at /api/emulator/pools/ID/truth.
"""
import argparse
import collections
import datetime
import json
import logging
import os
import sys
import time
import urllib.request

import pandas
import numpy as np

import toloka.client as toloka
import toloka.client.project.template_builder as tb
from crowdkit.aggregation import DawidSkene


def main():
    args = argparse.ArgumentParser()
    args.add_argument('--pace', type=float, required=True, help="the emulator's --pace: how fast the crowd's clock runs")
    args.add_argument('--wait-minutes', type=float, default=0.02)
    opts = args.parse_args()
    logging.basicConfig(format='[%(levelname)s] %(name)s: %(message)s', level=logging.WARNING, stream=sys.stderr)

    toloka_client = toloka.TolokaClient(os.environ.get('TOLOKA_TOKEN', 'local'), url=os.environ['TOLOKA_URL'])
    print(toloka_client.get_requester(), file=sys.stderr)

    project = toloka.Project(
        public_name='Is this headline clickbait?',
        public_description='Look at the a news headline and decide if it is clickbait or not.',
    )
    text_viewer = tb.TextViewV1(tb.JoinHelperV1(['Headline: ', tb.InputData('headline')]))
    radio_group_field = tb.ButtonRadioGroupFieldV1(
        tb.OutputData('category'),
        [
            tb.GroupFieldOption('clickbait', 'Clickbait'),
            tb.GroupFieldOption('notclickbait', 'Not clickbait'),
        ],
        validation=tb.RequiredConditionV1(hint='you need to select one answer'),
    )
    task_width_plugin = tb.TolokaPluginV1(
        layout=tb.TolokaPluginV1.TolokaPluginLayout(
            kind='scroll',
            task_width=300,
        )
    )
    hot_keys_plugin = tb.HotkeysPluginV1(
        key_1=tb.SetActionV1(tb.OutputData('category'), 'clickbait'),
        key_2=tb.SetActionV1(tb.OutputData('category'), 'notclickbait'),
    )
    project_interface = toloka.project.TemplateBuilderViewSpec(
        view=tb.ListViewV1([text_viewer, radio_group_field]),
        plugins=[task_width_plugin, hot_keys_plugin],
    )
    input_specification = {'headline': toloka.project.StringSpec()}
    output_specification = {'category': toloka.project.StringSpec()}
    project.task_spec = toloka.project.task_spec.TaskSpec(
        input_spec=input_specification,
        output_spec=output_specification,
        view_spec=project_interface,
    )
    project.public_instructions = """<h2>About the task</h2>
In this task you need to classify headlines on 2 categories: Clickbait or Not clickbait.<br>
<h2>What is Clickbait headline?</h2>
Clickbait refers to the practice of writing sensationalized or misleading headlines.
<b>Clickbait headline<b> designed to make readers want to click on a hyperlink
especially when the link leads to content of dubious value. Typically clickbait titles cover not very useful content,
so visitors tend not to stay for too long, that's why it's bad.
"""
    project = toloka_client.create_project(project)

    # The notebook's headlines, made up: half clickbait.
    clickbait_df = pandas.DataFrame({'headline': [f'You will not believe what happened to star number {i}' for i in range(100)]})
    clickbait_df['category'] = 'clickbait'
    non_clickbait_df = pandas.DataFrame({'headline': [f'Parliament passes budget bill number {i}' for i in range(100)]})
    non_clickbait_df['category'] = 'notclickbait'
    dataset = pandas.concat([clickbait_df, non_clickbait_df])
    dataset = dataset.sample(frac=1, random_state=7).reset_index(drop=True)
    training_dataset, golden_dataset, main_dataset, _ = np.split(dataset, [10, 30, 130], axis=0)

    training = toloka.Training(
        project_id=project.id,
        private_name='clickbait training',
        may_contain_adult_content=False,
        assignment_max_duration_seconds=60*30,
        mix_tasks_in_creation_order=False,
        shuffle_tasks_in_task_suite=False,
        training_tasks_in_task_suite_count=10,
        task_suites_required_to_pass=10,
        retry_training_after_days=10,
        inherited_instructions=True,
    )
    training = toloka_client.create_training(training)
    training_tasks = [
        toloka.Task(
            pool_id=training.id,
            input_values={'headline': row['headline']},
            known_solutions = [toloka.task.BaseTask.KnownSolution(output_values={'category': row['category']})],
            message_on_unknown_solution=row['category'],
        )
        for _, row in training_dataset.iterrows()
    ]
    result = toloka_client.create_tasks(training_tasks, allow_defaults=True)
    print(len(result.items), file=sys.stderr)

    pool = toloka.Pool(
        project_id=project.id,
        private_name='Is this headline clickbait?',
        may_contain_adult_content=False,
        reward_per_assignment=0.01,
        will_expire=datetime.datetime.utcnow() + datetime.timedelta(days=365),
        defaults=toloka.Pool.Defaults(default_overlap_for_new_task_suites=3),
        assignment_max_duration_seconds=120,
        filter=(
            (toloka.filter.Languages.in_('EN')) &
            (
                (toloka.filter.ClientType == 'TOLOKA_APP') |
                (toloka.filter.ClientType == 'BROWSER')
            )
        ),
    )
    pool.set_training_requirement(training_pool_id=training.id, training_passing_skill_value=90)
    pool.quality_control.add_action(
        collector=toloka.collectors.AssignmentSubmitTime(history_size=5, fast_submit_threshold_seconds=30),
        conditions=[toloka.conditions.FastSubmittedCount >= 2],
        action=toloka.actions.RestrictionV2(
            scope='POOL',
            duration_unit='PERMANENT',
            private_comment='bad quality'
        )
    )
    pool.quality_control.add_action(
        collector=toloka.collectors.GoldenSet(history_size=10),
        conditions=[
            toloka.conditions.GoldenSetCorrectAnswersRate <= 90.0,
            toloka.conditions.GoldenSetAnswersCount >= 1
        ],
        action=toloka.actions.RestrictionV2(
            scope='POOL',
            duration_unit='PERMANENT',
            private_comment='bad quality'
        )
    )
    pool.set_mixer_config(
        real_tasks_count=4,
        golden_tasks_count=1,
    )
    pool = toloka_client.create_pool(pool)
    golden_tasks = [
        toloka.task.Task(
            pool_id=pool.id,
            input_values={'headline': row['headline']},
            known_solutions = [
                toloka.task.BaseTask.KnownSolution(
                    output_values={'category': row['category']}
                )
            ],
            infinite_overlap=True,
        )
        for _, row in golden_dataset.iterrows()
    ]
    tasks = [
        toloka.task.Task(
            pool_id=pool.id,
            input_values={'headline': row['headline']},
        )
        for _, row in main_dataset.iterrows()
    ]
    created_tasks = toloka_client.create_tasks(golden_tasks + tasks, allow_defaults=True)
    print(len(created_tasks.items), file=sys.stderr)

    training = toloka_client.open_training(training.id)
    print(training.status, file=sys.stderr)
    pool = toloka_client.open_pool(pool.id)
    print(pool.status, file=sys.stderr)
    facts = {'open_training': training.status.value, 'open_pool': pool.status.value}

    pool_id = pool.id

    def wait_pool_for_close(pool_id, minutes_to_wait=1):
        sleep_time = 60 * minutes_to_wait
        pool = toloka_client.get_pool(pool_id)
        while not pool.is_closed():
            op = toloka_client.get_analytics([toloka.analytics_request.CompletionPercentagePoolAnalytics(subject_id=pool.id)])
            op = toloka_client.wait_operation(op, disable_progress=True)
            percentage = op.details['value'][0]['result']['value']
            print(
                f'   {datetime.datetime.now().strftime("%H:%M:%S")}\t'
                f'Pool {pool.id} - {percentage}%', file=sys.stderr
            )
            time.sleep(sleep_time)
            pool = toloka_client.get_pool(pool.id)
        print('Pool was closed.', file=sys.stderr)

    wait_pool_for_close(pool_id, opts.wait_minutes)

    answers = []
    for assignment in toloka_client.get_assignments(pool_id=pool_id, status='ACCEPTED'):
        for task, solution in zip(assignment.tasks, assignment.solutions):
            if not task.known_solutions:
                answers.append([task.input_values['headline'], solution.output_values['category'], assignment.user_id])
    print(f'answers count: {len(answers)}', file=sys.stderr)
    answers_df = pandas.DataFrame(answers, columns=['task', 'label', 'worker'])
    predicted_answers = DawidSkene(n_iter=20).fit_predict(answers_df)
    print(predicted_answers, file=sys.stderr)

    closed = toloka_client.get_pool(pool_id)
    facts['pool_status'] = closed.status.value
    facts['close_reason'] = closed.last_close_reason.value
    facts['aggregated_tasks'] = len(predicted_answers)
    # The made-up labels of real tasks are not the emulator's: it draws a
    # hidden truth for a task without known solutions.
    truth = read_truth(pool_id)
    agree = sum(predicted_answers.get(h) == truth[h] for h in main_dataset['headline'])
    facts['dawid_skene_finds_the_truth'] = agree >= 0.9 * len(main_dataset)
    facts.update(training_gate(toloka_client, training.id, pool_id))
    facts.update(fast_bans(toloka_client, pool_id, opts.pace))
    json.dump(facts, sys.stdout, sort_keys=True)
    print()


def training_gate(client, training_id, pool_id):
    """Who took the training, who passed it, and whether only they worked in the pool, after it."""
    skill = next(s for s in client.get_skills() if getattr(s, 'training', None) or 'Training' in s.name)
    scores = {s.user_id: float(s.exact_value) for s in client.get_user_skills(skill_id=skill.id)}
    trained = collections.defaultdict(list)
    for a in client.get_assignments(pool_id=training_id):
        trained[a.user_id].append(a)
    worked = collections.defaultdict(list)
    for a in client.get_assignments(pool_id=pool_id):
        worked[a.user_id].append(a)
    gated = all(scores.get(u, 0) >= 90 and max(t.submitted for t in trained[u]) <= min(a.created for a in worked[u])
                for u in worked)
    return {'training_taken': len(trained) > 0, 'training_passed_by_some': 0 < sum(v >= 90 for v in scores.values()) < len(scores),
            'only_the_trained_worked': gated and len(worked) > 0,
            'training_assignments_unpaid': all(float(a.reward) == 0 for v in trained.values() for a in v)}


def fast_bans(client, pool_id, pace):
    """Replays the fast-response rule: 2 of the last 5 submitted faster than 30 s of the crowd's time."""
    restrictions = {r.user_id for r in client.get_user_restrictions(pool_id=pool_id)}
    by_worker = collections.defaultdict(list)
    for a in client.get_assignments(pool_id=pool_id):
        by_worker[a.user_id].append(a)
    fast_banned = 0
    for user, assignments in by_worker.items():
        assignments.sort(key=lambda a: a.id)
        fast = [(a.submitted - a.created).total_seconds() * pace < 30 for a in assignments if a.submitted]
        fired = next((i for i in range(len(fast)) if sum(fast[max(0, i - 4):i + 1]) >= 2), None)
        # The rule bans at the submit where it first holds: it was the Toloker's last.
        fast_banned += fired is not None and fired == len(fast) - 1 and user in restrictions
    return {'fast_response_bans': fast_banned > 0}


def read_truth(pool_id):
    """The emulator's hidden truth of each task, by headline."""
    req = urllib.request.Request(f"{os.environ['TOLOKA_URL']}/api/emulator/pools/{pool_id}/truth",
                                 headers={'Authorization': 'OAuth ' + os.environ.get('TOLOKA_TOKEN', 'local')})
    with urllib.request.urlopen(req) as resp:
        items = json.load(resp)['items']
    return {it['input_values']['headline']: it['output_values']['category'] for it in items}


if __name__ == '__main__':
    main()
