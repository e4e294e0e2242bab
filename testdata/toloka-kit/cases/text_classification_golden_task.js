// examples/5.nlp/text_classification: a control task
result = toloka.task.Task({
  pool_id: '1',
  input_values: {headline: 'Senate passes the budget'},
  known_solutions: [
    toloka.task.BaseTask.KnownSolution({
      output_values: {category: 'notclickbait'},
    }),
  ],
  infinite_overlap: true,
});
