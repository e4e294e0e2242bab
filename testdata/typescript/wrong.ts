// Misspellings the declarations must refuse (each line is one): the test wants
// tsc to report every line marked WRONG.
const tb2 = require('toloka/template_builder');
const m = require('toloka');
m.collectors.GOLDENSET();                                   // WRONG GOLDENSET
m.conditions.FailRate.gt('twenty');                          // WRONG twenty
m.Pool().setMixerConfig({real_task_count: 9});                // WRONG real_task_count
m.Pool().setCaptchaFrequency('MEDIUMISH');                    // WRONG MEDIUMISH
m.filter.Languages.in('EN', {verifed: true});                 // WRONG verifed
m.project.TemplateBuilderViewSpec({config: 42});              // WRONG config
tb2.ImageViewV1(tb2.InputData('x'), {fullheight: true});      // WRONG fullheight
m.actions.RestrictionV2({scope: 'PROJECTS'});                 // WRONG PROJECTS
const notAFrame: DataFrame = toloka.getAssignmentsDf('1', {out: 'a.csv'}); // WRONG out gives the file's path
toloka.async.getAssignmentsDf('1', {out: 'a.csv'}).then((df: DataFrame) => df.length); // WRONG a Promise of the path
