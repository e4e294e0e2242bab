# examples/7.survey/simplest_survey: part of the questionnaire
work_mode_field = tb.RadioGroupFieldV1(
    tb.OutputData('workmode'),
    [
        tb.GroupFieldOption('office', 'Office'),
        tb.GroupFieldOption('home', 'Home office'),
    ],
    label='Where do you work?',
    validation=tb.RequiredConditionV1(hint='Select an option'),
)
cope_field = tb.CheckboxGroupFieldV1(
    tb.OutputData('coping'),
    [
        tb.GroupFieldOption('family', 'Spending time with family'),
        tb.GroupFieldOption('sleeping', 'Sleeping'),
        tb.GroupFieldOption('none', 'None of the above'),
    ],
    label='How do you cope with stress? You can select several options',
    validation=tb.RequiredConditionV1(hint='Choose one or more options'),
)
result = toloka.project.TemplateBuilderViewSpec(
    view=tb.ListViewV1([work_mode_field, cope_field]),
    plugins=[tb.TolokaPluginV1(kind='scroll', task_width=500)],
)
