# examples/1.computer_vision/image_classification: the pool and its four rules
pool = toloka.Pool(
    project_id='1',
    private_name='Pool 1',
    may_contain_adult_content=False,
    reward_per_assignment=0.01,
    will_expire=datetime.datetime(2030, 6, 1),
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
result = pool
