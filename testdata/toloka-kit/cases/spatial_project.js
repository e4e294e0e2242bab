// examples/2.spatial_crowdsourcing: a MAP_SELECTOR project
result = toloka.Project({
  public_name: 'Cleanliness of metro entrances',
  public_description: 'Take two photos of the entrance on the right and on the left.',
  public_instructions: '<p>Go there and take photos.</p>',
  assignments_issuing_type: 'MAP_SELECTOR',
  assignments_issuing_view_config: toloka.Project.AssignmentsIssuingViewConfig({
    title_template: 'Photo metro entrance',
    description_template: '{{inputParams["entrance"]}}',
  }),
  task_spec: toloka.project.task_spec.TaskSpec({
    input_spec: {entrance: toloka.project.StringSpec(), coordinates: toloka.project.CoordinatesSpec()},
    output_spec: {
      verdict: toloka.project.StringSpec({allowed_values: ['ok', 'no_obj']}),
      performer_coordinates: toloka.project.CoordinatesSpec({current_location: true}),
      entrance_images: toloka.project.ArrayFileSpec({required: false}),
    },
    view_spec: toloka.project.TemplateBuilderViewSpec({view: tb.TextViewV1(tb.InputData('entrance'))}),
  }),
});
