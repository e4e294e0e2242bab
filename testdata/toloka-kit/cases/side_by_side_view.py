# examples/4.ranking/side_by_side_image_comparision: keyword arguments only, config=TemplateBuilder(...)
main_interface = tb.SideBySideLayoutV1(
    items=[
        tb.ImageViewV1(url=tb.InputData(path='image_left'), full_height=True),
        tb.ImageViewV1(url=tb.InputData(path='image_right'), full_height=True),
    ],
    controls=tb.ButtonRadioGroupFieldV1(
        data=tb.OutputData(path='result'),
        label='Which icon do you like more?',
        options=[
            tb.GroupFieldOption(label='Left', value='LEFT'),
            tb.GroupFieldOption(label='Right', value='RIGHT'),
            tb.GroupFieldOption(label='Loading error', value='ERROR'),
        ]
    )
)
hot_keys_plugin = tb.HotkeysPluginV1(
    key_0=tb.SetActionV1(data=tb.OutputData(path='result'), payload='ERROR'),
    key_1=tb.SetActionV1(data=tb.OutputData(path='result'), payload='LEFT'),
    key_2=tb.SetActionV1(data=tb.OutputData(path='result'), payload='RIGHT'),
)
result = toloka.project.view_spec.TemplateBuilderViewSpec(
    config=tb.TemplateBuilder(
        view=main_interface,
        plugins=[hot_keys_plugin],
    )
)
