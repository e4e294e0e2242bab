// FilterAnd and FilterOr built directly, and a condition with its operator given
const {filter} = toloka;
result = filter.FilterAnd([
  filter.FilterOr([filter.Languages('IN', 'EN'), filter.Languages('IN', 'ES')]),
  filter.Skill('1', 'GTE', 50),
]);
