"""Points toloka-kit's own functional tests at a Toloka emulator.

toloka-kit's functional_tests/conftest.py talks to the production service and
reads objects that exist there (project 63424 with pool 29078882). Copied in as
functional_tests/client/conftest.py, this file overrides those fixtures: the
client goes to TOLOKA_URL, and the project with a pool is created as the
functional tests create theirs (no may_contain_adult_content, a mixer of one
real task), so the tests themselves run unmodified.
"""
import datetime
import os

import pytest
from toloka.client import TolokaClient
from toloka.client.pool import Pool
from toloka.client.project import Project


@pytest.fixture(scope='session')
def token():
    return os.environ.get('TOLOKA_TOKEN', 'local-emulator')


@pytest.fixture(scope='session')
def client(token):
    return TolokaClient(token, url=os.environ['TOLOKA_URL'])


@pytest.fixture(scope='session')
def _project_and_pool(client, dummy_task_spec):
    project = client.create_project(Project(
        public_name='Project with a pool',
        public_description='Stands in for the production project the functional tests read.',
        task_spec=dummy_task_spec,
    ))
    pool = Pool(
        project_id=project.id,
        private_name='Pool in the project with a pool',
        reward_per_assignment=0.01,
        assignment_max_duration_seconds=100,
        will_expire=datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=365),
    )
    pool.set_mixer_config(real_tasks_count=1)
    return project, client.create_pool(pool)


@pytest.fixture(scope='session')
def project_with_pool_id(_project_and_pool):
    return _project_and_pool[0].id


@pytest.fixture(scope='session')
def pool_in_project_with_pool(client, _project_and_pool):
    return client.get_pool(_project_and_pool[1].id)
