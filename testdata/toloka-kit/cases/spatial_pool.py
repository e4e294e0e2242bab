# examples/2.spatial_crowdsourcing: the pool: app users in a region, overlap 1
result = toloka.Pool(
    project_id='1',
    private_name='Metro entrances',
    may_contain_adult_content=False,
    will_expire=datetime.datetime(2030, 1, 11),
    reward_per_assignment=2,
    assignment_max_duration_seconds=60 * 60 * 2,
    auto_accept_solutions=False,
    auto_accept_period_day=5,
    filter=(
        (toloka.filter.ClientType == 'TOLOKA_APP') &
        (toloka.filter.Languages.in_('EN')) &
        (toloka.filter.RegionByPhone.in_(225)) &
        (toloka.filter.RegionByIp.in_(213))
    ),
    defaults=toloka.Pool.Defaults(
        default_overlap_for_new_task_suites=1,
        default_overlap_for_new_tasks=1,
    ),
)
