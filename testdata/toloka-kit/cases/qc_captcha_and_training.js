// Captcha, training and users assessment collectors with their conditions
const {collectors, conditions, actions} = toloka;
const qc = toloka.quality_control.QualityControl({captcha_frequency: 'LOW'});
qc.addAction({
  collector: collectors.Captcha(),
  conditions: [conditions.SuccessRate.lt(60), conditions.StoredResultsCount.gte(3)],
  action: actions.RestrictionV2({scope: 'ALL_PROJECTS', duration: 2, duration_unit: 'HOURS'}),
});
qc.addAction({
  collector: collectors.Training(),
  conditions: [conditions.NextAssignmentAvailable.eq(false), conditions.SubmittedAssignmentsCount.gt(3), conditions.IncorrectAnswersRate.gt(50)],
  action: actions.SetSkill({skill_id: '42', skill_value: 0}),
});
qc.addAction({
  collector: collectors.UsersAssessment(),
  conditions: [conditions.PoolAccessRevokedReason.eq('RESTRICTION'), conditions.SkillId.eq('42')],
  action: actions.ChangeOverlap({delta: 2}),
});
qc.addAction({
  collector: collectors.AssignmentsAssessment(),
  conditions: [conditions.PendingAssignmentsCount.lt(1), conditions.AcceptedAssignmentsCount.gte(2), conditions.RejectedAssignmentsCount.eq(0)],
  action: actions.ChangeOverlap({delta: -1, open_pool: false}),
});
result = qc;
