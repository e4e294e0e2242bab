# examples/5.nlp/text_classification: the pool: filter, training requirement, two rules, mixer
pool = toloka.Pool(
    project_id='1',
    private_name='Is this headline clickbait?',
    may_contain_adult_content=False,
    reward_per_assignment=0.01,
    will_expire=datetime.datetime(2030, 6, 1),
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
pool.set_training_requirement(training_pool_id='2', training_passing_skill_value=90)
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
result = pool
