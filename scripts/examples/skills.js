// Skills: set a skill from golden accuracy, then open a pool only for Tolokers who have it.
//   tolokash --local scripts/examples/skills.js [--min 60]
const {arg, imageProject, pool} = require('./lib.js');
const min = Number(arg('min', '60'));
const project = imageProject('Cats or dogs (skills)', ['cat', 'dog']);
const exam = pool(project.id, 'exam');
toloka.createTasks([...Array(10).keys()].map(i => ({pool_id: exam.id, overlap: 5, input_values: {image: `https://example.com/s/${i}.jpg`},
  known_solutions: [{output_values: {label: i % 2 ? 'dog' : 'cat'}, correctness_weight: 1}]})), {open_pool: true});
toloka.waitPool(exam.id, {interval: 300});
const skill = toloka.createSkill({name: 'cats-and-dogs accuracy', public_requester_description: {EN: 'Golden accuracy on pets'}});
const score = {};
for (const a of toloka.getAssignments({pool_id: exam.id})) {
  const s = score[a.user_id] || (score[a.user_id] = [0, 0]);
  a.tasks.forEach((t, i) => { s[1]++; if (a.solutions[i].output_values.label === t.known_solutions[0].output_values.label) s[0]++; });
}
for (const [user, [right, total]] of Object.entries(score)) {
  const value = Math.round(100 * right / total);
  toloka.setUserSkill({skill_id: skill.id, user_id: user, value});
  console.log(`Toloker ${user.slice(0, 8)}: skill ${value}`);
}
const main = pool(project.id, 'skilled only', {filter: {and: [{or: [{category: 'skill', key: skill.id, operator: 'GTE', value: min}]}]}});
toloka.createTasks([...Array(10).keys()].map(i => ({pool_id: main.id, overlap: 1, input_values: {image: `https://example.com/m/${i}.jpg`}})), {open_pool: true});
// Nobody may qualify: then nobody works in the pool and it stays open.
if (Object.values(score).some(([r, t]) => 100 * r / t >= min)) toloka.waitPool(main.id, {interval: 300});
const workers = new Set(toloka.getAssignments({pool_id: main.id}).map(a => a.user_id).toArray());
const allowed = [...workers].every(u => toloka.getUserSkills({user_id: u, skill_id: skill.id}).first().value >= min);
console.log(`${workers.size} Tolokers worked in the filtered pool, all with skill >= ${min}: ${allowed}`);
