# Rejected answers: restrict for a while (Restriction, the older action)
qc = toloka.quality_control.QualityControl()
qc.add_action(
    collector=toloka.collectors.AcceptanceRate(history_size=20),
    conditions=[toloka.conditions.AcceptedAssignmentsRate < 50, toloka.conditions.TotalAssignmentsCount >= 5],
    action=toloka.actions.Restriction(scope='POOL', duration_days=3, private_comment='too many rejects'),
)
qc.add_action(
    collector=toloka.collectors.AcceptanceRate(history_size=20),
    conditions=[toloka.conditions.RejectedAssignmentsRate > 80],
    action=toloka.actions.RejectAllAssignments(public_comment='Most of your answers were wrong'),
)
result = qc
