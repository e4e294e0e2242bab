// examples/2.spatial_crowdsourcing: the pool: app users in a region, overlap 1
const {filter} = toloka;
result = toloka.Pool({
  project_id: '1',
  private_name: 'Metro entrances',
  may_contain_adult_content: false,
  will_expire: '2030-01-11T00:00:00',
  reward_per_assignment: 2,
  assignment_max_duration_seconds: 60 * 60 * 2,
  auto_accept_solutions: false,
  auto_accept_period_day: 5,
  filter: filter.ClientType.eq('TOLOKA_APP')
    .and(filter.Languages.in('EN'))
    .and(filter.RegionByPhone.in(225))
    .and(filter.RegionByIp.in(213)),
  defaults: toloka.Pool.Defaults({
    default_overlap_for_new_task_suites: 1,
    default_overlap_for_new_tasks: 1,
  }),
});
