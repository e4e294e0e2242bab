"""toloka-kit's streaming pipelines notebook, as a script against a Toloka API.

    TOLOKA_URL=http://127.0.0.1:7070 python3 streaming_pipelines.py [--period S]

The notebook (examples/6.streaming_pipelines in toloka-kit's repository)
step by step, its logic unmodified: three projects and pools from the
notebook's JSON files (here in streaming_pipelines/, where the notebook
fetches them from GitHub), the ChangeOverlap rule on rejected work, and a
Pipeline of three AssignmentsObservers: found items go to verification
(unavailable to the Toloker who found them), the verification's majority vote
accepts or rejects the finding, and accepted findings of an image are
compared side by side and ranked with Bradley-Terry. The Pipeline runs every
--period seconds (the notebook's Pipeline() every minute, and Pipeline.run()
no more often than every ten: the script runs its loop over run_manually())
and its observers see events at once (their default lag is a minute; the
emulator writes events in the order of their times): against the emulator
the flow takes a minute or two rather than an hour.

It prints one JSON object of facts that streaming_pipelines.expected.json
holds it to: the pipeline ended, rejections raised the overlap of found items
by one each (and reopened their pool, if it had closed by then: whether it
had depends on the moments of the Pipeline's iterations), no Toloker
verified their own finding, and the side-by-side stage completed and ranked
the findings of every image.
"""
import argparse
import asyncio
import collections
import datetime
import itertools
import json
import logging
import os
import sys
from typing import List

import pandas as pd

import toloka.client as toloka
from toloka.client import Pool, Project, TolokaClient, structure
from toloka.client.actions import ChangeOverlap
from toloka.client.collectors import AssignmentsAssessment
from toloka.client.conditions import AssessmentEvent
from toloka.client.exceptions import IncorrectActionsApiError
from toloka.client.task import Task
from toloka.streaming import AssignmentsObserver, Pipeline
from toloka.streaming.event import AssignmentEvent
from crowdkit.aggregation import BradleyTerry, MajorityVote

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'streaming_pipelines')


def main():
    args = argparse.ArgumentParser()
    args.add_argument('--period', type=float, default=1)
    opts = args.parse_args()
    logging.basicConfig(format='%(levelname)s - %(asctime)s - %(name)s: %(message)s', level=getattr(logging, os.environ.get('LOGLEVEL', 'WARNING')), stream=sys.stderr)
    client = toloka.TolokaClient(os.environ.get('TOLOKA_TOKEN', 'local'), url=os.environ['TOLOKA_URL'])

    def _load_json(filename: str):
        with open(os.path.join(HERE, filename)) as f:
            return json.load(f)

    def create_project(filename: str) -> Project:
        return client.create_project(_load_json(filename))

    def create_pool(filename: str, project_id: str, reward_per_assignment: float) -> Pool:
        pool = structure(_load_json(filename), Pool)
        pool.project_id = project_id
        pool.reward_per_assignment = reward_per_assignment
        pool.will_expire = datetime.datetime.now() + datetime.timedelta(days=3)
        return client.create_pool(pool)

    find_items_project = create_project('find_items_project.json')
    find_items_pool = create_pool('find_items_pool.json', find_items_project.id, 0.08)
    verification_project = create_project('verification_project.json')
    verification_pool = create_pool('verification_pool.json', verification_project.id, 0.02)
    sbs_project = create_project('sbs_project.json')
    sbs_pool = create_pool('sbs_pool.json', sbs_project.id, 0.04)

    find_items_pool.quality_control.add_action(
        collector=AssignmentsAssessment(),
        conditions=[AssessmentEvent == AssessmentEvent.REJECT],
        action=ChangeOverlap(delta=1, open_pool=True),
    )
    client.update_pool(find_items_pool.id, find_items_pool)

    OVERLAP_FIND_ITEMS = 12
    OVERLAP_VERIFICATION = 3
    OVERLAP_SBS = 3

    def handle_found_items(events: List[AssignmentEvent]) -> None:
        """find_items_pool -> verification_pool"""
        verification_tasks = [
            Task(
                pool_id=verification_pool.id,
                unavailable_for=[event.assignment.user_id],
                overlap=OVERLAP_VERIFICATION,
                input_values={
                    'image': task.input_values['image'],
                    'found_link': solution.output_values['found_link'],
                    'assignment_id': event.assignment.id
                },
            )
            for event in events
            for task, solution in zip(event.assignment.tasks, event.assignment.solutions)
        ]
        client.create_tasks(verification_tasks, open_pool=True)
        logging.info('Verification tasks created count: %d', len(verification_tasks))

    class VerificationDoneHandler:
        """verification_pool -> find_items_pool back using quality control rule"""
        def __init__(self, client: TolokaClient):
            self.client = client
            self.waiting = collections.defaultdict(list)

        def __call__(self, events: List[AssignmentEvent]) -> None:
            for event in events:
                for task, solution in zip(event.assignment.tasks, event.assignment.solutions):
                    answer = (solution.output_values['result'], event.assignment.user_id)
                    self.waiting[task.input_values['assignment_id']].append(answer)

            to_aggregate = []
            for assignment_id, answers in self.waiting.items():
                if len(answers) >= OVERLAP_VERIFICATION:
                    to_aggregate.extend((assignment_id, result, user_id) for result, user_id in answers)

            if to_aggregate:
                to_aggregate_df = pd.DataFrame(to_aggregate, columns=['task', 'label', 'worker'])
                aggregated: pd.Series = MajorityVote().fit_predict(to_aggregate_df)
                logging.info('Statuses to apply count: %s', collections.Counter(aggregated.values))

                for assignment_id, result in aggregated.items():
                    try:
                        if result == 'Yes':
                            self.client.accept_assignment(assignment_id, 'Well done!')
                        else:
                            self.client.reject_assignment(assignment_id, 'Incorrect object.')
                    except IncorrectActionsApiError:  # You could have accepted or rejected it in the UI.
                        logging.exception('Can\'t set status %s at %s', result, assignment_id)
                    del self.waiting[assignment_id]

            logging.info('Waiting for verification count: %d', len(self.waiting))

    class AcceptedItemsToComparison:
        """find_items_pool -> sbs_pool"""
        def __init__(self, client: TolokaClient):
            self.client = client
            self.waiting = collections.defaultdict(list)

        def __call__(self, events: List[AssignmentEvent]) -> None:
            for event in events:
                for task, solution in zip(event.assignment.tasks, event.assignment.solutions):
                    self.waiting[task.input_values['image']].append(solution.output_values['found_link'])

            to_sbs = [(image, found_links)
                      for image, found_links in self.waiting.items()
                      if len(found_links) >= OVERLAP_FIND_ITEMS]

            if to_sbs:
                logging.info('Got images ready for SbS count: %d', len(to_sbs))

                sbs_tasks = []
                for image, found_links in to_sbs:
                    for left_link, right_link in itertools.combinations(found_links, 2):
                        input_values = {'image': image, 'left_link': left_link, 'right_link': right_link}
                        sbs_tasks.append(Task(pool_id=sbs_pool.id, overlap=OVERLAP_SBS, input_values=input_values))

                logging.info('SbS tasks to create count: %d', len(sbs_tasks))
                self.client.create_tasks(sbs_tasks, open_pool=True)

            for image, _ in to_sbs:
                del self.waiting[image]
            logging.info('Waiting for SbS count: %d', len(self.waiting))

    class HandleSbS:
        """sbs_pool results aggregation"""
        def __init__(self, client: TolokaClient):
            self.client = client
            self.waiting = collections.defaultdict(list)
            self.scores_by_image = {}

        def __call__(self, events: List[AssignmentEvent]) -> None:
            for event in events:
                for task, solution in zip(event.assignment.tasks, event.assignment.solutions):
                    answer = {'image': task.input_values['image'],
                              'worker': event.assignment.user_id,
                              'left': task.input_values['left_link'],
                              'right': task.input_values['right_link'],
                              'label': solution.output_values['result']}
                    self.waiting[task.input_values['image']].append(answer)

            for image, answers in list(self.waiting.items()):
                if len(answers) >= OVERLAP_SBS:
                    scores = BradleyTerry(n_iter=100).fit_predict(pd.DataFrame(answers))
                    self.scores_by_image[image] = scores.sort_values(ascending=False)
                    del self.waiting[image]

            logging.info('Waiting for SbS aggregation count: %d', len(self.waiting))

    period = datetime.timedelta(seconds=opts.period)
    lag = datetime.timedelta(0)
    pipeline = Pipeline(period=period)
    found_items_observer = pipeline.register(AssignmentsObserver(client, find_items_pool.id, cursor_time_lag=lag))
    verification_observer = pipeline.register(AssignmentsObserver(client, verification_pool.id, cursor_time_lag=lag))
    sbs_observer = pipeline.register(AssignmentsObserver(client, sbs_pool.id, cursor_time_lag=lag))

    found_items_observer.on_submitted(handle_found_items)
    found_items_observer.on_accepted(AcceptedItemsToComparison(client))
    verification_observer.on_accepted(VerificationDoneHandler(client))
    sbs_handler = sbs_observer.on_accepted(HandleSbS(client))

    images = [
        'https://tlk.s3.yandex.net/wsdm2020/photos/8ca087fe33065d75327cafdb8720204b.jpg',
        'https://tlk.s3.yandex.net/wsdm2020/photos/d0c9eb8737f48df5964d93b08ec0d758.jpg',
        'https://tlk.s3.yandex.net/wsdm2020/photos/9245eed8aa1d1e6f5d5d39d00ab044c6.jpg',
        'https://tlk.s3.yandex.net/wsdm2020/photos/0aff4fc1edbe6096a9a517092902627f.jpg',
        'http://tolokaadmin.s3.yandex.net/demo/abb61898-c886-4e20-b7cd-c0d359ddbb9a',
    ]
    tasks = [
        Task(pool_id=find_items_pool.id, overlap=OVERLAP_FIND_ITEMS, input_values={'image': image})
        for image in images
    ]
    client.create_tasks(tasks, open_pool=True)

    asyncio.run(run(pipeline, opts.period))

    for image, scores in sbs_handler.scores_by_image.items():
        logging.info('%s\n%s', image, scores.nlargest(1))
    json.dump(facts(client, find_items_pool.id, verification_pool.id, sbs_pool.id, images, sbs_handler.scores_by_image),
              sys.stdout, sort_keys=True)
    print()


async def run(pipeline, period):
    """Pipeline.run(), whose iterations come at least MIN_SLEEP_SECONDS (10 s)
    apart: the same loop over run_manually() with the --period between them."""
    async for state in pipeline.run_manually():
        start_soon = max(state.pending.values(), default=None)
        sleep_time = (start_soon - datetime.datetime.now()).total_seconds() if start_soon else 0
        await asyncio.sleep(max(sleep_time, period))


def facts(client, find_pool, verification_pool, sbs_pool, images, scores_by_image):
    found = list(client.get_assignments(pool_id=find_pool))
    finders = {a.id: a.user_id for a in found}
    raised = [t for t in client.get_tasks(pool_id=find_pool) if t.overlap > 12]
    opens = sum(1 for o in client.get_operations(type='POOL.OPEN') if o.parameters.pool_id == find_pool)
    own = sum(1 for a in client.get_assignments(pool_id=verification_pool)
              for t in a.tasks if finders.get(t.input_values['assignment_id']) == a.user_id)
    sbs_tasks = list(client.get_tasks(pool_id=sbs_pool))
    return {
        'findings_rejected': sum(a.status.value == 'REJECTED' for a in found) > 0,
        'overlap_raised_after_rejections': len(raised) > 0 and sum(t.overlap - 12 for t in raised) == sum(a.status.value == 'REJECTED' for a in found),
        'find_pool_reopened': opens >= 2,
        'own_findings_verified': own,
        'sbs_tasks': len(sbs_tasks),
        'sbs_completed': len(sbs_tasks) == 5 * 66 and all(t.remaining_overlap == 0 for t in sbs_tasks)
        and client.get_pool(sbs_pool).is_closed(),
        'images_ranked': sorted(scores_by_image) == sorted(images),
    }


if __name__ == '__main__':
    main()
