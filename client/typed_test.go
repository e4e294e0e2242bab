package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/internal/gen"
)

func TestEveryRowHasATypedMethod(t *testing.T) {
	ct := reflect.TypeOf(&client.Client{})
	for _, e := range client.Endpoints() {
		name := gen.MethodName(e) // generated, or written by hand (e.HandWritten) under the same name
		m, ok := ct.MethodByName(name)
		if !ok {
			t.Errorf("%s has no typed method %s", e.Name, name)
			continue
		}
		if m.Type.NumIn() < 2 || m.Type.In(1) != reflect.TypeOf((*context.Context)(nil)).Elem() {
			t.Errorf("%s does not take a context first", name)
		}
	}
}

func TestGeneratedCodeIsCurrent(t *testing.T) {
	var sources [][]byte
	for _, f := range gen.ModelFiles {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, src)
	}
	want, err := gen.Generate(sources...)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile("zz_generated.go")
	if !bytes.Equal(got, want) {
		t.Error("zz_generated.go is stale: run go generate ./client")
	}
}

// TestTypedMethodsEndToEnd drives typed methods against a small in-test server.
func TestTypedMethodsEndToEnd(t *testing.T) {
	var pages int
	var lastPool []byte
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/api/v1/pools/5" && r.Method == "GET":
			io.WriteString(w, `{"id":"5","project_id":"1","private_name":"v1","reward_per_assignment":0.050,"status":"OPEN","surprise":{"kept":true}}`)
		case r.URL.Path == "/api/v1/pools/5" && r.Method == "PUT":
			lastPool, _ = io.ReadAll(r.Body)
			w.Write(lastPool)
		case r.URL.Path == "/api/v1/assignments":
			pages++
			q := r.URL.Query()
			if q.Get("pool_id") != "5" || q.Get("status") != "SUBMITTED,ACCEPTED" || q.Get("sort") != "id" || q.Get("limit") != "2" {
				t.Errorf("iterator query %v", q)
			}
			switch q.Get("id_gt") {
			case "":
				io.WriteString(w, `{"items":[{"id":"a1","reward":0.01},{"id":"a2"}],"has_more":true}`)
			case "a2":
				io.WriteString(w, `{"items":[{"id":"a3"}],"has_more":false}`)
			}
		case r.URL.Path == "/api/v1/pools" && r.Method == "GET":
			if got := r.URL.RawQuery; got != "created_gte=2024-01-01T00%3A00%3A00&limit=5&project_id=1&sort=-created" {
				t.Errorf("find query %s", got)
			}
			io.WriteString(w, `{"items":[{"id":"5"}],"has_more":true}`)
		}
	}))
	defer ts.Close()
	c, err := client.New("tok", client.WithURL(ts.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pool, err := c.GetPool(ctx, "5")
	if err != nil || pool.RewardPerAssignment.String() != "0.050" || pool.Status != client.PoolOpen {
		t.Fatalf("GetPool: %+v %v", pool, err)
	}
	pool.PrivateName = "v2"
	if _, err := c.UpdatePool(ctx, "5", pool); err != nil {
		t.Fatal(err)
	}
	var sent map[string]json.RawMessage
	json.Unmarshal(lastPool, &sent)
	if string(sent["surprise"]) != `{"kept":true}` || string(sent["private_name"]) != `"v2"` || string(sent["reward_per_assignment"]) != "0.050" {
		t.Errorf("update lost something: %s", lastPool)
	}
	var ids []string
	for a, err := range c.Assignments(ctx, client.AssignmentFilter{PoolID: "5", Status: []client.AssignmentStatus{client.AssignmentSubmitted, "ACCEPTED"}}, client.BatchSize(2)) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	if strings.Join(ids, ",") != "a1,a2,a3" || pages != 2 {
		t.Errorf("iterated %v over %d pages", ids, pages)
	}
	page, err := c.FindPools(ctx, client.PoolFilter{ProjectID: "1", CreatedGte: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Sort: []string{"-created"}, Limit: 5})
	if err != nil || len(page.Items) != 1 || !page.HasMore {
		t.Errorf("FindPools: %+v %v", page, err)
	}
}

// TestModelPackagesAreCurrent holds the generated files of tb, collectors,
// actions, conditions and filter to the model description.
func TestModelPackagesAreCurrent(t *testing.T) {
	files, err := gen.GenerateModels()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 5 {
		t.Errorf("%d generated model files, want 5", len(files))
	}
	for path, want := range files {
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("client/%s is not what the description generates; run `make generate` (%v)", path, err)
		}
	}
}
