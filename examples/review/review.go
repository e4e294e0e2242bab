package main

import (
	"context"
	"fmt"

	"github.com/tolokash/tolokash/aggregation"
	"github.com/tolokash/tolokash/client"
)

// Summary is what a review did.
type Summary struct {
	Accepted, Rejected int
}

// Review reviews the submitted work of a pool against the crowd: an
// assignment whose every answer agrees with the majority of the answers to
// its task is accepted, any other rejected with a comment saying what the
// majority answered. Answers to a task are read from its submitted and
// accepted assignments alike, so a second review decides as the first did.
// field is the output field holding the label.
func Review(ctx context.Context, c *client.Client, poolID, field string) (Summary, error) {
	var submitted []*client.Assignment
	var tasks, workers, labels []string
	for a, err := range c.Assignments(ctx, client.AssignmentFilter{PoolID: poolID, Status: []client.AssignmentStatus{client.AssignmentSubmitted, client.AssignmentAccepted}}) {
		if err != nil {
			return Summary{}, fmt.Errorf("reading the work of pool %s: %w", poolID, err)
		}
		if a.Status == client.AssignmentSubmitted {
			submitted = append(submitted, a)
		}
		for i, task := range a.Tasks {
			tasks = append(tasks, task.ID)
			workers = append(workers, a.UserID)
			labels = append(labels, labelOf(a, i, field))
		}
	}
	if len(submitted) == 0 {
		return Summary{}, nil
	}
	answers, names, err := aggregation.FromStrings(tasks, workers, labels)
	if err != nil {
		return Summary{}, err
	}
	mv := aggregation.NewMajorityVote()
	if err := mv.Fit(ctx, answers, nil); err != nil {
		return Summary{}, err
	}
	majority := map[string]string{} // task id → label
	for t, l := range mv.Labels {
		majority[names.Tasks[t]] = names.Labels[l]
	}

	var s Summary
	for _, a := range submitted {
		comment := ""
		for i, task := range a.Tasks {
			if got, want := labelOf(a, i, field), majority[task.ID]; got != want {
				comment = fmt.Sprintf("Most Tolokers answered %q for %v, not %q.", want, task.InputValues, got)
				break
			}
		}
		if comment == "" {
			if _, err := c.AcceptAssignment(ctx, a.ID, "Thank you!"); err != nil {
				return s, err
			}
			s.Accepted++
			continue
		}
		if _, err := c.RejectAssignment(ctx, a.ID, comment); err != nil {
			return s, err
		}
		s.Rejected++
	}
	return s, nil
}

func labelOf(a *client.Assignment, i int, field string) string {
	if i >= len(a.Solutions) {
		return ""
	}
	return fmt.Sprint(a.Solutions[i].OutputValues[field])
}
