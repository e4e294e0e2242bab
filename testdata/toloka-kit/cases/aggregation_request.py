# Aggregating a pool by Dawid-Skene and one task by weighted dynamic overlap
result = toloka.aggregation.PoolAggregatedSolutionRequest(type='DAWID_SKENE', pool_id='1', fields=[toloka.aggregation.PoolAggregatedSolutionRequest.Field(name='label')])
