// The other speed/quality balance, set through the field
result = toloka.Pool({project_id: '1', private_name: 'fast', may_contain_adult_content: false, reward_per_assignment: 0.02,
  assignment_max_duration_seconds: 60, speed_quality_balance: toloka.pool.speed_quality_balance_config.BestConcurrentUsersByQuality({count: 100})});
