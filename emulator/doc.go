// Package emulator is an in-memory Toloka: the requester API's routes with
// its wire format, search filters, sorting and paging, asynchronous
// operations, the assignments export, Apps, and simulated Tolokers who take
// tasks from open pools and submit answers. Code that uses the Toloka API
// runs against it with no token and no network, in tests and in demos; the
// `tolokash emulator` command serves one.
//
// # In a program, and in a test
//
// Start serves a new emulator on a free loopback port; a client reaches it
// through client.WithURL:
//
//	em, err := emulator.Start(emulator.Options{Demo: true})
//	defer em.Close()
//	c, err := client.New("any-token", client.WithURL(em.URL))
//
// Start is for programs (an example, a demo, a local mode): it returns an
// error to handle and a Running to Close. A test takes emulatortest.Start(t,
// opts) instead, for a testing.TB: it fails the test when the emulator
// cannot start, stops it when the test ends, and makes the crowd work in
// milliseconds unless opts say otherwise. New makes the http.Handler
// itself, to serve on a listener of one's own, under a mux or with
// httptest:
//
//	srv := httptest.NewServer(emulator.New(emulator.Options{Balance: "250"}))
//
// Any non-empty OAuth token is accepted unless Options.Token names the one
// to demand. Options.Demo seeds a project with an open pool of 40 tasks
// whose work has begun; Options.DemoAssignments adds a closed pool of that
// many submitted assignments, to page through and export.
//
// # The crowd
//
// Workers simulated Tolokers take assignments from open pools, each at a
// pace of their own around WorkDelay (10 s for a one-task page with one
// choice, as on Toloka; more tasks, typing and uploads take longer; Pace
// makes them all faster), and submit answers that fit the project's output
// specification and view. An assignment is ACTIVE while they work on it,
// then SUBMITTED, and ACCEPTED at once when the pool accepts work
// automatically; a pool closes when its tasks are done.
//
// Every task has a hidden true answer (its known solution, or one drawn from
// its input); each Toloker has a hidden accuracy around Accuracy, and a share
// Cheaters of them cheat (fast bots, random clickers, one answer always), so
// a pool's quality control has someone to catch. The rules act as Toloka's
// do (collector, conditions, action: restrictions, skills, overlap,
// assignment statuses), trainings gate the pools that require them, the
// mixer follows mixer_config, and a share Mishaps of assignments is skipped,
// expires or brings a message. Seed makes all of it reproducible: a script
// that sets a pool up and waits sees the same outcome twice.
//
// # Faults, latency and quotas
//
// Faults answers that share of requests with one of FaultKinds (500s, 503s
// with a JSON body or a proxy's HTML page, 429s, connections reset before
// or after the request took effect, slow answers); Latency delays every
// answer; MinuteQuota, HourQuota and DayQuota answer 429 as Toloka's quotas
// do. Together they test a program's retries:
//
//	em, err := emulator.Start(emulator.Options{Demo: true, Faults: 0.3, FaultKinds: []string{"500", "503-json"}, Seed: 1})
//
// # State
//
// Snapshot and Restore write and read the whole state (zstd-compressed);
// SaveState and LoadState do it with a file, atomically.
//
// The emulator keeps its own JSON objects and does not import the client:
// it is a server and must stay honest about the wire format.
package emulator
