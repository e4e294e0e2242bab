# examples/2.spatial_crowdsourcing: if-helpers, media files, links, a distance check and a trigger
header = tb.MarkdownViewV1('# Cleanliness at the entrance to the metro:\n---')
entrance_name = tb.TextViewV1(tb.InputData('entrance'), label='Entrance name:')
workflow_options = tb.ButtonRadioGroupFieldV1(
    tb.OutputData('verdict'),
    [
        tb.GroupFieldOption('ok', 'I found the right entrance'),
        tb.GroupFieldOption('no_obj', 'The required entrance is not there'),
    ],
    validation=tb.RequiredConditionV1(hint='Choose one of the answer options'),
)
example_links = tb.LinkGroupViewV1(
    [
        tb.LinkGroupViewV1.Link('https://example.com/good1.png', 'Example1'),
        tb.LinkGroupViewV1.Link('https://example.com/good2.png', 'Example2'),
    ]
)
image_loader = tb.MediaFileFieldV1(
    tb.OutputData('entrance_images'),
    tb.MediaFileFieldV1.Accept(photo=True, gallery=True),
    multiple=True,
    validation=tb.RequiredConditionV1(hint='There must be at least 2 photos of the entrance'),
)
exist_ui = tb.IfHelperV1(
    tb.EqualsConditionV1('ok', tb.OutputData('verdict')),
    tb.ListViewV1([example_links, image_loader]),
)
coordinates_validation = tb.AllConditionV1(
    [
        tb.RequiredConditionV1(
            tb.OutputData('performer_coordinates'),
            hint="Couldn't get your coordinates. Please enable geolocation.",
        ),
        tb.DistanceConditionV1(
            tb.LocationData(),
            tb.InputData('coordinates'),
            max=500,
            hint='You are too far from the entrance.',
        ),
    ]
)
task_width_plugin = tb.TolokaPluginV1(
    layout = tb.TolokaPluginV1.TolokaPluginLayout('scroll', task_width=400)
)
coordinates_save_plugin = tb.TriggerPluginV1(
    fire_immediately=True,
    action=tb.SetActionV1(
        tb.OutputData('performer_coordinates'),
        tb.LocationData()
    ),
)
result = toloka.project.TemplateBuilderViewSpec(
    view=tb.ListViewV1(
        [header, entrance_name, workflow_options, exist_ui],
        validation=coordinates_validation,
    ),
    plugins=[task_width_plugin, coordinates_save_plugin]
)
