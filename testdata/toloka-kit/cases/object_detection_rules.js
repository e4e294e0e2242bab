// examples/1.computer_vision/object_detection: acceptance rate, fast answers, a skill, more overlap on rejects
const {collectors, conditions, actions} = toloka;
const pool = toloka.Pool({project_id: '1', private_name: 'Pool 1', may_contain_adult_content: false,
  reward_per_assignment: 0.01, auto_accept_solutions: false, auto_accept_period_day: 1,
  assignment_max_duration_seconds: 60 * 20,
  defaults: toloka.Pool.Defaults({default_overlap_for_new_task_suites: 3})});
pool.setMixerConfig({real_tasks_count: 1});
pool.qualityControl.addAction({
  collector: collectors.AcceptanceRate(),
  conditions: [
    conditions.TotalAssignmentsCount.gt(2),
    conditions.RejectedAssignmentsRate.gt(35),
  ],
  action: actions.RestrictionV2({
    scope: 'ALL_PROJECTS',
    duration: 15,
    duration_unit: 'DAYS',
    private_comment: 'Performer often make mistakes',
  }),
});
pool.qualityControl.addAction({
  collector: collectors.AssignmentSubmitTime({history_size: 5, fast_submit_threshold_seconds: 20}),
  conditions: [conditions.FastSubmittedCount.gt(1)],
  action: actions.RestrictionV2({
    scope: 'ALL_PROJECTS',
    duration: 10,
    duration_unit: 'DAYS',
    private_comment: 'Fast responses',
  }),
});
pool.qualityControl.addAction({
  collector: collectors.AnswerCount(),
  conditions: [conditions.AssignmentsAcceptedCount.gt(0)],
  action: actions.SetSkill({skill_id: '777', skill_value: 1}),
});
pool.qualityControl.addAction({
  collector: collectors.AssignmentsAssessment(),
  conditions: [conditions.AssessmentEvent.eq('REJECT')],
  action: actions.ChangeOverlap({delta: 1, open_pool: true}),
});
result = pool;
