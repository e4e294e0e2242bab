// Template Builder fields: date, number, email, phone, select, textarea, file, audio, list, text annotation with its hotkeys
result = toloka.project.TemplateBuilderViewSpec({
  view: tb.ListViewV1([
    tb.DateFieldV1(tb.OutputData('date'), 'date-time', {min: '2020-01-01', block_list: ['2020-01-02']}),
    tb.NumberFieldV1(tb.OutputData('n'), {minimum: 0, maximum: 10, placeholder: '0-10'}),
    tb.EmailFieldV1(tb.OutputData('email'), {placeholder: 'you@example.com'}),
    tb.PhoneNumberFieldV1(tb.OutputData('phone'), {placeholder: '+1'}),
    tb.SelectFieldV1(tb.OutputData('size'), [tb.SelectFieldV1.Option('Small', 's'), tb.SelectFieldV1.Option('Large', 'l')]),
    tb.TextareaFieldV1(tb.OutputData('comment'), {rows: 3, resizable: false}),
    tb.FileFieldV1(tb.OutputData('files'), ['image/*', '.pdf'], {multiple: true}),
    tb.AudioFieldV1(tb.OutputData('voice'), {multiple: false}),
    tb.ListFieldV1(tb.OutputData('items'), tb.TextFieldV1(tb.RelativeData('name')), {button_label: 'Add', max_length: 5, direction: 'horizontal', size: 's', editable: true}),
    tb.TextAnnotationFieldV1(tb.OutputData('spans'), {content: tb.InputData('text'), labels: [tb.TextAnnotationFieldV1.Label('Person', 'PER'), tb.TextAnnotationFieldV1.Label('Place', 'LOC')]}),
    tb.ButtonRadioFieldV1(tb.OutputData('done'), true, {label: 'Done'}),
  ]),
  plugins: [tb.TextAnnotationHotkeysPluginV1(['p', 'l'], 'r')],
  settings: toloka.project.view_spec.ViewSpec.Settings({show_submit: true, show_timer: false}),
});
