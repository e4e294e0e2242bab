// Languages: a list (any of), not in, and verified (a passed test)
const {filter} = toloka;
result = filter.Languages.in(['EN', 'DE']).and(filter.Languages.notIn(['RU', 'UK'])).and(filter.Languages.in('FR', {verified: true}));
