# examples/1.computer_vision/object_detection: acceptance rate, fast answers, a skill, more overlap on rejects
pool = toloka.Pool(project_id='1', private_name='Pool 1', may_contain_adult_content=False,
                   reward_per_assignment=0.01, auto_accept_solutions=False, auto_accept_period_day=1,
                   assignment_max_duration_seconds=60*20,
                   defaults=toloka.Pool.Defaults(default_overlap_for_new_task_suites=3))
pool.set_mixer_config(real_tasks_count=1)
pool.quality_control.add_action(
    collector=toloka.collectors.AcceptanceRate(),
    conditions=[
        toloka.conditions.TotalAssignmentsCount > 2,
        toloka.conditions.RejectedAssignmentsRate > 35,
    ],
    action=toloka.actions.RestrictionV2(
        scope='ALL_PROJECTS',
        duration=15,
        duration_unit='DAYS',
        private_comment='Performer often make mistakes',
    )
)
pool.quality_control.add_action(
    collector=toloka.collectors.AssignmentSubmitTime(history_size=5, fast_submit_threshold_seconds=20),
    conditions=[toloka.conditions.FastSubmittedCount > 1],
    action=toloka.actions.RestrictionV2(
        scope='ALL_PROJECTS',
        duration=10,
        duration_unit='DAYS',
        private_comment='Fast responses',
    )
)
pool.quality_control.add_action(
    collector=toloka.collectors.AnswerCount(),
    conditions=[toloka.conditions.AssignmentsAcceptedCount > 0],
    action=toloka.actions.SetSkill(skill_id='777', skill_value=1),
)
pool.quality_control.add_action(
    collector=toloka.collectors.AssignmentsAssessment(),
    conditions=[toloka.conditions.AssessmentEvent == 'REJECT'],
    action=toloka.actions.ChangeOverlap(delta=1, open_pool=True),
)
result = pool
