// examples/7.survey/simplest_survey: the pool filter (the date of birth as a number)
const {filter} = toloka;
const pool = toloka.Pool({project_id: '1', private_name: 'Survey', may_contain_adult_content: false,
  reward_per_assignment: 0.01, auto_accept_solutions: false, auto_accept_period_day: 1,
  defaults: toloka.Pool.Defaults({default_overlap_for_new_task_suites: 50}),
  assignment_max_duration_seconds: 60 * 10});
pool.filter = filter.Languages.in('EN')
  .and(filter.ClientType.eq('BROWSER').or(filter.ClientType.eq('TOLOKA_APP')))
  .and(filter.Country.eq('US').or(filter.Country.eq('GB')))
  .and(filter.RegionByIp.in(102).or(filter.RegionByIp.in(84)))
  .and(filter.DateOfBirth.lt(662688000));
result = pool;
