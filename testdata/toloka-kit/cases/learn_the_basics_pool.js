// examples/0.getting_started/0.learn_the_basics: the pool, with a fixed expiry date
const new_pool = new toloka.Pool({
  project_id: '1',
  private_name: 'Pool 1',
  may_contain_adult_content: false,
  reward_per_assignment: 0.01,
  assignment_max_duration_seconds: 60 * 5,
  will_expire: new Date(Date.UTC(2030, 0, 1, 12, 30)),
});
new_pool.defaults = toloka.pool.Pool.Defaults({
  default_overlap_for_new_tasks: 3,
  default_overlap_for_new_task_suites: 0,
});
new_pool.setMixerConfig({
  real_tasks_count: 10,
});
new_pool.filter = toloka.filter.Languages.in('EN');
new_pool.setCaptchaFrequency('MEDIUM');
new_pool.qualityControl.addAction({
  collector: new toloka.collectors.Captcha({history_size: 5}),
  conditions: [toloka.conditions.FailRate.gt(20)],
  action: new toloka.actions.RestrictionV2({
    scope: 'PROJECT',
    duration: 1,
    duration_unit: 'DAYS',
    private_comment: 'Captcha',
  }),
});
result = new_pool;
