// examples/3.audio_analysis/audio_classification: a player that must be played
const audio_viewer = tb.AudioViewV1(
  tb.InputData('path'),
  {validation: tb.PlayedConditionV1({hint: 'you need to listen to the audio'})},
);
const radio_group_field = tb.ButtonRadioGroupFieldV1(
  tb.OutputData('result'),
  [
    tb.GroupFieldOption('female', 'Female'),
    tb.GroupFieldOption('male', 'Male'),
  ],
  {label: 'Is it a male or female speaker?', validation: tb.RequiredConditionV1()},
);
result = toloka.project.TemplateBuilderViewSpec({
  view: tb.ListViewV1([audio_viewer, radio_group_field]),
  plugins: [
    tb.TolokaPluginV1({layout: tb.TolokaPluginV1.TolokaPluginLayout({kind: 'scroll', task_width: 300})}),
    tb.HotkeysPluginV1({
      key_1: tb.SetActionV1(tb.OutputData('result'), 'female'),
      key_2: tb.SetActionV1(tb.OutputData('result'), 'male'),
    }),
  ],
});
