// examples/5.nlp/text_classification: the task interface
const text_viewer = tb.TextViewV1(tb.JoinHelperV1(['Headline: ', tb.InputData('headline')]));
const radio_group_field = tb.ButtonRadioGroupFieldV1(
  tb.OutputData('category'),
  [
    tb.GroupFieldOption('clickbait', 'Clickbait'),
    tb.GroupFieldOption('notclickbait', 'Not clickbait'),
  ],
  {validation: tb.RequiredConditionV1({hint: 'you need to select one answer'})},
);
const task_width_plugin = tb.TolokaPluginV1({
  layout: tb.TolokaPluginV1.TolokaPluginLayout({
    kind: 'scroll',
    task_width: 300,
  }),
});
const hot_keys_plugin = tb.HotkeysPluginV1({
  key_1: tb.SetActionV1(tb.OutputData('category'), 'clickbait'),
  key_2: tb.SetActionV1(tb.OutputData('category'), 'notclickbait'),
});
result = toloka.project.TemplateBuilderViewSpec({
  view: tb.ListViewV1([text_viewer, radio_group_field]),
  plugins: [task_width_plugin, hot_keys_plugin],
});
