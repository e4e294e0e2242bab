package emulator_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/actions"
	"github.com/tolokash/tolokash/client/collectors"
	"github.com/tolokash/tolokash/client/conditions"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

func newClient(t *testing.T, run *emulator.Running) *client.Client {
	t.Helper()
	c, err := client.New("local-token", client.WithURL(run.URL), client.WithPollInterval(2*time.Millisecond),
		client.WithBackoff(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ptr[T any](v T) *T { return &v }

// TestWorkflow is a requester's whole day through the Go client over loopback HTTP.
func TestWorkflow(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{Seed: 7, Workers: 4})
	c := newClient(t, run)
	ctx := context.Background()

	before, err := c.GetRequester(ctx)
	if err != nil {
		t.Fatal(err)
	}
	project, err := c.CreateProject(ctx, &client.Project{PublicName: "Sentiment", PublicDescription: "pos or neg",
		TaskSpec: &client.TaskSpec{
			InputSpec:  map[string]*client.FieldSpec{"text": {Type: "string"}},
			OutputSpec: map[string]*client.FieldSpec{"label": {Type: "string", AllowedValues: []any{"pos", "neg"}}},
			ViewSpec:   &client.ViewSpec{Type: "classic", Markup: "{{text}}"}}})
	if err != nil {
		t.Fatal(err)
	}
	skill, err := c.CreateSkill(ctx, &client.Skill{Name: "accuracy"})
	if err != nil {
		t.Fatal(err)
	}
	pool, err := c.CreatePool(ctx, &client.Pool{ProjectID: project.ID, PrivateName: "day one", MayContainAdultContent: ptr(false),
		RewardPerAssignment: client.MustDecimal("0.05"), AssignmentMaxDurationSeconds: ptr(600), WillExpire: "2030-01-01T00:00:00",
		Defaults: &client.PoolDefaults{DefaultOverlapForNewTasks: ptr(3), DefaultOverlapForNewTaskSuites: ptr(1)}, AutoAcceptSolutions: ptr(false),
		QualityControl: &client.QualityControl{Configs: []*client.QualityControlConfig{{CollectorConfig: collectors.GoldenSet{},
			Rules: []*client.QualityRule{{Conditions: []client.RuleCondition{conditions.TotalAnswersCount.Gte(3)},
				Action: actions.RestrictionV2{Scope: actions.UserRestrictionScopeProject, DurationUnit: actions.DurationUnitPermanent}}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if pool.Status != client.PoolClosed || pool.RewardPerAssignment.String() != "0.05" {
		t.Fatalf("new pool %+v", pool)
	}
	if _, err := c.OpenPool(ctx, pool.ID); !errors.Is(err, client.ErrIncorrectAction) || !strings.Contains(err.Error(), "EMPTY_POOL") {
		t.Fatalf("opening an empty pool: %v", err)
	}

	var tasks []*client.Task
	for i := 0; i < 10; i++ {
		tasks = append(tasks, &client.Task{PoolID: pool.ID, InputValues: map[string]any{"text": fmt.Sprintf("review %d", i)}})
	}
	tasks = append(tasks, &client.Task{PoolID: pool.ID, InputValues: map[string]any{"txt": "typo"}})
	res, err := c.CreateTasks(ctx, tasks, client.AllowDefaults(), client.SkipInvalidItems())
	if err != nil {
		t.Fatal(err)
	}
	var refused *client.ItemError
	if len(res.Items) != 11 || res.Items[9] == nil || res.Items[10] != nil || !errors.As(res.Errors[10], &refused) ||
		refused.Fields["input_values.txt"].Code != "VALUE_NOT_ALLOWED" {
		t.Fatalf("async create: %d items, errors %v", len(res.Items), res.Err())
	}
	sync, err := c.CreateTasks(ctx, []*client.Task{{PoolID: pool.ID, InputValues: map[string]any{"text": "sync"}, Overlap: ptr(2)}}, client.SyncMode())
	if err != nil || len(sync.Items) != 1 || *sync.Items[0].Overlap != 2 {
		t.Fatalf("sync create: %+v %v", sync, err)
	}
	if _, err := c.CreateTasks(ctx, []*client.Task{{PoolID: pool.ID, InputValues: map[string]any{}}}); !errors.Is(err, client.ErrValidation) {
		t.Fatalf("an all-invalid batch must be a validation error, got %v", err)
	}

	opened, err := c.OpenPool(ctx, pool.ID)
	if err != nil || opened.Status != client.PoolOpen {
		t.Fatalf("open: %+v %v", opened, err)
	}
	// Simulated Tolokers: 11 tasks × overlap (3, and 2 for one) = 32 assignments, then the pool closes.
	deadline := time.Now().Add(10 * time.Second)
	for {
		p, err := c.GetPool(ctx, pool.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status == client.PoolClosed {
			if p.LastCloseReason != "COMPLETED" {
				t.Fatalf("closed for %s", p.LastCloseReason)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the simulated Tolokers did not finish the pool")
		}
		time.Sleep(10 * time.Millisecond)
	}
	var submitted []*client.Assignment
	for a, err := range c.Assignments(ctx, client.AssignmentFilter{PoolID: pool.ID, Status: []client.AssignmentStatus{client.AssignmentSubmitted}}, client.BatchSize(7)) {
		if err != nil {
			t.Fatal(err)
		}
		submitted = append(submitted, a)
	}
	if len(submitted) != 32 {
		t.Fatalf("%d submitted assignments, want 32", len(submitted))
	}
	for _, a := range submitted[:30] {
		if _, err := c.AcceptAssignment(ctx, a.ID, "thanks"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.RejectAssignment(ctx, submitted[30].ID, "wrong"); err != nil {
		t.Fatal(err)
	}
	// A rejection can be turned into an acceptance (MODELS.md §11.1), not the other way round.
	if a, err := c.AcceptAssignment(ctx, submitted[30].ID, "changed my mind"); err != nil || a.Status != "ACCEPTED" {
		t.Fatalf("accepting a rejected assignment: %+v %v", a, err)
	}
	if _, err := c.RejectAssignment(ctx, submitted[0].ID, "changed my mind"); !errors.Is(err, client.ErrIncorrectAction) {
		t.Fatalf("rejecting an accepted assignment: %v", err)
	}
	after, _ := c.GetRequester(ctx)
	spent := new(big.Rat).Sub(before.Balance.Rat(), after.Balance.Rat())
	if spent.Cmp(big.NewRat(155, 100)) != 0 {
		t.Fatalf("31 accepted × 0.05 must cost 1.55, the balance went %s → %s", before.Balance, after.Balance)
	}

	// Skills weight the aggregation; bonuses are paid once per operation id.
	if _, err := c.SetUserSkill(ctx, &client.SetUserSkillRequest{SkillID: skill.ID, UserID: submitted[0].UserID, Value: client.MustDecimal("90")}); err != nil {
		t.Fatal(err)
	}
	op, err := c.AggregateSolutionsByPool(ctx, &client.PoolAggregatedSolutionRequest{Type: "WEIGHTED_DYNAMIC_OVERLAP", PoolID: pool.ID,
		AnswerWeightSkillID: skill.ID, Fields: []*client.AggregationField{{Name: "label"}}})
	if err != nil {
		t.Fatal(err)
	}
	if op, err = c.WaitOperation(ctx, op); err != nil || op.Status != "SUCCESS" {
		t.Fatalf("aggregation: %+v %v", op, err)
	}
	n := 0
	for s, err := range c.AggregatedSolutions(ctx, op.ID, client.AggregatedSolutionFilter{}, client.BatchSize(4)) {
		if err != nil {
			t.Fatal(err)
		}
		if s.OutputValues["label"] != "pos" && s.OutputValues["label"] != "neg" {
			t.Fatalf("aggregated %+v", s)
		}
		n++
	}
	if n != 11 {
		t.Fatalf("%d aggregated solutions, want 11", n)
	}
	bonus := []*client.UserBonus{{UserID: submitted[0].UserID, Amount: client.MustDecimal("0.50"), AssignmentID: submitted[0].ID,
		PublicTitle: map[string]string{"EN": "Thanks"}, PublicMessage: map[string]string{"EN": "Great"}}}
	opID := "5e6b7c1a-0000-4000-8000-000000000001"
	if _, err := c.CreateUserBonuses(ctx, bonus, client.OperationID(opID)); err != nil {
		t.Fatal(err)
	}
	again, err := c.CreateUserBonuses(ctx, bonus, client.OperationID(opID))
	if err != nil || len(again.Items) != 1 {
		t.Fatalf("the same operation id again carries on with the first operation: %+v %v", again, err)
	}
	count := 0
	for _, err := range c.UserBonuses(ctx, client.UserBonusFilter{UserID: submitted[0].UserID}) {
		if err != nil {
			t.Fatal(err)
		}
		count++
	}
	if count != 1 {
		t.Fatalf("%d bonuses paid, want 1", count)
	}

	// The TSV export says APPROVED for accepted work.
	body, err := c.AssignmentsTSV(ctx, pool.ID, client.AssignmentsTSVFilter{Status: []client.AssignmentsTSVStatus{client.AssignmentsTSVApproved, client.AssignmentsTSVRejected}})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(body)
	body.Close()
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = '\t'
	rows, err := r.ReadAll()
	if err != nil || len(rows) != 32 || rows[0][0] != "INPUT:text" || !strings.Contains(strings.Join(rows[0], " "), "ASSIGNMENT:worker_id") {
		t.Fatalf("export: %d rows, header %v, %v", len(rows), rows[0], err)
	}

	if _, err := c.ArchiveProject(ctx, project.ID); !errors.Is(err, client.ErrIncorrectAction) {
		t.Fatalf("archiving a project with a live pool: %v", err)
	}
	if archived, err := c.ArchivePool(ctx, pool.ID); err != nil || archived.Status != client.PoolArchived {
		t.Fatalf("archive: %+v %v", archived, err)
	}
	if p, err := c.ArchiveProject(ctx, project.ID); err != nil || p.Status != client.ProjectArchived {
		t.Fatalf("archive project: %+v %v", p, err)
	}
}

// TestPaging100kTasks pages 100k tasks by id_gt and sees each once, in order.
func TestPaging100kTasks(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	run := emulatortest.Start(t, emulator.Options{})
	c := newClient(t, run)
	ctx := context.Background()
	project, _ := c.CreateProject(ctx, &client.Project{PublicName: "p", TaskSpec: &client.TaskSpec{
		InputSpec: map[string]*client.FieldSpec{"n": {Type: "integer"}}, OutputSpec: map[string]*client.FieldSpec{"ok": {Type: "boolean"}}}})
	pool, err := c.CreatePool(ctx, &client.Pool{ProjectID: project.ID, PrivateName: "big", MayContainAdultContent: ptr(false),
		RewardPerAssignment: client.MustDecimal("0.01"), AssignmentMaxDurationSeconds: ptr(60), WillExpire: "2030-01-01T00:00:00",
		Defaults: &client.PoolDefaults{DefaultOverlapForNewTaskSuites: ptr(1)}})
	if err != nil {
		t.Fatal(err)
	}
	const total = 100_000
	for start := 0; start < total; start += 10_000 {
		var batch []*client.Task
		for i := start; i < start+10_000; i++ {
			batch = append(batch, &client.Task{PoolID: pool.ID, Overlap: ptr(1), InputValues: map[string]any{"n": i}})
		}
		if _, err := c.CreateTasksAsync(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	prev, n := "", 0
	for task, err := range c.Tasks(ctx, client.TaskFilter{PoolID: pool.ID}, client.BatchSize(5000)) {
		if err != nil {
			t.Fatal(err)
		}
		if task.ID <= prev {
			t.Fatalf("task %d: %s after %s", n, task.ID, prev)
		}
		prev = task.ID
		n++
	}
	if n != total {
		t.Fatalf("iterated %d tasks, want %d", n, total)
	}
}

func TestStateSurvivesARestart(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{Demo: true})
	c := newClient(t, run)
	ctx := context.Background()
	skill, err := c.CreateSkill(ctx, &client.Skill{Name: "kept"})
	if err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/state.zst"
	if err := run.Server.SaveState(path); err != nil {
		t.Fatal(err)
	}
	run2 := emulatortest.Start(t, emulator.Options{})
	if err := run2.Server.LoadState(path); err != nil {
		t.Fatal(err)
	}
	c2 := newClient(t, run2)
	got, err := c2.GetSkill(ctx, skill.ID)
	if err != nil || got.Name != "kept" {
		t.Fatalf("after restore: %+v %v", got, err)
	}
	page, err := c2.FindPools(ctx, client.PoolFilter{})
	if err != nil || len(page.Items) != 1 || page.Items[0].PrivateName != "demo pool" {
		t.Fatalf("demo pool after restore: %+v %v", page, err)
	}
	if _, err := c2.CreateSkill(ctx, &client.Skill{Name: "next"}); err != nil {
		t.Fatal(err)
	}
}
