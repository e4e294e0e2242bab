# examples/1.computer_vision/image_classification: the task interface
image_viewer = tb.ImageViewV1(tb.InputData('image'), ratio=[1, 1], rotatable=True)
radio_group_field = tb.ButtonRadioGroupFieldV1(
    tb.OutputData('result'),
    [
        tb.GroupFieldOption('cat', 'Cat'),
        tb.GroupFieldOption('dog', 'Dog'),
        tb.GroupFieldOption('other', 'Other'),
    ],
    validation=tb.RequiredConditionV1(hint='choose one of the options'),
)
task_width_plugin = tb.TolokaPluginV1(
    kind='scroll',
    task_width=500,
)
hot_keys_plugin = tb.HotkeysPluginV1(
    key_1=tb.SetActionV1(tb.OutputData('result'), 'cat'),
    key_2=tb.SetActionV1(tb.OutputData('result'), 'dog'),
    key_3=tb.SetActionV1(tb.OutputData('result'), 'other'),
)
result = toloka.project.TemplateBuilderViewSpec(
    view=tb.ListViewV1([image_viewer, radio_group_field]),
    plugins=[task_width_plugin, hot_keys_plugin],
)
