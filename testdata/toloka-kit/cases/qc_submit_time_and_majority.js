// Fast answers and majority vote, with a collector uuid
const {collectors, conditions, actions} = toloka;
const qc = toloka.quality_control.QualityControl();
qc.addAction({
  collector: collectors.AssignmentSubmitTime({fast_submit_threshold_seconds: 5, uuid: '6e6b1d2c-6cfb-4d4b-9bd5-0f5ad9d7f3e1'}),
  conditions: [conditions.TotalSubmittedCount.gt(10), conditions.FastSubmittedCount.gt(3)],
  action: actions.RejectAllAssignments({public_comment: 'Too fast'}),
});
qc.addAction({
  collector: collectors.MajorityVote({answer_threshold: 3}),
  conditions: [conditions.IncorrectAnswersRate.gt(40)],
  action: actions.SetSkillFromOutputField({skill_id: '5', from_field: 'correct_answers_rate'}),
});
result = qc;
