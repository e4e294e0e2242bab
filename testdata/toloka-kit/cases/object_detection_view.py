# examples/1.computer_vision/object_detection: rectangles on an image
result = toloka.project.TemplateBuilderViewSpec(
    view=tb.ImageAnnotationFieldV1(
        tb.OutputData('result'),
        tb.InputData('image'),
        shapes={'rectangle': True},
        validation=tb.RequiredConditionV1(hint='Please select an area')
    )
)
