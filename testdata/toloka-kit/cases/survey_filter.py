# examples/7.survey/simplest_survey: the pool filter (the date of birth as a number)
pool = toloka.Pool(project_id='1', private_name='Survey', may_contain_adult_content=False,
                   reward_per_assignment=0.01, auto_accept_solutions=False, auto_accept_period_day=1,
                   defaults=toloka.Pool.Defaults(default_overlap_for_new_task_suites=50),
                   assignment_max_duration_seconds=60*10)
pool.filter = (
    (toloka.filter.Languages.in_('EN')) &
    ((toloka.filter.ClientType == 'BROWSER') | (toloka.filter.ClientType == 'TOLOKA_APP')) &
    ((toloka.filter.Country == 'US') | (toloka.filter.Country == 'GB')) &
    (toloka.filter.RegionByIp.in_(102) | toloka.filter.RegionByIp.in_(84)) &
    (toloka.filter.DateOfBirth < 662688000)
)
result = pool
