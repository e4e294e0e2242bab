# FilterAnd and FilterOr built directly, and a condition with its operator given
result = toloka.filter.FilterAnd([
    toloka.filter.FilterOr([toloka.filter.Languages('IN', 'EN'), toloka.filter.Languages('IN', 'ES')]),
    toloka.filter.Skill('1', 'GTE', 50),
])
