# Template Builder layouts and views beside the notebooks: columns, compare, bars, collapse, device frame, iframe, video, labeled list
result = tb.TemplateBuilder(
    view=tb.ColumnsLayoutV1(
        [
            tb.CompareLayoutV1(
                tb.TextFieldV1(tb.OutputData('why')),
                [tb.CompareLayoutItem(tb.ImageViewV1(tb.InputData('a')), tb.CheckboxFieldV1(tb.OutputData('a_ok'), preserve_false=True))],
                wide_common_controls=True,
            ),
            tb.BarsLayoutV1(
                tb.CollapseViewV1(tb.DeviceFrameViewV1(tb.IframeViewV1('https://example.com', ratio=[16, 9]), full_height=True), label='More', default_opened=False),
                bar_before=tb.LabeledListViewV1([tb.LabeledListViewV1.Item(tb.VideoViewV1(tb.InputData('video')), 'Video', center_label=True)]),
                bar_after=tb.GroupViewV1(tb.LinkViewV1('https://toloka.ai', content='Toloka'), hint='a link'),
            ),
        ],
        ratio=[1, 2],
        vertical_align='top',
        full_height=True,
    ),
)
