# examples/0.getting_started/0.learn_the_basics: the project
new_project = toloka.Project(
    public_name='Cat or Dog?',
    public_description='Specify the type of animal depicted in a photo.',
)
input_specification = {'image': toloka.project.UrlSpec()}
output_specification = {'result': toloka.project.StringSpec()}
image_viewer = tb.ImageViewV1(tb.InputData('image'), ratio=[1, 1])
radio_group_field = tb.RadioGroupFieldV1(
    tb.OutputData('result'),
    [tb.fields.GroupFieldOption('cat', 'Cat'), tb.fields.GroupFieldOption('dog', 'Dog')],
    validation=tb.RequiredConditionV1(),
)
project_interface = toloka.project.TemplateBuilderViewSpec(
    view=tb.ListViewV1([image_viewer, radio_group_field]),
    plugins=[tb.TolokaPluginV1('scroll', task_width=400)],
)
new_project.task_spec = toloka.project.task_spec.TaskSpec(
    input_spec=input_specification,
    output_spec=output_specification,
    view_spec=project_interface,
)
new_project.public_instructions = 'Look at the picture. Determine what is on it: a <b>cat</b> or a <b>dog</b>. Choose the correct option.'
result = new_project
