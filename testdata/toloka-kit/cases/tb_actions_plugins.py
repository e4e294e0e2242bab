# Template Builder actions and plugins: notify, bulk, toggle, rotate, open-close, image annotation hotkeys
result = toloka.project.TemplateBuilderViewSpec(
    view=tb.ListViewV1([
        tb.ImageViewV1(tb.InputData('image'), rotatable=True, popup=False, no_lazy_load=True, max_width=800),
        tb.ActionButtonViewV1(tb.BulkActionV1([tb.NotifyActionV1(tb.NotifyActionV1.Payload('Saved', 'success', delay=100, duration=2000)), tb.ToggleActionV1(tb.InternalData('shown'))]), label='Save'),
        tb.ImageAnnotationFieldV1(tb.OutputData('areas'), tb.InputData('image'), labels=[tb.ImageAnnotationFieldV1.Label('Car', 'car')], shapes={'polygon': True, 'point': False}, min_width=100),
        tb.MapViewV1('37.6,55.7', markers=[tb.MapViewV1.Marker('37.6,55.7', color='red', label='A')], polygons=[tb.MapViewV1.Polygon(['1,1', '2,2', '3,1'], color='blue')], zoom=10),
    ]),
    plugins=[
        tb.HotkeysPluginV1(key_r=tb.RotateActionV1('view.items.0', 'right'), key_o=tb.OpenCloseActionV1('view.items.0'), key_up=tb.OpenLinkActionV1('https://example.com')),
        tb.ImageAnnotationHotkeysPluginV1(cancel='s', confirm='a', labels=['1'], point='p', polygon='g'),
        tb.TriggerPluginV1(on_change_of=tb.OutputData('areas'), condition=tb.EqualsConditionV1(tb.OutputData('areas'), []), action=tb.SetActionV1(tb.InternalData('empty'), True)),
        tb.TolokaPluginV1('pager', notifications=[tb.TextViewV1('Read the instructions')]),
    ],
    core_version='1.0.0',
    infer_data_spec=True,
)
