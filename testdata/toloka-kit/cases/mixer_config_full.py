# A mixer with minimums, forced last assignment and a golden task distribution
result = toloka.pool.MixerConfig(
    real_tasks_count=8,
    golden_tasks_count=2,
    training_tasks_count=0,
    min_real_tasks_count=4,
    min_golden_tasks_count=1,
    force_last_assignment=True,
    force_last_assignment_delay_seconds=10,
    mix_tasks_in_creation_order=False,
    shuffle_tasks_in_task_suite=True,
    golden_task_distribution_function=toloka.task_distribution_function.TaskDistributionFunction(
        scope='POOL',
        distribution='UNIFORM',
        window_days=5,
        intervals=[
            toloka.task_distribution_function.TaskDistributionFunction.Interval(to=50, frequency=5),
            toloka.task_distribution_function.TaskDistributionFunction.Interval(from_=100, frequency=10),
        ],
    ),
)
