# Captcha, training and users assessment collectors with their conditions
qc = toloka.quality_control.QualityControl(captcha_frequency='LOW')
qc.add_action(
    collector=toloka.collectors.Captcha(),
    conditions=[toloka.conditions.SuccessRate < 60, toloka.conditions.StoredResultsCount >= 3],
    action=toloka.actions.RestrictionV2(scope='ALL_PROJECTS', duration=2, duration_unit='HOURS'),
)
qc.add_action(
    collector=toloka.collectors.Training(),
    conditions=[toloka.conditions.NextAssignmentAvailable == False, toloka.conditions.SubmittedAssignmentsCount > 3, toloka.conditions.IncorrectAnswersRate > 50],
    action=toloka.actions.SetSkill(skill_id='42', skill_value=0),
)
qc.add_action(
    collector=toloka.collectors.UsersAssessment(),
    conditions=[toloka.conditions.PoolAccessRevokedReason == 'RESTRICTION', toloka.conditions.SkillId == '42'],
    action=toloka.actions.ChangeOverlap(delta=2),
)
qc.add_action(
    collector=toloka.collectors.AssignmentsAssessment(),
    conditions=[toloka.conditions.PendingAssignmentsCount < 1, toloka.conditions.AcceptedAssignmentsCount >= 2, toloka.conditions.RejectedAssignmentsCount == 0],
    action=toloka.actions.ChangeOverlap(delta=-1, open_pool=False),
)
result = qc
