// A task suite of two tasks, one a control task, with an overlap
const suite = toloka.TaskSuite({pool_id: '1', overlap: 3, issuing_order_override: 1.5, traits_all_of: ['a']});
suite.addBaseTask(toloka.task.BaseTask({input_values: {image: 'https://example.com/1.png'}}));
suite.addBaseTask(toloka.task.BaseTask({input_values: {image: 'https://example.com/2.png'},
  known_solutions: [toloka.task.BaseTask.KnownSolution({output_values: {result: 'cat'}, correctness_weight: 1})]}));
result = suite;
