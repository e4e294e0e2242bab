# examples/1.computer_vision/object_detection: checking the areas of another project
result = toloka.project.TemplateBuilderViewSpec(
    view=tb.ListViewV1(
        [
            tb.ImageAnnotationFieldV1(
                tb.InternalData('selection', default=tb.InputData('selection')),
                tb.InputData('image'),
                disabled=True
            ),
            tb.RadioGroupFieldV1(
                tb.OutputData('result'),
                [
                    tb.GroupFieldOption('OK', 'Yes'),
                    tb.GroupFieldOption('BAD', 'No'),
                ],
                label='Are all traffic signs outlined correctly?',
                validation=tb.RequiredConditionV1()
            )
        ]
    ),
    plugins=[
        tb.HotkeysPluginV1(
            key_1=tb.SetActionV1(tb.OutputData('result'), 'OK'),
            key_2=tb.SetActionV1(tb.OutputData('result'), 'BAD')
        )
    ]
)
