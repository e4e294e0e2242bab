// examples/7.survey/simplest_survey: accept by a control question, a skill from an output statistic, overlap on rejects
const qc = new toloka.quality_control.QualityControl();
qc.add_action({
  collector: toloka.collectors.GoldenSet({history_size: 1}),
  conditions: [toloka.conditions.GoldenSetCorrectAnswersRate.eq(100)],
  action: toloka.actions.ApproveAllAssignments(),
});
qc.add_action({
  collector: toloka.collectors.GoldenSet({history_size: 1}),
  conditions: [toloka.conditions.TotalAnswersCount.gt(0)],
  action: toloka.actions.SetSkillFromOutputField({
    skill_id: '12345',
    from_field: 'correct_answers_rate',
  }),
});
qc.add_action({
  collector: toloka.collectors.AssignmentsAssessment(),
  conditions: [toloka.conditions.AssessmentEvent.eq(toloka.conditions.AssessmentEvent.REJECT)],
  action: toloka.actions.ChangeOverlap({delta: 1, open_pool: true}),
});
result = qc;
