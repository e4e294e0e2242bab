# Aggregating one task
result = toloka.aggregation.WeightedDynamicOverlapTaskAggregatedSolutionRequest(task_id='t1', pool_id='1', answer_weight_skill_id='7',
    fields=[toloka.aggregation.WeightedDynamicOverlapTaskAggregatedSolutionRequest.Field(name='label')])
