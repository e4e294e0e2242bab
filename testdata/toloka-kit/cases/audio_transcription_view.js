// examples/3.audio_analysis/audio_transcription: a schema-checked text field and a play hotkey
const audio_player = tb.AudioViewV1(
  tb.InputData('audio'),
  {validation: tb.PlayedFullyConditionV1({hint: "You didn't listen to the recording"})},
);
const input_text = tb.TextFieldV1(
  tb.OutputData('result'),
  {
    validation: tb.SchemaConditionV1({
      schema: {
        type: 'string',
        pattern: String.raw`^[a-zA-Z\*\s]+$`,
      },
      hint: 'Use only lowercase letters and spaces',
    }),
  },
);
result = toloka.project.TemplateBuilderViewSpec({
  view: tb.ListViewV1({items: [audio_player, input_text]}),
  plugins: [tb.TolokaPluginV1('scroll', {task_width: 900}), tb.HotkeysPluginV1({key_q: tb.PlayPauseActionV1('view.items.0')})],
});
