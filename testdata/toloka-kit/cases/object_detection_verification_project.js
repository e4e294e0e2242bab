// examples/1.computer_vision/object_detection: input and output specifications with allowed values
result = toloka.project.task_spec.TaskSpec({
  input_spec: {
    image: toloka.project.UrlSpec(),
    selection: toloka.project.JsonSpec(),
    assignment_id: toloka.project.StringSpec(),
  },
  output_spec: {result: toloka.project.StringSpec({allowed_values: ['OK', 'BAD']})},
  view_spec: toloka.project.TemplateBuilderViewSpec({view: tb.TextViewV1('x')}),
});
