// examples/0.getting_started/0.learn_the_basics: the task interface
const image_viewer = tb.ImageViewV1(tb.InputData('image'), {ratio: [1, 1]});
const radio_group_field = tb.RadioGroupFieldV1(
  tb.OutputData('result'),
  [
    tb.fields.GroupFieldOption('cat', 'Cat'),
    tb.fields.GroupFieldOption('dog', 'Dog'),
  ],
  {validation: tb.RequiredConditionV1()},
);
const task_width_plugin = tb.TolokaPluginV1(
  'scroll',
  {task_width: 400},
);
result = toloka.project.TemplateBuilderViewSpec({
  view: tb.ListViewV1([image_viewer, radio_group_field]),
  plugins: [task_width_plugin],
});
