// examples/5.nlp/text_classification: the training
result = new toloka.Training({
  project_id: '1',
  private_name: 'clickbait training',
  may_contain_adult_content: false,
  assignment_max_duration_seconds: 60 * 30,
  mix_tasks_in_creation_order: false,
  shuffle_tasks_in_task_suite: false,
  training_tasks_in_task_suite_count: 10,
  task_suites_required_to_pass: 10,
  retry_training_after_days: 10,
  inherited_instructions: true,
});
