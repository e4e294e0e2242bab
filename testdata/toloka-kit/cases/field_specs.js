// Every field specification
const p = toloka.project;
result = p.task_spec.TaskSpec({
  input_spec: {
    b: p.BooleanSpec({allowed_values: [true]}),
    s: p.StringSpec({min_length: 1, max_length: 100, hidden: true}),
    i: p.IntegerSpec({min_value: 0, max_value: 10, allowed_values: [1, 2, 3]}),
    f: p.FloatSpec({min_value: 0.5, max_value: 9.5}),
    u: p.UrlSpec({required: false}),
    c: p.CoordinatesSpec({current_location: false}),
    j: p.JsonSpec(),
  },
  output_spec: {
    file: p.FileSpec(),
    ab: p.ArrayBooleanSpec({min_size: 1}),
    as: p.ArrayStringSpec({max_size: 5, allowed_values: ['a', 'b']}),
    ai: p.ArrayIntegerSpec({min_value: 1}),
    af: p.ArrayFloatSpec({max_value: 1.5}),
    au: p.ArrayUrlSpec(),
    afile: p.ArrayFileSpec({max_size: 3}),
    ac: p.ArrayCoordinatesSpec({current_location: true}),
  },
  view_spec: p.ClassicViewSpec({
    markup: '<p>{{s}}</p>', script: 'exports.Task = extend(TolokaHandlebarsTask, {});', styles: 'p {}',
    assets: p.ClassicViewSpec.Assets({script_urls: ['$TOLOKA_ASSETS/js/toloka-handlebars-templates.js']}),
    settings: p.view_spec.ViewSpec.Settings({show_skip: false, show_title: true}),
  }),
});
