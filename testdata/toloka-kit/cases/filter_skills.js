// Skills: greater than, missing (null), and an inverted skill condition
const {filter} = toloka;
result = filter.Skill('224').gt(70).or(filter.Skill('225').eq(null)).and(filter.Skill('226').lt(10).not());
