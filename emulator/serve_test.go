package emulator

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// stallBody opens a connection to addr that sends a POST's headers and the
// first byte of its body, then nothing: the client of issue 21 that froze
// the whole emulator.
func stallBody(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
	time.Sleep(50 * time.Millisecond) // let the server start reading it
	return conn
}

func request(url, method, path, body string) (int, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, method, url+path, strings.NewReader(body))
	req.Header.Set("Authorization", "OAuth t")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}

// TestStalledClientHoldsUpOnlyItself: while one connection sits in the
// middle of a POST body, other clients read and write as usual, and Close
// does not wait for it.
func TestStalledClientHoldsUpOnlyItself(t *testing.T) {
	em, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	stallBody(t, strings.TrimPrefix(em.URL, "http://"))
	if status, body, err := request(em.URL, "GET", "/api/v1/projects", ""); err != nil || status != 200 {
		t.Errorf("a read beside a stalled POST: %d %s %v", status, body, err)
	}
	if status, body, err := request(em.URL, "POST", "/api/v1/projects", `{"public_name":"p","task_spec":{"input_spec":{},"output_spec":{}}}`); err != nil || status != 201 {
		t.Errorf("a write beside a stalled POST: %d %s %v", status, body, err)
	}
	start := time.Now()
	em.Close()
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Close waited %v for the stalled client", took)
	}
}

// TestReadTimeoutClosesStalledConnections: a connection that stops sending
// its body is closed at the read timeout.
func TestReadTimeoutClosesStalledConnections(t *testing.T) {
	em, err := Start(Options{ReadTimeout: 300 * time.Millisecond, IdleTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer em.Close()
	conn := stallBody(t, strings.TrimPrefix(em.URL, "http://"))
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		_, err = conn.Read(make([]byte, 1))
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Errorf("the stalled connection was not closed within 5s")
	}
}

// TestBodiesAreBounded: a body over 64 MiB is answered 413 (announced or
// not) without the emulator reading it whole; trailing garbage after the
// JSON is a 400 naming it.
func TestBodiesAreBounded(t *testing.T) {
	em, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer em.Close()

	conn, err := net.Dial("tcp", strings.TrimPrefix(em.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth t\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n[", 300<<20)
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode != 413 {
		t.Errorf("an announced 300 MiB body: want 413 at once, got %v %v", resp, err)
	}

	big := io.MultiReader(strings.NewReader("["), bytes.NewReader(bytes.Repeat([]byte(" "), 64<<20)), strings.NewReader("]"))
	req, _ := http.NewRequest("POST", em.URL+"/api/v1/tasks", big)
	req.ContentLength = -1 // chunked: the size is not announced
	req.Header.Set("Authorization", "OAuth t")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("a chunked body over 64 MiB: want 413, got %v", err)
	} else if resp.Body.Close(); resp.StatusCode != 413 {
		t.Errorf("a chunked body over 64 MiB: want 413, got %d", resp.StatusCode)
	}

	status, body, err := request(em.URL, "POST", "/api/v1/projects", `{"public_name":"p","task_spec":{"input_spec":{},"output_spec":{}}} {"more": 1}`)
	if err != nil || status != 400 || !strings.Contains(body, "after the JSON value") {
		t.Errorf("trailing data after the JSON: %d %s %v", status, body, err)
	}
}

// TestTokenOption: with Options.Token only that token is let in.
func TestTokenOption(t *testing.T) {
	em, err := Start(Options{Token: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer em.Close()
	if status, _, _ := request(em.URL, "GET", "/api/v1/requester", ""); status != 401 {
		t.Errorf("a wrong token: %d", status)
	}
	req, _ := http.NewRequest("GET", em.URL+"/api/v1/requester", nil)
	req.Header.Set("Authorization", "ApiKey s3cret")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Errorf("the right token: %v %v", resp, err)
	}
}

// TestSaveStateLeavesNoTempFile: a save leaves exactly the state file, and
// the temporary file of a save killed mid-write is gone after the next load.
func TestSaveStateLeavesNoTempFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "toloka.state")
	s := New(Options{Demo: true})
	defer s.Close()
	os.WriteFile(filepath.Join(dir, ".toloka.state.tmp-123"), nil, 0o600) // a kill -9's leftover
	if err := s.SaveState(path); err != nil {
		t.Fatal(err)
	}
	if err := s.LoadState(path); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "toloka.state" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the directory should hold the state only: %v", names)
	}
}

// TestBodiesInFlightAreBounded: while other clients hold 252 MiB of bodies
// in the middle of sending them, one more big body is answered 429 rather
// than taking more memory; once they are gone it is taken.
func TestBodiesInFlightAreBounded(t *testing.T) {
	em, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer em.Close()
	addr := strings.TrimPrefix(em.URL, "http://")
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	var conns []net.Conn
	for i := 0; i < 4; i++ {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, conn)
		fmt.Fprintf(conn, "POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth t\r\nContent-Length: %d\r\n\r\n[", 64<<20)
		for j := 0; j < 63; j++ {
			conn.Write(chunk)
		}
	}
	time.Sleep(200 * time.Millisecond) // let the server read what was sent
	body := "[" + strings.Repeat(" ", 8<<20) + "]"
	status, got, err := request(em.URL, "POST", "/api/v1/tasks", body)
	if err != nil || status != 429 || !strings.Contains(got, "Too many large request bodies") {
		t.Errorf("a big body beside 252 MiB of others: want 429, got %d %.100s %v", status, got, err)
	}
	for _, c := range conns {
		c.Close()
	}
	time.Sleep(200 * time.Millisecond)
	if status, got, err := request(em.URL, "POST", "/api/v1/tasks", body); err != nil || status == 429 {
		t.Errorf("once the others are gone the body is read: %d %.100s %v", status, got, err)
	}
}
