package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

// TestReview tests Review as code that uses the client is tested: against
// an emulator on a loopback port that emulatortest starts for this test
// (its simulated Tolokers take milliseconds an assignment) and stops when
// it ends. No token, no network, no mock.
func TestReview(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{Seed: 7})
	c, err := client.New("any-token", client.WithURL(em.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	poolID := closedPool(t, ctx, c, 20)

	s, err := Review(ctx, c, poolID, "label")
	if err != nil {
		t.Fatal(err)
	}
	if s.Accepted+s.Rejected != 60 || s.Accepted == 0 || s.Rejected == 0 {
		t.Fatalf("want 60 assignments reviewed, some of each: %+v", s)
	}

	// Every decision agrees with the majority, counted here on its own.
	votes := map[string]map[string]int{}
	var all []*client.Assignment
	for a, err := range c.Assignments(ctx, client.AssignmentFilter{PoolID: poolID}) {
		if err != nil {
			t.Fatal(err)
		}
		if a.Status == client.AssignmentSkipped || a.Status == client.AssignmentExpired {
			continue // the crowd's mishaps: no answer to vote with, nothing to review
		}
		all = append(all, a)
		for i, task := range a.Tasks {
			if votes[task.ID] == nil {
				votes[task.ID] = map[string]int{}
			}
			votes[task.ID][labelOf(a, i, "label")]++
		}
	}
	majority := func(task string) string {
		labels := slices.Sorted(maps.Keys(votes[task]))
		best := labels[0] // a tie goes to the label that sorts first
		for _, l := range labels {
			if votes[task][l] > votes[task][best] {
				best = l
			}
		}
		return best
	}
	for _, a := range all {
		agrees := true
		for i, task := range a.Tasks {
			agrees = agrees && labelOf(a, i, "label") == majority(task.ID)
		}
		switch {
		case a.Status == "ACCEPTED" && agrees:
		case a.Status == "REJECTED" && !agrees && strings.Contains(a.PublicComment, "Most Tolokers answered"):
		default:
			t.Errorf("assignment %s is %s (%q), agreeing with the majority: %v", a.ID, a.Status, a.PublicComment, agrees)
		}
	}

	// Nothing is left to review: a second review does nothing.
	if again, err := Review(ctx, c, poolID, "label"); err != nil || again != (Summary{}) {
		t.Errorf("a second review: %+v %v", again, err)
	}
}

// closedPool makes a pool of n images with overlap 3 that does not accept
// work by itself, and waits until the emulator's crowd has done it all.
func closedPool(t *testing.T, ctx context.Context, c *client.Client, n int) string {
	t.Helper()
	project, err := c.CreateProject(ctx, &client.Project{
		PublicName: "Cat or dog?", PublicDescription: "Say what is in the picture.", AssignmentsIssuingType: "AUTOMATED",
		TaskSpec: &client.TaskSpec{
			InputSpec:  map[string]*client.FieldSpec{"image": {Type: "url"}},
			OutputSpec: map[string]*client.FieldSpec{"label": {Type: "string", AllowedValues: client.List{"cat", "dog"}}},
			ViewSpec:   &client.ViewSpec{Type: "classic", Markup: "{{img src=image}}"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	pool := client.NewPool()
	pool.ProjectID, pool.PrivateName = project.ID, "review test"
	pool.MayContainAdultContent, pool.AutoAcceptSolutions = client.Ptr(false), client.Ptr(false)
	pool.RewardPerAssignment, pool.AssignmentMaxDurationSeconds = client.MustDecimal("0.01"), client.Ptr(600)
	pool.WillExpire = client.TimestampOf(time.Now().Add(time.Hour))
	pool.SetDefaults(client.PoolDefaults{DefaultOverlapForNewTasks: client.Ptr(3), DefaultOverlapForNewTaskSuites: client.Ptr(3)})
	if pool, err = c.CreatePool(ctx, pool); err != nil {
		t.Fatal(err)
	}
	var tasks []*client.Task
	for i := range n {
		tasks = append(tasks, &client.Task{PoolID: pool.ID, InputValues: client.Values{"image": fmt.Sprintf("https://example.com/%d.jpg", i)}})
	}
	if _, err := c.CreateTasks(ctx, tasks, client.AllowDefaults(), client.OpenPoolAfter()); err != nil {
		t.Fatal(err)
	}
	if err := waitClosed(ctx, c, pool.ID); err != nil {
		t.Fatal(err)
	}
	return pool.ID
}
