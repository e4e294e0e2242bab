# Fast answers and majority vote, with a collector uuid
qc = toloka.quality_control.QualityControl()
qc.add_action(
    collector=toloka.collectors.AssignmentSubmitTime(fast_submit_threshold_seconds=5, uuid='6e6b1d2c-6cfb-4d4b-9bd5-0f5ad9d7f3e1'),
    conditions=[toloka.conditions.TotalSubmittedCount > 10, toloka.conditions.FastSubmittedCount > 3],
    action=toloka.actions.RejectAllAssignments(public_comment='Too fast'),
)
qc.add_action(
    collector=toloka.collectors.MajorityVote(answer_threshold=3),
    conditions=[toloka.conditions.IncorrectAnswersRate > 40],
    action=toloka.actions.SetSkillFromOutputField(skill_id='5', from_field='correct_answers_rate'),
)
result = qc
