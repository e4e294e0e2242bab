# A task with an overlap, baseline solutions and who may take it
result = toloka.Task(pool_id='1', input_values={'text': 'hello', 'n': 1}, overlap=5, reserved_for=['u1'], unavailable_for=['u2'],
                     baseline_solutions=[toloka.Task.BaselineSolution(output_values={'label': 'greeting'}, confidence_weight=0.8)])
