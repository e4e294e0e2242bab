# Every field specification
result = toloka.project.task_spec.TaskSpec(
    input_spec={
        'b': toloka.project.BooleanSpec(allowed_values=[True]),
        's': toloka.project.StringSpec(min_length=1, max_length=100, hidden=True),
        'i': toloka.project.IntegerSpec(min_value=0, max_value=10, allowed_values=[1, 2, 3]),
        'f': toloka.project.FloatSpec(min_value=0.5, max_value=9.5),
        'u': toloka.project.UrlSpec(required=False),
        'c': toloka.project.CoordinatesSpec(current_location=False),
        'j': toloka.project.JsonSpec(),
    },
    output_spec={
        'file': toloka.project.FileSpec(),
        'ab': toloka.project.ArrayBooleanSpec(min_size=1),
        'as': toloka.project.ArrayStringSpec(max_size=5, allowed_values=['a', 'b']),
        'ai': toloka.project.ArrayIntegerSpec(min_value=1),
        'af': toloka.project.ArrayFloatSpec(max_value=1.5),
        'au': toloka.project.ArrayUrlSpec(),
        'afile': toloka.project.ArrayFileSpec(max_size=3),
        'ac': toloka.project.ArrayCoordinatesSpec(current_location=True),
    },
    view_spec=toloka.project.ClassicViewSpec(
        markup='<p>{{s}}</p>', script='exports.Task = extend(TolokaHandlebarsTask, {});', styles='p {}',
        assets=toloka.project.ClassicViewSpec.Assets(script_urls=['$TOLOKA_ASSETS/js/toloka-handlebars-templates.js']),
        settings=toloka.project.view_spec.ViewSpec.Settings(show_skip=False, show_title=True),
    ),
)
