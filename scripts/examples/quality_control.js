// Quality control: golden tasks and rules. The pool's rule restricts, as they
// work, the Tolokers who get more than half the golden tasks wrong; the script
// then rejects answers that fail golden tasks, and keeps low-quality Tolokers
// out of the project with a restriction of its own.
//   tolokash --local scripts/examples/quality_control.js [--min-accuracy 0.8]
const {arg, imageProject, pool} = require('./lib.js');
const minAccuracy = Number(arg('min-accuracy', '0.8'));

const project = imageProject('Cats or dogs (quality)', ['cat', 'dog']);
const p = pool(project.id, 'with golden tasks', {
  mixer_config: {real_tasks_count: 1, golden_tasks_count: 1, training_tasks_count: 0},
  quality_control: {configs: [{
    collector_config: {type: 'GOLDEN_SET', parameters: {history_size: 10}},
    rules: [{conditions: [{key: 'incorrect_answers_rate', operator: 'GT', value: 50}],
             action: {type: 'RESTRICTION_V2', parameters: {scope: 'PROJECT', duration_unit: 'DAYS', duration: 10, private_comment: 'golden'}}}],
  }]},
});
const tasks = [];
for (let i = 0; i < 20; i++) {
  const golden = i % 2 === 0;
  tasks.push({pool_id: p.id, overlap: 2, input_values: {image: `https://example.com/q/${i}.jpg`},
              known_solutions: golden ? [{output_values: {label: 'cat'}, correctness_weight: 1}] : undefined});
}
toloka.createTasks(tasks.map(t => JSON.parse(JSON.stringify(t))), {open_pool: true});
toloka.waitPool(p.id, {interval: 300});
const byRule = toloka.getUserRestrictions({project_id: project.id}).filter(r => r.private_comment === 'golden').count();
console.log(`the golden rule restricted ${byRule} Tolokers as they worked`);

// Score every Toloker on golden tasks, reject failed golden answers.
const stats = {};
let rejected = 0;
for (const a of toloka.getAssignments({pool_id: p.id, status: 'SUBMITTED'})) {
  const s = stats[a.user_id] || (stats[a.user_id] = {right: 0, total: 0});
  let failed = false;
  a.tasks.forEach((t, i) => {
    if (!t.known_solutions) return;
    const ok = a.solutions[i].output_values.label === t.known_solutions[0].output_values.label;
    s.total++; if (ok) s.right++; else failed = true;
  });
  if (failed) { toloka.rejectAssignment(a.id, 'The answer to a control task was wrong'); rejected++; }
  else toloka.acceptAssignment(a.id, 'Thanks');
}
let blocked = 0;
for (const [user, s] of Object.entries(stats)) {
  const accuracy = s.total ? s.right / s.total : 1;
  console.log(`Toloker ${user.slice(0, 8)}: ${s.right}/${s.total} golden answers right`);
  if (accuracy < minAccuracy) {
    toloka.setUserRestriction({scope: 'PROJECT', project_id: project.id, user_id: user, private_comment: `golden accuracy ${accuracy.toFixed(2)}`});
    blocked++;
  }
}
console.log(`rejected ${rejected} assignments, blocked ${blocked} Tolokers`);
