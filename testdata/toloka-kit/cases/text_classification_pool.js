// examples/5.nlp/text_classification: the pool: filter, training requirement, two rules, mixer
const {filter, collectors, conditions, actions} = toloka;
const pool = new toloka.Pool({
  project_id: '1',
  private_name: 'Is this headline clickbait?',
  may_contain_adult_content: false,
  reward_per_assignment: 0.01,
  will_expire: '2030-06-01T00:00:00',
  defaults: toloka.Pool.Defaults({default_overlap_for_new_task_suites: 3}),
  assignment_max_duration_seconds: 120,
  filter: filter.Languages.in('EN').and(
    filter.ClientType.eq('TOLOKA_APP').or(filter.ClientType.eq('BROWSER')),
  ),
});
pool.setTrainingRequirement({training_pool_id: '2', training_passing_skill_value: 90});
pool.quality_control.add_action({
  collector: collectors.AssignmentSubmitTime({history_size: 5, fast_submit_threshold_seconds: 30}),
  conditions: [conditions.FastSubmittedCount.gte(2)],
  action: actions.RestrictionV2({
    scope: 'POOL',
    duration_unit: 'PERMANENT',
    private_comment: 'bad quality',
  }),
});
pool.quality_control.add_action({
  collector: collectors.GoldenSet({history_size: 10}),
  conditions: [
    conditions.GoldenSetCorrectAnswersRate.lte(90.0),
    conditions.GoldenSetAnswersCount.gte(1),
  ],
  action: actions.RestrictionV2({
    scope: 'POOL',
    duration_unit: 'PERMANENT',
    private_comment: 'bad quality',
  }),
});
pool.set_mixer_config({
  real_tasks_count: 4,
  golden_tasks_count: 1,
});
result = pool;
