// Command automate is a Toloka job done from Go with the client alone: a
// project with a Template Builder interface, a pool, tasks; the pool opens,
// the program accepts the work as it comes in, and once the pool closes it
// turns the answers into one label per image with crowd-kit's majority vote
// (package aggregation).
//
// Without TOLOKA_TOKEN it runs against an emulator in the process, whose
// simulated Tolokers work fast; with one, against Toloka's sandbox, where
// the work waits for someone to do it in the sandbox's Toloker app (-wait
// says for how long).
//
//	go run ./examples/automate [-tasks 10] [-wait 10m]
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/tolokash/tolokash/aggregation"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/tb"
	"github.com/tolokash/tolokash/emulator"
)

func main() {
	tasks := flag.Int("tasks", 10, "images to label")
	wait := flag.Duration("wait", 10*time.Minute, "how long to wait for the work")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *wait)
	defer cancel()
	if err := run(ctx, os.Stdout, *tasks); err != nil {
		fmt.Fprintln(os.Stderr, "automate:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, n int) error {
	c, poll, stop, err := connect()
	if err != nil {
		return err
	}
	defer stop()

	project, err := c.CreateProject(ctx, catsOrDogs())
	if err != nil {
		return fmt.Errorf("creating the project: %w", err)
	}
	pool := client.NewPool()
	pool.ProjectID = project.ID
	pool.PrivateName = "cats or dogs, from Go"
	pool.MayContainAdultContent = client.Ptr(false)
	pool.RewardPerAssignment = client.MustDecimal("0.01")
	pool.AssignmentMaxDurationSeconds = client.Ptr(600)
	pool.WillExpire = client.TimestampOf(time.Now().Add(24 * time.Hour))
	pool.AutoAcceptSolutions = client.Ptr(false) // this program reviews the work
	pool.SetDefaults(client.PoolDefaults{DefaultOverlapForNewTasks: client.Ptr(3), DefaultOverlapForNewTaskSuites: client.Ptr(3)})
	pool, err = c.CreatePool(ctx, pool)
	if err != nil {
		return fmt.Errorf("creating the pool: %w", err)
	}

	var tasks []*client.Task
	for i := range n {
		tasks = append(tasks, &client.Task{PoolID: pool.ID, InputValues: client.Values{"image": fmt.Sprintf("https://example.com/pets/%02d.jpg", i)}})
	}
	// An operation id of the program's own makes the create safe to run
	// again: a second run with the same id creates nothing twice.
	opID := newUUID()
	created, err := c.CreateTasks(ctx, tasks, client.AllowDefaults(), client.OpenPoolAfter(), client.OperationID(opID))
	if err != nil {
		return fmt.Errorf("creating the tasks: %w", err)
	}
	refused := 0
	for i, err := range created.Errors {
		if err != nil {
			refused++
			fmt.Fprintf(out, "task %d refused: %v\n", i, err)
		}
	}
	fmt.Fprintf(out, "pool %s: %d tasks, %d refused\n", pool.ID, len(created.Items)-refused, refused)

	// Review the work as it comes in, until the pool closes (its tasks all
	// done) or the context ends.
	accepted := 0
	for {
		pool, err = c.GetPool(ctx, pool.ID)
		if err != nil {
			return err
		}
		n, err := acceptSubmitted(ctx, c, pool.ID)
		accepted += n
		if err != nil {
			return err
		}
		if pool.IsClosed() {
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the work on pool %s: %w", pool.ID, ctx.Err())
		case <-time.After(poll):
		}
	}
	fmt.Fprintf(out, "pool %s closed: %d assignments accepted\n", pool.ID, accepted)
	return report(ctx, out, c, pool.ID)
}

// acceptSubmitted accepts every submitted assignment of the pool.
func acceptSubmitted(ctx context.Context, c *client.Client, poolID string) (int, error) {
	accepted := 0
	for a, err := range c.Assignments(ctx, client.AssignmentFilter{PoolID: poolID, Status: []client.AssignmentStatus{client.AssignmentSubmitted}}) {
		if err != nil {
			return accepted, err
		}
		if _, err := c.AcceptAssignment(ctx, a.ID, "Well done"); err != nil {
			if errors.Is(err, client.ErrConflict) {
				continue // accepted meanwhile (by the pool's own rules, say)
			}
			return accepted, err
		}
		accepted++
	}
	return accepted, nil
}

// report aggregates the accepted answers by majority vote and prints one
// label per image.
func report(ctx context.Context, out io.Writer, c *client.Client, poolID string) error {
	var images, workers, labels []string
	for a, err := range c.Assignments(ctx, client.AssignmentFilter{PoolID: poolID, Status: []client.AssignmentStatus{client.AssignmentAccepted}}, client.BatchSize(500)) {
		if err != nil {
			return err
		}
		for i, task := range a.Tasks {
			label, _ := a.Solutions[i].OutputValues["label"].(string)
			images = append(images, fmt.Sprint(task.InputValues["image"]))
			workers = append(workers, a.UserID)
			labels = append(labels, label)
		}
	}
	answers, names, err := aggregation.FromStrings(images, workers, labels)
	if err != nil {
		return err
	}
	mv := aggregation.NewMajorityVote()
	if err := mv.Fit(ctx, answers, nil); err != nil {
		return err
	}
	count := map[string]int{}
	for task, label := range mv.Labels {
		fmt.Fprintf(out, "%s\t%s\n", names.Tasks[task], names.Labels[label])
		count[names.Labels[label]]++
	}
	fmt.Fprintf(out, "%d images labelled:", len(mv.Labels))
	for _, k := range slices.Sorted(maps.Keys(count)) {
		fmt.Fprintf(out, " %d %s", count[k], k)
	}
	fmt.Fprintln(out)
	return nil
}

// catsOrDogs is the project: an image in, a label out, and the interface
// built with Template Builder.
func catsOrDogs() *client.Project {
	view, err := tb.ViewSpec{
		View: tb.ListViewV1{Items: []tb.Component{
			tb.ImageViewV1{URL: tb.InputData{Path: "image"}, Ratio: []any{1, 1}},
			tb.RadioGroupFieldV1{Data: tb.OutputData{Path: "label"},
				Options:    []any{tb.GroupFieldOption{Value: "cat", Label: "Cat"}, tb.GroupFieldOption{Value: "dog", Label: "Dog"}},
				Validation: tb.RequiredConditionV1{}},
		}},
	}.Build()
	if err != nil {
		panic(err) // the view above is fixed: an error here is a bug
	}
	return &client.Project{
		PublicName:             "Cat or dog?",
		PublicDescription:      "Look at the picture and say what is on it.",
		AssignmentsIssuingType: client.ProjectAssignmentsIssuingTypeAutomated,
		TaskSpec: &client.TaskSpec{
			InputSpec:  map[string]*client.FieldSpec{"image": {Type: client.FieldTypeURL, Required: client.Ptr(true)}},
			OutputSpec: map[string]*client.FieldSpec{"label": {Type: client.FieldTypeString, Required: client.Ptr(true), AllowedValues: client.List{"cat", "dog"}}},
			ViewSpec:   view,
		},
	}
}

// newUUID is a random (version 4) UUID, the form operation ids take.
func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on the systems Go supports
	}
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// connect makes a client of Toloka's sandbox with TOLOKA_TOKEN, else of an
// emulator whose Tolokers take 20 ms an assignment; poll is how often to
// look at the pool.
func connect() (c *client.Client, poll time.Duration, stop func(), err error) {
	if token := os.Getenv("TOLOKA_TOKEN"); token != "" {
		c, err := client.New(token, client.WithEnvironment(client.Sandbox))
		return c, 10 * time.Second, func() {}, err
	}
	em, err := emulator.Start(emulator.Options{WorkDelay: 20 * time.Millisecond, OperationDelay: 5 * time.Millisecond, Seed: 1})
	if err != nil {
		return nil, 0, nil, err
	}
	c, err = client.New("any-token", client.WithURL(em.URL), client.WithPollInterval(5*time.Millisecond))
	if err != nil {
		em.Close()
		return nil, 0, nil, err
	}
	return c, 50 * time.Millisecond, func() { em.Close() }, nil
}
