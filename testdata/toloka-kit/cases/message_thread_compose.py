# A message to Tolokers chosen by a filter (a single condition goes inside an and)
result = toloka.MessageThreadCompose(recipients_select_type='FILTER', topic={'EN': 'Hello'}, text={'EN': 'New tasks'},
                                     answerable=False, recipients_filter=toloka.filter.Languages.in_('EN'))
