// toloka-kit's notebook "Building streaming pipelines in Toloka" (examples/6.streaming_pipelines),
// ported: find the goods an image shows in an online store, verify that what was found is right,
// then arrange the found items by side-by-side comparison. Three pools joined by a pipeline: what
// the first pool submits becomes tasks of the second, whose majority verdict accepts or rejects
// the first pool's work, whose accepted items become pairs for the third.
//
// Its state (the pools, the pipeline's cursors and the handlers' waiting lists) is kept in
// --state DIR: stopped (Ctrl-C or SIGTERM finishes the batch in hand and saves it first), the
// script run again with the same --state goes on where it stopped, and every assignment is
// reviewed exactly once.
//   tolokash --local --pace 100 --workers 20 scripts/examples/streaming_pipeline.js [--state DIR] [--images 3]
//            [--period 10s] [--lag 1m]
const fs = require('fs');
const tb = require('toloka/template_builder');
const {collectors, conditions, actions} = require('toloka');
const {Pipeline, AssignmentsObserver, JSONLocalStorage} = require('toloka/streaming');
const {MajorityVote, BradleyTerry} = require('toloka/aggregation');
const {arg} = require('./lib.js');

const STATE = arg('state', 'streaming-state');
const OVERLAP_FIND_ITEMS = 4;   // the notebook asks 12 Tolokers; 4 keep the example short
const OVERLAP_VERIFICATION = 3;
const OVERLAP_SBS = 3;

// The notebook loads its projects and pools from JSON files; here they are written out.
function createProject(name, input, output, view) {
  return toloka.createProject(new toloka.Project({
    public_name: name, public_description: name, public_instructions: name,
    task_spec: toloka.project.task_spec.TaskSpec({
      input_spec: input, output_spec: output,
      view_spec: toloka.project.TemplateBuilderViewSpec({view}),
    }),
  }));
}

function createPool(project, name, reward, autoAccept) {
  const pool = new toloka.Pool({
    project_id: project.id, private_name: name, may_contain_adult_content: true,
    reward_per_assignment: reward, assignment_max_duration_seconds: 300,
    will_expire: new Date(Date.now() + 3 * 86400e3),
    defaults: {default_overlap_for_new_task_suites: 1},
    auto_accept_solutions: autoAccept,
  });
  pool.set_mixer_config({real_tasks_count: 1, golden_tasks_count: 0, training_tasks_count: 0});
  return pool;
}

function setUp() {
  const url = toloka.project.UrlSpec, text = toloka.project.StringSpec;
  // The found link is a URL field (the notebook's is a string the Toloker pastes a URL into).
  const findItemsProject = createProject('Find a similar item in an online store', {image: url()}, {found_link: url()},
    tb.ListViewV1([tb.ImageViewV1(tb.InputData('image')), tb.TextFieldV1(tb.OutputData('found_link'), {label: 'Paste the link here'})]));
  const verificationProject = createProject('Is ok?', {image: url(), found_link: url(), assignment_id: text()},
    {result: text({allowed_values: ['Yes', 'No']})},
    tb.ListViewV1([tb.ImageViewV1(tb.InputData('image')), tb.LinkViewV1(tb.InputData('found_link')),
      tb.RadioGroupFieldV1(tb.OutputData('result'), [tb.GroupFieldOption('Yes', 'Yes'), tb.GroupFieldOption('No', 'No')])]));
  // Which of the two links suits the image best: left or right.
  const sbsProject = createProject('Which suits best?', {image: url(), left_link: url(), right_link: url()},
    {result: text({allowed_values: ['left', 'right']})},
    tb.ListViewV1([tb.ImageViewV1(tb.InputData('image')), tb.LinkViewV1(tb.InputData('left_link')),
      tb.LinkViewV1(tb.InputData('right_link')),
      tb.RadioGroupFieldV1(tb.OutputData('result'), [tb.GroupFieldOption('left', 'Left'), tb.GroupFieldOption('right', 'Right')])]));

  const findItemsPool = createPool(findItemsProject, 'Find a similar item in an online store', 0.08, false);
  // Some data flows may be implemented by the pools' quality control rules: a rejected
  // assignment gets its task's overlap raised, so another Toloker tries.
  findItemsPool.quality_control.add_action({
    collector: collectors.AssignmentsAssessment(),
    conditions: [conditions.AssessmentEvent.eq(conditions.AssessmentEvent.REJECT)],
    action: actions.ChangeOverlap({delta: 1, open_pool: true}),
  });
  const setup = {
    find_items_pool: toloka.createPool(findItemsPool).id,
    verification_pool: toloka.createPool(createPool(verificationProject, 'Is ok?', 0.02, true)).id,
    sbs_pool: toloka.createPool(createPool(sbsProject, 'Which suits best?', 0.04, true)).id,
  };
  const images = Array.from({length: Number(arg('images', '3'))}, (_, i) => `https://example.com/shoes/${i}.jpg`);
  toloka.createTasks(images.map(image => new toloka.Task({pool_id: setup.find_items_pool, overlap: OVERLAP_FIND_ITEMS,
    input_values: {image}})), {open_pool: true});
  fs.mkdir(STATE);
  fs.writeJSON(STATE + '/setup.json', setup);
  console.log(`created: find items pool ${setup.find_items_pool}, verification pool ${setup.verification_pool}, ` +
    `side-by-side pool ${setup.sbs_pool}, ${images.length} images`);
  return setup;
}

const resumed = fs.exists(STATE + '/setup.json');
const setup = resumed ? fs.readJSON(STATE + '/setup.json') : setUp();
if (resumed) console.log(`resuming from ${STATE}: find items pool ${setup.find_items_pool}`);

// Each connection is a callback. The classes keep what they wait for in their own members,
// which the pipeline saves with its cursors after every batch (toloka-kit pickles them).

// find items -> verification: each found item becomes a task for three other Tolokers.
function handleFoundItems(events) {
  const verificationTasks = [];
  for (const event of events) {
    event.assignment.tasks.forEach((task, i) => verificationTasks.push(new toloka.Task({
      pool_id: setup.verification_pool,
      unavailable_for: [event.assignment.user_id],
      overlap: OVERLAP_VERIFICATION,
      input_values: {image: task.input_values.image, found_link: event.assignment.solutions[i].output_values.found_link,
        assignment_id: event.assignment.id},
    })));
  }
  toloka.createTasks(verificationTasks, {open_pool: true});
  console.log(`verification tasks created: ${verificationTasks.length}`);
}

// verification -> find items: the majority's verdict accepts or rejects the item found.
class VerificationDoneHandler {
  constructor() { this.waiting = {}; this.reviewed = 0; this.refused = 0; }
  async handle(events) {
    for (const event of events) {
      event.assignment.tasks.forEach((task, i) => {
        const answer = {task: task.input_values.assignment_id, label: event.assignment.solutions[i].output_values.result,
          worker: event.assignment.user_id};
        (this.waiting[answer.task] = this.waiting[answer.task] || []).push(answer);
      });
    }
    const ready = Object.values(this.waiting).filter(answers => answers.length >= OVERLAP_VERIFICATION).flat();
    if (ready.length === 0) return;
    const verdicts = new MajorityVote().fitPredict(DataFrame.fromRecords(ready)).toRecords();
    // The reviews go out together, at most the client's limit at a time.
    await toloka.parallel(verdicts, async ({task, agg_label}) => {
      try {
        if (agg_label === 'Yes') await toloka.async.acceptAssignment(task, 'Well done!');
        else await toloka.async.rejectAssignment(task, 'Incorrect object.');
        this.reviewed++;
      } catch (e) {
        if (e.status !== 409) throw e;
        this.refused++; // reviewed already (in the web interface, say): as the notebook, say so and go on
        console.log(`cannot review ${task}: ${e.message}`);
      }
      delete this.waiting[task];
    });
    console.log(`reviewed ${this.reviewed} found items; waiting for verification: ${Object.keys(this.waiting).length}`);
  }
}

// find items -> side by side: once every item found for an image is reviewed, the accepted
// ones are compared in pairs.
class AcceptedItemsToComparison {
  constructor() { this.waiting = {}; this.compared = 0; }
  handle(events) {
    for (const event of events) {
      event.assignment.tasks.forEach((task, i) => {
        const w = this.waiting[task.input_values.image] = this.waiting[task.input_values.image] || {links: [], reviewed: 0};
        w.reviewed++;
        if (event.event_type === 'ACCEPTED') w.links.push(event.assignment.solutions[i].output_values.found_link);
      });
    }
    const sbsTasks = [];
    for (const [image, {links, reviewed}] of Object.entries(this.waiting)) {
      if (reviewed < OVERLAP_FIND_ITEMS) continue;
      for (let i = 0; i < links.length; i++) {
        for (let j = i + 1; j < links.length; j++) {
          sbsTasks.push(new toloka.Task({pool_id: setup.sbs_pool, overlap: OVERLAP_SBS,
            input_values: {image, left_link: links[i], right_link: links[j]}}));
        }
      }
      if (links.length >= 2) this.compared++;
      delete this.waiting[image];
    }
    if (sbsTasks.length > 0) {
      toloka.createTasks(sbsTasks, {open_pool: true});
      console.log(`side-by-side tasks created: ${sbsTasks.length}`);
    }
  }
}

// side by side: Bradley-Terry ranks each image's items by the pairwise answers.
class HandleSbS {
  constructor() { this.waiting = {}; this.scoresByImage = {}; }
  handle(events) {
    for (const event of events) {
      event.assignment.tasks.forEach((task, i) => {
        const {image, left_link, right_link} = task.input_values;
        const side = event.assignment.solutions[i].output_values.result;
        (this.waiting[image] = this.waiting[image] || []).push({worker: event.assignment.user_id, left: left_link,
          right: right_link, label: side === 'left' ? left_link : right_link});
      });
    }
    for (const [image, answers] of Object.entries(this.waiting)) {
      if (answers.length < OVERLAP_SBS) continue;
      const scores = new BradleyTerry({n_iter: 100}).fitPredict(DataFrame.fromRecords(answers));
      this.scoresByImage[image] = scores.sort('agg_score', {desc: true}).toRecords();
      delete this.waiting[image];
    }
  }
}

const pipeline = new Pipeline({period: arg('period', '10s'), storage: new JSONLocalStorage(STATE), name: 'find-verify-compare'});
const lag = {cursor_time_lag: arg('lag', '1m')};
const foundItemsObserver = pipeline.register(new AssignmentsObserver(toloka, setup.find_items_pool, lag));
const verificationObserver = pipeline.register(new AssignmentsObserver(toloka, setup.verification_pool, lag));
const sbsObserver = pipeline.register(new AssignmentsObserver(toloka, setup.sbs_pool, lag));

foundItemsObserver.on_submitted(handleFoundItems);
const comparison = new AcceptedItemsToComparison();
foundItemsObserver.on_accepted(comparison);
foundItemsObserver.on_rejected(comparison);
const verification = verificationObserver.on_accepted(new VerificationDoneHandler());
const sbsHandler = sbsObserver.on_accepted(new HandleSbS());

await pipeline.run();

console.log(`pipeline finished: ${verification.reviewed} found items reviewed` +
  (verification.refused ? `, ${verification.refused} refused` : ''));
const found = toloka.getAssignments({pool_id: setup.find_items_pool}).toArray();
const count = status => found.filter(a => a.status === status).length;
console.log(`find items: ${count('ACCEPTED')} accepted, ${count('REJECTED')} rejected, ${count('SUBMITTED')} waiting`);
for (const [image, scores] of Object.entries(sbsHandler.scoresByImage)) {
  console.log(`${image}: best ${scores[0].label} (score ${scores[0].agg_score.toFixed(2)} of ${scores.length})`);
}
