# examples/5.nlp/text_classification: a training task with its hint
result = toloka.Task(
    pool_id='2',
    input_values={'headline': 'You Won\u2019t Believe What Happened Next'},
    known_solutions=[toloka.task.BaseTask.KnownSolution(output_values={'category': 'clickbait'})],
    message_on_unknown_solution='clickbait',
)
