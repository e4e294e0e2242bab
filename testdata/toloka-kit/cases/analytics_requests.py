# Analytics requests as get_analytics takes them
result = toloka.analytics_request.ActiveWorkersByFilterCountPoolAnalytics(subject_id='1', interval_hours=3)
