# A webhook subscription
result = toloka.webhook_subscription.WebhookSubscription(webhook_url='https://example.com/hook', event_type='ASSIGNMENT_SUBMITTED', pool_id='1', secret_key='s')
