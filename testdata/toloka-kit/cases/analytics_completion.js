// The notebooks' progress request
result = toloka.analytics_request.CompletionPercentagePoolAnalytics({subject_id: '1'});
