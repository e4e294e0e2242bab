// Captcha frequency, training requirement, speed/quality balance, dynamic overlap and pricing, checkpoints, issuing config
const {TaskDistributionFunction} = toloka.task_distribution_function;
const pool = toloka.Pool({project_id: '1', private_name: 'settings', may_contain_adult_content: true,
  reward_per_assignment: 0.05, assignment_max_duration_seconds: 300,
  priority: 10, auto_close_after_complete_delay_seconds: 3600, metadata: {team: ['nlp']}});
pool.setCaptchaFrequency('HIGH');
pool.setTrainingRequirement({training_pool_id: '99', training_passing_skill_value: 75});
pool.setSpeedQualityBalance(toloka.pool.speed_quality_balance_config.TopPercentageByQuality({percent: 80}));
pool.setDynamicOverlapConfig({type: 'BASIC', max_overlap: 5, min_confidence: 0.9, answer_weight_skill_id: '7',
  fields: [toloka.pool.DynamicOverlapConfig.Field({name: 'label'})]});
pool.setDynamicPricingConfig({type: 'SKILL', skill_id: '7', intervals: [
  toloka.pool.DynamicPricingConfig.Interval({from_: 0, to: 50, reward_per_assignment: 0.05}),
  toloka.pool.DynamicPricingConfig.Interval({from_: 51, reward_per_assignment: 0.07}),
]});
pool.setCheckpointsConfig({real_settings: toloka.quality_control.QualityControl.CheckpointsConfig.Settings({
  target_overlap: 5,
  task_distribution_function: TaskDistributionFunction({
    scope: 'PROJECT', distribution: 'UNIFORM', window_days: 7,
    intervals: [TaskDistributionFunction.Interval({from_: 0, to: 100, frequency: 5})]}),
})});
pool.setAssignmentsIssuingConfig({issue_task_suites_in_creation_order: true});
pool.setTrainingConfig({training_skill_ttl_days: 30});
result = pool;
