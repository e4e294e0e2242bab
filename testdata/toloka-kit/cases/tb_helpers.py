# Template Builder helpers and conditions: switch, transform, replace, search query, entries, text transform, vars and $ref
result = toloka.project.TemplateBuilderViewSpec(
    view=tb.ListViewV1([
        tb.TextViewV1(tb.SwitchHelperV1([tb.SwitchHelperV1.Case(tb.EmptyConditionV1(tb.InputData('a')), 'empty'), tb.SwitchHelperV1.Case(tb.NotConditionV1(tb.AnyConditionV1([tb.SameDomainConditionV1(tb.InputData('u'), 'https://a.com'), tb.SubArrayConditionV1(tb.InputData('x'), ['a', 'b'])])), 'other')], 'default')),
        tb.TextViewV1(tb.TextTransformHelperV1(tb.ReplaceHelperV1(tb.InputData('t'), 'a', 'b'), 'uppercase')),
        tb.LinkViewV1(tb.SearchQueryHelperV1(tb.InputData('q'), 'google')),
        tb.TextViewV1(tb.JoinHelperV1(tb.ConcatArraysHelperV1([tb.InputData('a'), tb.InputData('b')]), ', ')),
        tb.ListViewV1(tb.TransformHelperV1(tb.TextViewV1(tb.LocalData('item')), tb.InputData('list'))),
        tb.TextViewV1(tb.Entries2ObjectHelperV1([tb.Entries2ObjectHelperV1.Entry('k', 'v')])),
        tb.TextViewV1(tb.Object2EntriesHelperV1(tb.InputData('obj'))),
        tb.TextViewV1(tb.TranslateHelperV1('greeting')),
        tb.ImageViewV1(tb.YandexDiskProxyHelperV1('/photos/1.jpg')),
        tb.TextViewV1(tb.RefComponent('vars.title')),
    ], validation=tb.LinkOpenedConditionV1(tb.InputData('u'), hint='open the link')),
    vars={'title': 'A title'},
)
