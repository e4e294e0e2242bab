# examples/5.nlp/text_classification: the training
result = toloka.Training(
    project_id='1',
    private_name='clickbait training',
    may_contain_adult_content=False,
    assignment_max_duration_seconds=60*30,
    mix_tasks_in_creation_order=False,
    shuffle_tasks_in_task_suite=False,
    training_tasks_in_task_suite_count=10,
    task_suites_required_to_pass=10,
    retry_training_after_days=10,
    inherited_instructions=True,
)
