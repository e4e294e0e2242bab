# Languages: a list (any of), not in, and verified (a passed test)
result = toloka.filter.Languages.in_(['EN', 'DE']) & toloka.filter.Languages.not_in(['RU', 'UK']) & toloka.filter.Languages.in_('FR', verified=True)
