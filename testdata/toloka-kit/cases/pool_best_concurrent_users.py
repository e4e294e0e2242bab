# The other speed/quality balance, set through the field
pool = toloka.Pool(project_id='1', private_name='fast', may_contain_adult_content=False, reward_per_assignment=0.02,
                   assignment_max_duration_seconds=60, speed_quality_balance=toloka.pool.speed_quality_balance_config.BestConcurrentUsersByQuality(count=100))
result = pool
