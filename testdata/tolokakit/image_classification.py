"""toloka-kit's image classification notebook, as a script against a Toloka API.

    TOLOKA_URL=http://127.0.0.1:7070 python3 image_classification.py [--wait-minutes M]

The notebook (examples/1.computer_vision/image_classification in toloka-kit's
repository) step by step, its logic unmodified: a project with a Template
Builder view of a cat/dog/other button group, a pool for English speakers
with its four quality-control rules (income, skipped in a row, majority vote,
control tasks), 9 real and 1 control task a page, control tasks and tasks
uploaded in one call, the pool opened, waited for with the notebook's own
wait_pool_for_close, the answers read with get_assignments_df and aggregated
with crowd-kit's Dawid-Skene. Two things differ: the notebook downloads its
toy dataset and this script makes one up (15 control images with labels and
the rest to label: --dataset rows in all), and the notebook waits a minute between checks where the
script waits --wait-minutes.

It prints one JSON object of facts that image_classification.expected.json
holds it to: how the pool ended, whether the rules' restrictions are the ones
their collectors' counts call for (from the assignments the API lists), and
whether Dawid-Skene over the crowd's answers finds the hidden truth the
emulator answers at /api/emulator/pools/ID/truth.
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
    args.add_argument('--wait-minutes', type=float, default=0.02)
    args.add_argument('--dataset', type=int, default=150, help='rows of the made-up dataset (15 are control tasks)')
    opts = args.parse_args()
    logging.basicConfig(format='[%(levelname)s] %(name)s: %(message)s', level=logging.WARNING, stream=sys.stderr)

    toloka_client = toloka.TolokaClient(os.environ.get('TOLOKA_TOKEN', 'local'), url=os.environ['TOLOKA_URL'])
    logging.info(toloka_client.get_requester())

    # Creating new project
    project = toloka.Project(
        public_name='Is it a cat or a dog?',
        public_description='Look at the picture and decide whether there is a cat or a dog.',
    )
    image_viewer = tb.ImageViewV1(tb.InputData('image'), ratio=[1, 1], rotatable=True)
    radio_group_field = tb.ButtonRadioGroupFieldV1(
        tb.OutputData('result'),
        [
            tb.GroupFieldOption('cat', 'Cat'),
            tb.GroupFieldOption('dog', 'Dog'),
            tb.GroupFieldOption('other', 'Other'),
        ],
        validation=tb.RequiredConditionV1(hint='choose one of the options'),
    )
    task_width_plugin = tb.TolokaPluginV1(kind='scroll', task_width=500)
    hot_keys_plugin = tb.HotkeysPluginV1(
        key_1=tb.SetActionV1(tb.OutputData('result'), 'cat'),
        key_2=tb.SetActionV1(tb.OutputData('result'), 'dog'),
        key_3=tb.SetActionV1(tb.OutputData('result'), 'other'),
    )
    project_interface = toloka.project.TemplateBuilderViewSpec(
        view=tb.ListViewV1([image_viewer, radio_group_field]),
        plugins=[task_width_plugin, hot_keys_plugin],
    )
    input_specification = {'image': toloka.project.UrlSpec()}
    output_specification = {'result': toloka.project.StringSpec()}
    project.task_spec = toloka.project.task_spec.TaskSpec(
        input_spec=input_specification,
        output_spec=output_specification,
        view_spec=project_interface,
    )
    project.public_instructions = """<p>Decide what category the image belongs to.</p>
<p>Select "<b>Cat</b>" if the picture contains one or more cats.</p>
<p>Select "<b>Dog</b>" if the picture contains one or more dogs.</p>
<p>Select "<b>Other</b>" if:</p>
<ul><li>the picture contains both cats and dogs</li>
<li>the picture is a picture of animals other than cats and dogs</li>
<li>it is not clear whether the picture is of a cat or a dog</li>
</ul>"""
    project = toloka_client.create_project(project)

    # Pool creation
    pool = toloka.Pool(
        project_id=project.id,
        private_name='Pool 1',
        may_contain_adult_content=False,
        reward_per_assignment=0.01,
        will_expire=datetime.datetime.utcnow() + datetime.timedelta(days=365),
        defaults=toloka.Pool.Defaults(default_overlap_for_new_task_suites=3),
        assignment_max_duration_seconds=600,
    )
    pool.filter = toloka.filter.Languages.in_('EN')
    pool.quality_control.add_action(
        collector=toloka.collectors.Income(),
        conditions=[toloka.conditions.IncomeSumForLast24Hours >= 20],
        action=toloka.actions.RestrictionV2(
            scope='PROJECT',
            duration=1,
            duration_unit='DAYS',
            private_comment='No need more answers from this performer',
        )
    )
    pool.quality_control.add_action(
        collector=toloka.collectors.SkippedInRowAssignments(),
        conditions=[toloka.conditions.SkippedInRowCount >= 10],
        action=toloka.actions.RestrictionV2(
            scope='PROJECT',
            duration=1,
            duration_unit='DAYS',
            private_comment='Lazy performer',
        )
    )
    pool.quality_control.add_action(
        collector=toloka.collectors.MajorityVote(answer_threshold=2, history_size=10),
        conditions=[
            toloka.conditions.TotalAnswersCount >= 4,
            toloka.conditions.CorrectAnswersRate < 75,
        ],
        action=toloka.actions.RestrictionV2(
            scope='PROJECT',
            duration=10,
            duration_unit='DAYS',
            private_comment='Too low quality',
        )
    )
    pool.quality_control.add_action(
        collector=toloka.collectors.GoldenSet(),
        conditions=[
            toloka.conditions.GoldenSetCorrectAnswersRate < 60.0,
            toloka.conditions.GoldenSetAnswersCount >= 3
        ],
        action=toloka.actions.RestrictionV2(
            scope='PROJECT',
            duration=10,
            duration_unit='DAYS',
            private_comment='Golden set'
        )
    )
    pool.set_mixer_config(
        real_tasks_count=9,
        golden_tasks_count=1
    )
    pool = toloka_client.create_pool(pool)

    # Preparing and uploading tasks: the notebook's toy dataset, made up.
    labels = ['cat', 'dog', 'other']
    dataset = pandas.DataFrame({
        'url': [f'https://example.com/cats_vs_dogs/{i:04d}.jpg' for i in range(opts.dataset)],
        'label': [labels[i % 3] for i in range(opts.dataset)],
    })
    dataset = dataset.sample(frac=1, random_state=7).reset_index(drop=True)
    golden_dataset, task_dataset = np.split(dataset, [15], axis=0)
    golden_tasks = [
        toloka.Task(
            pool_id=pool.id,
            input_values={'image': row['url']},
            known_solutions=[
                toloka.task.BaseTask.KnownSolution(
                    output_values={'result': row['label']}
                )
            ],
            infinite_overlap=True,
        )
        for i, row in golden_dataset.iterrows()
    ]
    tasks = [
        toloka.Task(
            pool_id=pool.id,
            input_values={'image': url},
        )
        for url in task_dataset['url']
    ]
    created_tasks = toloka_client.create_tasks(golden_tasks + tasks, allow_defaults=True)
    logging.info(len(created_tasks.items))

    pool = toloka_client.open_pool(pool.id)
    logging.info(pool.status)
    facts = {'open_pool': pool.status.value}

    # Receiving responses
    pool_id = pool.id

    def wait_pool_for_close(pool_id, minutes_to_wait=1):
        sleep_time = 60 * minutes_to_wait
        pool = toloka_client.get_pool(pool_id)
        while not pool.is_closed():
            op = toloka_client.get_analytics([toloka.analytics_request.CompletionPercentagePoolAnalytics(subject_id=pool.id)])
            op = toloka_client.wait_operation(op, disable_progress=True)
            percentage = op.details['value'][0]['result']['value']
            logging.info(
                f'   {datetime.datetime.now().strftime("%H:%M:%S")}\t'
                f'Pool {pool.id} - {percentage}%'
            )
            time.sleep(sleep_time)
            pool = toloka_client.get_pool(pool.id)
        logging.info('Pool was closed.')

    wait_pool_for_close(pool_id, opts.wait_minutes)

    answers_df = toloka_client.get_assignments_df(pool_id)
    answers_df = answers_df.rename(columns={
        'INPUT:image': 'task',
        'OUTPUT:result': 'label',
        'ASSIGNMENT:worker_id': 'worker'
    })
    logging.info(f'answers count: {len(answers_df)}')
    predicted_answers = DawidSkene(n_iter=20).fit_predict(answers_df)
    logging.info(predicted_answers)

    # The facts: how the pool ended, what the rules did, what the crowd found.
    closed = toloka_client.get_pool(pool_id)
    facts['pool_status'] = closed.status.value
    facts['close_reason'] = closed.last_close_reason.value
    facts.update(rule_effects(toloka_client, pool_id))
    truth = read_truth(pool_id)
    real = {url: truth[url] for url in task_dataset['url']}
    agree = sum(1 for url, label in real.items() if predicted_answers.get(url) == label)
    facts['dawid_skene_on_truth'] = round(agree / len(real), 2)
    facts['dawid_skene_finds_the_truth'] = agree >= 0.85 * len(real)
    facts['answers'] = len(answers_df)
    json.dump(facts, sys.stdout, sort_keys=True)
    print()


def rule_effects(client, pool_id):
    """Replays the control-task and majority-vote collectors from the assignments, and checks the restrictions."""
    by_worker = collections.defaultdict(list)
    for a in client.get_assignments(pool_id=pool_id):
        by_worker[a.user_id].append(a)
    restrictions = {r.user_id: r for r in client.get_user_restrictions()}
    facts = {'restrictions_by_reason': dict(collections.Counter(r.private_comment for r in restrictions.values()))}
    justified, pages_ok = True, True
    for user, assignments in by_worker.items():
        assignments.sort(key=lambda a: a.id)  # the order they were issued in
        count = right = 0
        fired = False
        for a in assignments:
            if a.status.value not in ('SUBMITTED', 'ACCEPTED', 'REJECTED'):
                continue
            golden = [(t, s) for t, s in zip(a.tasks, a.solutions) if t.known_solutions]
            real = len(a.tasks) - len(golden)
            pages_ok = pages_ok and len(golden) == 1 and 1 <= real <= 9
            for t, s in golden:
                count += 1
                right += s.output_values['result'] == t.known_solutions[0].output_values['result']
            if count >= 3 and 100 * right / count < 60:
                fired = True
                break
        r = restrictions.get(user)
        if fired and r is None or r is not None and r.private_comment == 'Golden set' and not fired:
            justified = False
    facts['golden_restrictions_justified'] = justified
    facts['golden_restrictions'] = facts['restrictions_by_reason'].get('Golden set', 0) > 0
    facts['majority_restrictions'] = facts['restrictions_by_reason'].get('Too low quality', 0) > 0
    facts['pages_of_nine_and_one'] = pages_ok
    return facts


def read_truth(pool_id):
    """The emulator's hidden truth of each task, by image."""
    req = urllib.request.Request(f"{os.environ['TOLOKA_URL']}/api/emulator/pools/{pool_id}/truth",
                                 headers={'Authorization': 'OAuth ' + os.environ.get('TOLOKA_TOKEN', 'local')})
    with urllib.request.urlopen(req) as resp:
        items = json.load(resp)['items']
    return {it['input_values']['image']: it['output_values']['result'] for it in items}


if __name__ == '__main__':
    main()
