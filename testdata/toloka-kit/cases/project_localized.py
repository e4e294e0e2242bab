# A project with translations and quality control of its own
project = toloka.Project(
    public_name='Cats vs dogs',
    public_description='A simple image classification',
    public_instructions='Determine which animal is in an image',
    private_comment='demo',
    max_active_assignments_count=5,
    assignments_automerge_enabled=True,
    metadata={'source': ['notebook']},
    task_spec=toloka.project.task_spec.TaskSpec(
        input_spec={'image': toloka.project.UrlSpec()},
        output_spec={'result': toloka.project.StringSpec(allowed_values=['cat', 'dog'])},
        view_spec=toloka.project.TemplateBuilderViewSpec(view=tb.ImageViewV1(tb.InputData('image'))),
    ),
    quality_control=toloka.quality_control.QualityControl(captcha_frequency='LOW'),
)
project.set_default_language('EN')
project.add_requester_translation(language='RU', public_name='Кошки или собаки', public_description='Простая классификация изображений')
project.add_requester_translation(language='RU', public_instructions='Определите, какое животное изображено')
result = project
