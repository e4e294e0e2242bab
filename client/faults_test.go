package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
)

// pollFailingEmulator answers the first failPolls operation polls with 503s
// (all of them when failPolls < 0) and passes everything else through.
func pollFailingEmulator(t *testing.T, opts emulator.Options, failPolls int32) (string, *atomic.Int32) {
	em := emulator.New(opts)
	t.Cleanup(em.Close)
	var failed atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/api/v1/operations/") && !strings.HasSuffix(r.URL.Path, "/log") &&
			(failPolls < 0 || failed.Load() < failPolls) {
			failed.Add(1)
			http.Error(w, "<html>503 Service Temporarily Unavailable</html>", http.StatusServiceUnavailable)
			return
		}
		em.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL, &failed
}

func fastClient(t *testing.T, url string, opts ...client.Option) *client.Client {
	c, err := client.New("t", append([]client.Option{client.WithURL(url), client.WithBackoff(time.Millisecond, 5*time.Millisecond),
		client.WithPollInterval(20 * time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestWaitSurvivesFailingPolls: more failed polls in a row than one request's
// retries; the wait keeps polling and returns the finished operation.
func TestWaitSurvivesFailingPolls(t *testing.T) {
	url, failed := pollFailingEmulator(t, emulator.Options{OperationDelay: 50 * time.Millisecond}, 10)
	c := fastClient(t, url)
	pool := batchPool(t, c)
	op, err := c.CreateTasksAsync(context.Background(), numberedTasks(pool, 5), client.AllowDefaults())
	if err != nil {
		t.Fatal(err)
	}
	done, err := c.WaitOperation(context.Background(), op, client.WaitFor(30*time.Second))
	if err != nil || done.Status != client.OperationSuccess {
		t.Fatalf("after %d failed polls: %v %v", failed.Load(), done, err)
	}
	if failed.Load() != 10 {
		t.Fatalf("%d polls failed, want 10", failed.Load())
	}
	if got := countTasks(t, c, pool); got != 5 {
		t.Fatalf("%d tasks", got)
	}
}

// TestWaitOnFailingPollsEndsAtItsTimeout: when every poll fails, the wait ends at its
// timeout with an error naming the operation and how to check it later.
func TestWaitOnFailingPollsEndsAtItsTimeout(t *testing.T) {
	url, _ := pollFailingEmulator(t, emulator.Options{OperationDelay: 50 * time.Millisecond}, -1)
	c := fastClient(t, url)
	pool := batchPool(t, c)
	op, err := c.CreateTasksAsync(context.Background(), numberedTasks(pool, 5), client.AllowDefaults())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.WaitOperation(context.Background(), op, client.WaitFor(400*time.Millisecond))
	var wt *client.WaitTimeoutError
	if !errors.As(err, &wt) || !strings.Contains(err.Error(), op.ID) || !strings.Contains(err.Error(), "400ms") {
		t.Fatalf("want a timeout naming %s and 400ms, got %v", op.ID, err)
	}
	if d := time.Since(start); d < 400*time.Millisecond || d > 5*time.Second {
		t.Fatalf("gave up after %v, want about 400ms", d)
	}
}

// TestCancelledCreateResumesWithTheSameOperationID: cancelling a create while
// it waits leaves the server to finish it; the error names the operation to
// check; running the same create with the same operation id returns the same
// tasks and creates none twice — for one operation and for a create sent in
// batches.
func TestCancelledCreateResumesWithTheSameOperationID(t *testing.T) {
	for _, tc := range []struct {
		name  string
		tasks int
	}{{"one operation", 8}, {"in batches", 25}} {
		t.Run(tc.name, func(t *testing.T) {
			url, _ := pollFailingEmulator(t, emulator.Options{OperationDelay: 300 * time.Millisecond}, 0)
			c := fastClient(t, url, client.WithUploadBatches(10, 2))
			pool := batchPool(t, c)
			const opID = "3b9a8c7d-6e5f-4a3b-9c8d-7e6f5a4b3c2d"
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			_, err := c.CreateTasks(ctx, numberedTasks(pool, tc.tasks), client.AllowDefaults(), client.OperationID(opID))
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("want the context's error, got %v", err)
			}
			if !strings.Contains(err.Error(), opID) {
				t.Fatalf("the error must say which operation to check: %v", err)
			}
			time.Sleep(400 * time.Millisecond) // the server finishes what it accepted
			res, err := c.CreateTasks(context.Background(), numberedTasks(pool, tc.tasks), client.AllowDefaults(), client.OperationID(opID))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Items) != tc.tasks {
				t.Fatalf("rerun: %d items, want %d", len(res.Items), tc.tasks)
			}
			if got := countTasks(t, c, pool); got != tc.tasks {
				t.Fatalf("%d tasks stored after the rerun, want %d: something was created twice", got, tc.tasks)
			}
		})
	}
}
