// Rejected answers: restrict for a while (Restriction, the older action)
const {collectors, conditions, actions} = toloka;
const qc = toloka.quality_control.QualityControl();
qc.addAction({
  collector: collectors.AcceptanceRate({history_size: 20}),
  conditions: [conditions.AcceptedAssignmentsRate.lt(50), conditions.TotalAssignmentsCount.gte(5)],
  action: actions.Restriction({scope: 'POOL', duration_days: 3, private_comment: 'too many rejects'}),
});
qc.addAction({
  collector: collectors.AcceptanceRate({history_size: 20}),
  conditions: [conditions.RejectedAssignmentsRate.gt(80)],
  action: actions.RejectAllAssignments({public_comment: 'Most of your answers were wrong'}),
});
result = qc;
