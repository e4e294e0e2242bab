// An App project: pick an App, create a project, add items in a batch, start it, read results.
//   tolokash --local scripts/examples/app_project.js
const app = toloka.getApps().filter(a => /text/i.test(a.name)).first() || toloka.getApps().first();
console.log(`App: ${app.name} (${app.id}), ${app.default_item_price} per item`);
const project = toloka.createAppProject({app_id: app.id, name: 'Review sentiment',
  parameters: {labels: ['positive', 'negative'], instruction: 'Is the review positive or negative?', name: 'sentiment'}});
toloka.waitAppProject(project.id, {interval: 200});
const reviews = ['Great product!', 'Broke after a day.', 'Does the job.', 'Never again.'];
const batch = toloka.createAppBatch(project.id, {name: 'reviews', items: reviews.map(text => ({text}))});
toloka.startAppBatch(project.id, batch.id);
toloka.waitAppBatch(project.id, batch.id, {interval: 300});
for (const item of toloka.getAppItems(project.id, {batch_id: batch.id})) {
  console.log(`${item.input_data.text} -> ${item.output_data.result}`);
}
console.log(`batch ${batch.id} completed with ${toloka.getAppItems(project.id, {batch_id: batch.id}).count()} items`);
