package emulator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
)

// A program serves an emulator on a loopback port with Start and points a
// client at it with client.WithURL: a demo, a local mode, an example. (A
// test takes emulatortest.Start(t, opts), which also stops it when the
// test ends.)
func ExampleStart() {
	em, err := emulator.Start(emulator.Options{Demo: true})
	if err != nil {
		panic(err)
	}
	defer em.Close()
	c, err := client.New("any-token", client.WithURL(em.URL))
	if err != nil {
		panic(err)
	}
	pool, err := c.GetPool(context.Background(), "100000002")
	if err != nil {
		panic(err)
	}
	fmt.Println(pool.PrivateName, pool.Status)
	// Output:
	// demo pool OPEN
}

// The emulator is an http.Handler speaking Toloka's wire format, to serve
// as you like: here with httptest, called with net/http alone.
func ExampleNew() {
	srv := httptest.NewServer(emulator.New(emulator.Options{Balance: "250"}))
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/requester", nil)
	req.Header.Set("Authorization", "OAuth any-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var requester struct {
		Balance json.Number `json:"balance"`
	}
	json.NewDecoder(resp.Body).Decode(&requester)
	fmt.Println(resp.Status, requester.Balance)
	// Output:
	// 200 OK 250
}

// Faults test a program's resilience: here a third of the requests fail
// with a 500 or a 503, and the client's retries get every call through.
func ExampleOptions_faults() {
	em, err := emulator.Start(emulator.Options{Demo: true, Faults: 0.3, FaultKinds: []string{"500", "503-json"}, Seed: 1})
	if err != nil {
		panic(err)
	}
	defer em.Close()
	c, err := client.New("any-token", client.WithURL(em.URL), client.WithRetries(10), client.WithBackoff(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		panic(err)
	}
	for range 20 {
		if _, err := c.GetRequester(context.Background()); err != nil {
			panic(err)
		}
	}
	fmt.Println("20 calls answered; faults on the way:", em.Server.FaultsInjected() > 0)
	// Output:
	// 20 calls answered; faults on the way: true
}
