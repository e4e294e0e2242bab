// Calls every method of the toloka global at least once against the emulator
// and checks the shape of what comes back. The Go test reads `called`.
const called = new Set();
const t = new Proxy(toloka, {
  get(target, name) {
    const fn = target[name];
    if (typeof fn !== 'function') return fn;
    return (...args) => { called.add(name); return fn(...args); };
  },
});
function expect(cond, what) { if (!cond) throw new Error('unexpected result: ' + what); }
function isId(x) { return typeof x === 'string' && x.length > 0; }
function wait(cond, what) {
  for (let i = 0; i < 400; i++) { if (cond()) return; sleepMs(10); }
  throw new Error('timed out waiting for ' + what);
}

const req = t.getRequester(); expect(isId(req.id) && typeof req.balance === 'number', 'requester');
const spec = {input_spec: {image: {type: 'url'}}, output_spec: {label: {type: 'string', allowed_values: ['a', 'b']}, photo: {type: 'file', required: false}}};
const project = t.createProject({public_name: 'every method', task_spec: spec});
expect(isId(project.id), 'project');
expect(t.getProject(project.id).id === project.id, 'getProject');
project.public_description = 'changed';
expect(t.updateProject(project.id, project).public_description === 'changed', 'updateProject');
expect(t.checkUpdateProjectForMajorVersionChange(project.id, project) === 'EQUAL', 'check update');
expect(t.findProjects({sort: ['-id'], limit: 5}).items.length >= 1, 'findProjects');
expect(t.getProjects().count() >= 1, 'getProjects');

const skill = t.createSkill({name: 'every'}); expect(isId(skill.id), 'skill');
expect(t.getSkill(skill.id).name === 'every', 'getSkill');
expect(t.updateSkill(skill.id, {name: 'every2'}).name === 'every2', 'updateSkill');
expect(t.findSkills({name: 'every2'}).items.length === 1, 'findSkills');
expect(t.getSkills().toArray().length >= 1, 'getSkills');

const poolDef = {project_id: project.id, private_name: 'p', may_contain_adult_content: false, will_expire: '2030-01-01T00:00:00',
  reward_per_assignment: 0.05, assignment_max_duration_seconds: 60, auto_accept_solutions: false,
  auto_close_after_complete_delay_seconds: 600, // done work leaves it open: the state changes below are the script's own
  defaults: {default_overlap_for_new_tasks: 2, default_overlap_for_new_task_suites: 1}};
const pool = t.createPool(poolDef); expect(pool.status === 'CLOSED', 'createPool');
expect(t.getPool(pool.id).id === pool.id, 'getPool');
expect(t.updatePool(pool.id, Object.assign({}, poolDef, {private_name: 'p2'})).private_name === 'p2', 'updatePool');
expect(t.patchPool(pool.id, {priority: 5}).priority === 5, 'patchPool');
expect(t.findPools({project_id: project.id}).items.length === 1, 'findPools');
expect(t.getPools({project_id: project.id}).first().id === pool.id, 'getPools');

const training = t.createTraining({project_id: project.id, private_name: 'tr', may_contain_adult_content: false, assignment_max_duration_seconds: 60, training_tasks_in_task_suite_count: 1});
expect(t.getTraining(training.id).status === 'CLOSED', 'getTraining');
expect(t.updateTraining(training.id, {project_id: project.id, private_name: 'tr2', may_contain_adult_content: false, assignment_max_duration_seconds: 60, training_tasks_in_task_suite_count: 1}).private_name === 'tr2', 'updateTraining');
expect(t.openTraining(training.id).status === 'OPEN', 'openTraining');
expect(t.closeTraining(training.id).status === 'CLOSED', 'closeTraining');
expect(t.openTrainingAsync(training.id).wait().status === 'SUCCESS', 'openTrainingAsync');
expect(t.closeTrainingAsync(training.id).wait().status === 'SUCCESS', 'closeTrainingAsync');
const trClone = t.cloneTraining(training.id); expect(trClone.id !== training.id, 'cloneTraining');
expect(t.cloneTrainingAsync(training.id).wait().status === 'SUCCESS', 'cloneTrainingAsync');
expect(t.findTrainings({project_id: project.id}).items.length >= 2, 'findTrainings');
expect(t.getTrainings({project_id: project.id}).count() >= 2, 'getTrainings');
expect(t.archiveTraining(trClone.id).status === 'ARCHIVED', 'archiveTraining');
expect(t.archiveTrainingAsync(training.id).wait().status === 'SUCCESS', 'archiveTrainingAsync');

const one = t.createTask({pool_id: pool.id, input_values: {image: 'https://e.x/0.png'}}, {allow_defaults: true});
expect(isId(one.id), 'createTask');
const many = t.createTasks([1, 2, 3].map(i => ({pool_id: pool.id, input_values: {image: 'https://e.x/' + i + '.png'}})), {allow_defaults: true});
expect(Object.keys(many.items).length === 3, 'createTasks');
// An endless task keeps the pool from completing while the state changes below run.
const op = t.createTasksAsync([{pool_id: pool.id, input_values: {image: 'https://e.x/9.png'}, infinite_overlap: true}]);
expect(op.wait().status === 'SUCCESS', 'createTasksAsync');
expect(t.getTask(one.id).id === one.id, 'getTask');
expect(t.patchTask(one.id, {overlap: 3}).overlap === 3, 'patchTask');
expect(t.patchTaskOverlapOrMin(one.id, {overlap: 2}).overlap === 2, 'patchTaskOverlapOrMin');
expect(t.findTasks({pool_id: pool.id, limit: 2}).has_more === true, 'findTasks');
expect(t.getTasks({pool_id: pool.id, batch_size: 2}).count() === 5, 'getTasks');
const suite = t.createTaskSuite({pool_id: pool.id, tasks: [{input_values: {image: 'https://e.x/s.png'}}]}, {allow_defaults: true});
expect(isId(suite.id), 'createTaskSuite');
expect(Object.keys(t.createTaskSuites([{pool_id: pool.id, overlap: 1, tasks: [{input_values: {image: 'https://e.x/s2.png'}}]}]).items).length === 1, 'createTaskSuites');
expect(t.createTaskSuitesAsync([{pool_id: pool.id, overlap: 1, tasks: [{input_values: {image: 'https://e.x/s3.png'}}]}]).wait().status === 'SUCCESS', 'createTaskSuitesAsync');
expect(t.getTaskSuite(suite.id).id === suite.id, 'getTaskSuite');
expect(t.patchTaskSuite(suite.id, {overlap: 2}).overlap === 2, 'patchTaskSuite');
expect(t.patchTaskSuiteOverlapOrMin(suite.id, {overlap: 1}).overlap === 1, 'patchTaskSuiteOverlapOrMin');
expect(t.findTaskSuites({pool_id: pool.id}).items.length === 3, 'findTaskSuites');
expect(t.getTaskSuites({pool_id: pool.id}).count() === 3, 'getTaskSuites');

expect(t.openPool(pool.id).status === 'OPEN', 'openPool');
wait(() => t.getAssignments({pool_id: pool.id, status: 'SUBMITTED'}).count() >= 6, 'simulated work');
const subs = t.getAssignments({pool_id: pool.id, status: 'SUBMITTED'}).toArray();
expect(t.getAssignment(subs[0].id).id === subs[0].id, 'getAssignment');
expect(t.findAssignments({pool_id: pool.id, sort: ['-submitted']}).items.length >= 6, 'findAssignments');
expect(t.acceptAssignment(subs[0].id, 'ok').status === 'ACCEPTED', 'acceptAssignment');
expect(t.rejectAssignment(subs[1].id, 'no').status === 'REJECTED', 'rejectAssignment');
expect(t.patchAssignment(subs[2].id, {status: 'ACCEPTED', public_comment: 'fine'}).status === 'ACCEPTED', 'patchAssignment');
const worker = subs[0].user_id;
expect(t.getUser(worker).id === worker, 'getUser');

const atts = t.findAttachments({pool_id: pool.id});
expect(atts.items.length >= 1, 'findAttachments');
expect(t.getAttachments({pool_id: pool.id}).count() >= 1, 'getAttachments');
expect(t.getAttachment(atts.items[0].id).media_type === 'text/plain', 'getAttachment');
const bytes = t.downloadAttachment(atts.items[0].id);
expect((bytes.length || bytes.byteLength) > 0, 'downloadAttachment');

expect(t.closePool(pool.id).status === 'CLOSED', 'closePool');
expect(t.openPoolAsync(pool.id).wait().status === 'SUCCESS', 'openPoolAsync');
expect(t.closePoolForUpdate(pool.id).status === 'CLOSED', 'closePoolForUpdate');
expect(t.openPoolAsync(pool.id) !== undefined, 'reopen');
expect(t.closePoolForUpdateAsync(pool.id).wait().status === 'SUCCESS', 'closePoolForUpdateAsync');
expect(t.openPoolAsync(pool.id).wait().status === 'SUCCESS', 'reopen 2');
expect(t.closePoolAsync(pool.id).wait().status === 'SUCCESS', 'closePoolAsync');
expect(t.closePoolAsync(pool.id) === null, 'already closed gives null');
const poolCopy = t.clonePool(pool.id); expect(poolCopy.id !== pool.id, 'clonePool');
expect(t.clonePoolAsync(pool.id).wait().status === 'SUCCESS', 'clonePoolAsync');

const agg = t.aggregateSolutionsByPool({type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: pool.id, answer_weight_skill_id: skill.id, fields: [{name: 'label'}]}).wait();
expect(t.findAggregatedSolutions(agg.id, {sort: ['task_id']}).items.length >= 1, 'findAggregatedSolutions');
expect(t.getAggregatedSolutions(agg.id).count() >= 1, 'getAggregatedSolutions');
expect(t.aggregateSolutionsByTask({type: 'WEIGHTED_DYNAMIC_OVERLAP', task_id: subs[0].tasks[0].id, pool_id: pool.id, answer_weight_skill_id: skill.id, fields: [{name: 'label'}]}).task_id === subs[0].tasks[0].id, 'aggregateSolutionsByTask');
const stats = t.getAnalytics([{subject: 'POOL', subject_id: pool.id, name: 'submitted_assignments_count'}]).wait();
expect(stats.details.value.length === 1, 'getAnalytics');

const ops = t.findOperations({type: 'SOLUTION.AGGREGATE'});
expect(ops.items.length >= 1, 'findOperations');
expect(t.getOperations({status: 'SUCCESS'}).count() >= 1, 'getOperations');
expect(t.getOperation(agg.id).id === agg.id, 'getOperation');
expect(t.waitOperation(agg, {timeout: '10s'}).status === 'SUCCESS', 'waitOperation');
expect(Array.isArray(t.getOperationLog(op.id)), 'getOperationLog');

const bonus = t.createUserBonus({user_id: worker, amount: 0.1, assignment_id: subs[0].id, public_title: {EN: 'x'}, public_message: {EN: 'y'}});
expect(isId(bonus.id), 'createUserBonus');
expect(Object.keys(t.createUserBonuses([{user_id: worker, amount: 0.2}]).items).length === 1, 'createUserBonuses');
expect(t.createUserBonusesAsync([{user_id: worker, amount: 0.3}]).wait().status === 'SUCCESS', 'createUserBonusesAsync');
expect(t.getUserBonus(bonus.id).id === bonus.id, 'getUserBonus');
expect(t.findUserBonuses({user_id: worker}).items.length === 3, 'findUserBonuses');
expect(t.getUserBonuses({user_id: worker}).count() === 3, 'getUserBonuses');

const us = t.setUserSkill({skill_id: skill.id, user_id: worker, value: 75.5});
expect(us.value === 76 && us.exact_value === 75.5, 'setUserSkill');
expect(t.getUserSkill(us.id).id === us.id, 'getUserSkill');
expect(t.findUserSkills({skill_id: skill.id}).items.length === 1, 'findUserSkills');
expect(t.getUserSkills({user_id: worker}).count() === 1, 'getUserSkills');
expect(t.deleteUserSkill(us.id) === undefined, 'deleteUserSkill');

const r = t.setUserRestriction({scope: 'POOL', pool_id: pool.id, user_id: worker, private_comment: 'x'});
expect(t.getUserRestriction(r.id).scope === 'POOL', 'getUserRestriction');
expect(t.findUserRestrictions({user_id: worker}).items.length === 1, 'findUserRestrictions');
expect(t.getUserRestrictions({scope: 'POOL'}).count() === 1, 'getUserRestrictions');
expect(t.deleteUserRestriction(r.id) === undefined, 'deleteUserRestriction');

const thread = t.composeMessageThread({recipients_select_type: 'DIRECT', recipients_ids: [worker], topic: {EN: 'hi'}, text: {EN: 'hello'}});
expect(isId(thread.id), 'composeMessageThread');
expect(t.replyMessageThread(thread.id, {text: {EN: 'again'}}).messages.length === 2, 'replyMessageThread');
expect(t.addMessageThreadToFolders(thread.id, ['IMPORTANT']).folders.includes('IMPORTANT'), 'addMessageThreadToFolders');
expect(!t.removeMessageThreadFromFolders(thread.id, ['IMPORTANT']).folders.includes('IMPORTANT'), 'removeMessageThreadFromFolders');
expect(t.findMessageThreads({folder: ['OUTBOX']}).items.length === 1, 'findMessageThreads');
expect(t.getMessageThreads({folder_ne: ['INBOX']}).count() === 1, 'getMessageThreads');

const hooks = t.upsertWebhookSubscriptions([{webhook_url: 'https://e.x/h', event_type: 'POOL_CLOSED', pool_id: pool.id}]);
const hook = hooks.items['0']; expect(isId(hook.id), 'upsertWebhookSubscriptions');
expect(t.getWebhookSubscription(hook.id).event_type === 'POOL_CLOSED', 'getWebhookSubscription');
expect(t.findWebhookSubscriptions({pool_id: pool.id}).items.length === 1, 'findWebhookSubscriptions');
expect(t.getWebhookSubscriptions({pool_id: pool.id}).count() === 1, 'getWebhookSubscriptions');
expect(t.deleteWebhookSubscription(hook.id) === undefined, 'deleteWebhookSubscription');

const apps = t.findApps();
expect(apps.items === undefined && apps.content.length >= 1, 'findApps');
const app = t.getApps().first();
expect(t.getApp(app.id).id === app.id, 'getApp');
const ap = t.createAppProject({app_id: app.id, name: 'ap', parameters: {labels: ['x', 'y'], instruction: 'do it'}});
expect(ap.status === 'READY', 'createAppProject');
expect(t.getAppProject(ap.id).id === ap.id, 'getAppProject');
expect(t.findAppProjects({app_id: app.id}).content.length === 1, 'findAppProjects');
expect(t.getAppProjects().count() === 1, 'getAppProjects');
const batch = t.createAppBatch(ap.id, {name: 'b1', items: [{text: 'one'}, {text: 'two'}]});
expect(batch.items_count === 2, 'createAppBatch');
const item = t.createAppItem(ap.id, {batch_id: batch.id, input_data: {text: 'three'}});
expect(isId(item.id), 'createAppItem');
expect(t.createAppItems(ap.id, {batch_id: batch.id, items: [{text: 'four'}]}).length === 1, 'createAppItems');
expect(t.getAppItem(ap.id, item.id).id === item.id, 'getAppItem');
expect(t.findAppItems(ap.id, {batch_id: batch.id}).content.length === 4, 'findAppItems');
expect(t.getAppItems(ap.id).count() === 4, 'getAppItems');
expect(t.getAppBatch(ap.id, batch.id).name === 'b1', 'getAppBatch');
expect(t.patchAppBatch(ap.id, batch.id, {name: 'b2'}).name === 'b2', 'patchAppBatch');
expect(t.findAppBatches(ap.id).content.length === 1, 'findAppBatches');
expect(t.getAppBatches(ap.id).count() === 1, 'getAppBatches');
t.startAppBatch(ap.id, batch.id);
t.stopAppBatch(ap.id, batch.id);
t.resumeAppBatch(ap.id, batch.id);
wait(() => t.getAppBatch(ap.id, batch.id).status === 'COMPLETED', 'app batch');
t.archiveAppBatch(ap.id, batch.id);
t.unarchiveAppBatch(ap.id, batch.id);
expect(t.getAppBatch(ap.id, batch.id).status === 'COMPLETED', 'unarchiveAppBatch');
expect(t.startSyncBatchProcessing(ap.id, {items: [{text: 'now'}]}).status === 'COMPLETED', 'startSyncBatchProcessing');
expect(t.archiveAppProject(ap.id).status === 'ARCHIVED', 'archiveAppProject');
expect(t.unarchiveAppProject(ap.id).status === 'READY', 'unarchiveAppProject');

const copy = t.cloneProject(project.id);
expect(isId(copy.project.id) && copy.pools.length >= 2 && copy.trainings.length >= 2, 'cloneProject');
const df = t.getAssignmentsDf(pool.id, {status: ['APPROVED', 'REJECTED', 'SUBMITTED']});
expect(df.columns.includes('INPUT:image') && df.columns.includes('ASSIGNMENT:worker_id') && df.length >= 3, 'getAssignmentsDf');
for (const p of t.getPools({project_id: project.id}).toArray()) {
  if (p.status === 'OPEN') t.closePool(p.id);
  if (p.status !== 'ARCHIVED') {
    const a = t.archivePoolAsync(p.id);
    if (a) a.wait();
  }
}
expect(t.archivePool(poolCopy.id).status === 'ARCHIVED', 'archivePool');
for (const tr of t.getTrainings({project_id: project.id}).toArray()) if (tr.status !== 'ARCHIVED') t.archiveTraining(tr.id);
expect(t.archiveProject(project.id).status === 'ARCHIVED', 'archiveProject');
const p2 = t.createProject({public_name: 'second', task_spec: spec});
expect(t.archiveProjectAsync(p2.id).wait().status === 'SUCCESS', 'archiveProjectAsync');

Array.from(called).sort();
