package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
)

// handlerFunc answers with a status and a JSON body, or an API error.
// It runs with the state locked.
type handlerFunc func(r apiRequest) (int, any, *apiError)

// apiRequest is what a handler acts on, read from the HTTP request before
// the state is locked: the state never sees net/http. The body is the bytes
// as sent; a handler decodes it (decodeBody, bodyObject) when it wants it,
// so an unknown id is still answered 404 before a malformed body 400.
type apiRequest struct {
	id, item string // the path's {id} and {item}, the only wildcards routes use
	query    url.Values
	body     []byte
	bodyErr  error // why the body could not be read, answered by decodeBody
}

// newAPIRequest reads r into an apiRequest.
func newAPIRequest(r *http.Request) apiRequest {
	body, err := heldBytes(r.Body)
	return apiRequest{id: r.PathValue("id"), item: r.PathValue("item"), query: r.URL.Query(), body: body, bodyErr: err}
}

// wildcards finds the {name} and {name...} segments of a route pattern.
var wildcards = regexp.MustCompile(`\{([^}.]*)(?:\.\.\.)?\}`)

func (s *Server) handle(pattern string, h handlerFunc) { s.route(pattern, h, false) }

// handleRead registers a handler that only reads the state: it runs beside
// other readers, as GETs do on a real server, and only writers wait for it.
// A handler that changes anything on a read (an operation moving on with the
// clock) must use handle.
func (s *Server) handleRead(pattern string, h handlerFunc) { s.route(pattern, h, true) }

func (s *Server) route(pattern string, h handlerFunc, readOnly bool) {
	for _, w := range wildcards.FindAllStringSubmatch(pattern, -1) {
		if w[1] != "id" && w[1] != "item" {
			panic("emulator: route " + pattern + " has a wildcard {" + w[1] + "} apiRequest does not carry")
		}
	}
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		status, data, err := s.locked(h, r, readOnly)
		switch {
		case err != nil:
			writeError(w, err)
		case data == nil:
			w.WriteHeader(status)
		default:
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(len(data)))
			w.WriteHeader(status)
			w.Write(data)
			releaseJSON(data)
		}
	})
}

func (s *Server) routes() {
	st := s.st
	s.handle("GET /api/v1/requester", func(r apiRequest) (int, any, *apiError) { return 200, st.requesterJSON(), nil })
	s.handleRead("GET /api/v1/user-metadata/{id}", s.getIn(st.users, "User"))

	s.handle("POST /api/v1/projects", st.createProject)
	s.handleRead("GET /api/v1/projects", s.findIn(projectSearch, st.projects, ""))
	s.handleRead("GET /api/v1/projects/{id}", s.getIn(st.projects, "Project"))
	s.handle("PUT /api/v1/projects/{id}", st.updateProject)
	s.handle("POST /api/v1/projects/{id}/archive", st.archiveProject)
	s.handle("POST /api/staging/projects/{id}/check", st.checkProject)

	s.handle("POST /api/v1/pools", st.createPool(false))
	s.handleRead("GET /api/v1/pools", s.findIn(poolSearch, st.pools, "project_id"))
	s.handleRead("GET /api/v1/pools/{id}", s.getIn(st.pools, "Pool"))
	s.handle("PUT /api/v1/pools/{id}", st.updatePool(false))
	s.handle("PATCH /api/v1/pools/{id}", st.patchPool)
	for _, change := range []string{"open", "close", "close-for-update", "archive", "clone"} {
		s.handle("POST /api/v1/pools/{id}/"+change, st.poolStateChange(false, change))
	}
	s.handle("POST /api/v1/trainings", st.createPool(true))
	s.handleRead("GET /api/v1/trainings", s.findIn(trainingSearch, st.trainings, "project_id"))
	s.handleRead("GET /api/v1/trainings/{id}", s.getIn(st.trainings, "Training"))
	s.handle("PUT /api/v1/trainings/{id}", st.updatePool(true))
	for _, change := range []string{"open", "close", "archive", "clone"} {
		s.handle("POST /api/v1/trainings/{id}/"+change, st.poolStateChange(true, change))
	}

	s.handle("POST /api/v1/tasks", st.createItems(kindTask))
	s.handleRead("GET /api/v1/tasks", s.findIn(taskSearch, st.tasks, "pool_id"))
	s.handleRead("GET /api/v1/tasks/{id}", s.getIn(st.tasks, "Task"))
	s.handle("PATCH /api/v1/tasks/{id}", st.patchOverlap(st.tasks, "Task", false))
	s.handle("PATCH /api/v1/tasks/{id}/set-overlap-or-min", st.patchOverlap(st.tasks, "Task", true))
	s.handle("POST /api/v1/task-suites", st.createItems(kindSuite))
	s.handleRead("GET /api/v1/task-suites", s.findIn(suiteSearch, st.suites, "pool_id"))
	s.handleRead("GET /api/v1/task-suites/{id}", s.getIn(st.suites, "Task suite"))
	s.handle("PATCH /api/v1/task-suites/{id}", st.patchOverlap(st.suites, "Task suite", false))
	s.handle("PATCH /api/v1/task-suites/{id}/set-overlap-or-min", st.patchOverlap(st.suites, "Task suite", true))

	s.handleRead("GET /api/v1/operations", s.findIn(operationSearch, st.operations, ""))
	s.handle("GET /api/v1/operations/{id}", st.getOperation)
	s.handleRead("GET /api/v1/operations/{id}/log", st.getOperationLog)

	s.handleRead("GET /api/v1/assignments", s.findIn(assignmentSearch, st.assignments, "pool_id"))
	s.handleRead("GET /api/v1/assignments/{id}", s.getIn(st.assignments, "Assignment"))
	s.handle("PATCH /api/v1/assignments/{id}", st.patchAssignment)
	s.mux.HandleFunc("GET /api/new/requester/pools/{id}/assignments.tsv", s.exportTSV)

	s.handleRead("GET /api/v1/attachments", s.findIn(attachmentSearch, st.attachments, ""))
	s.handleRead("GET /api/v1/attachments/{id}", s.getIn(st.attachments, "Attachment"))
	s.mux.HandleFunc("GET /api/v1/attachments/{id}/download", s.downloadAttachment)

	s.handle("POST /api/v1/skills", st.createSkill)
	s.handleRead("GET /api/v1/skills", s.findIn(skillSearch, st.skills, ""))
	s.handleRead("GET /api/v1/skills/{id}", s.getIn(st.skills, "Skill"))
	s.handle("PUT /api/v1/skills/{id}", st.updateSkill)
	s.handle("PUT /api/v1/user-skills", st.setUserSkill)
	s.handleRead("GET /api/v1/user-skills", s.findIn(userSkillSearch, st.userSk, ""))
	s.handleRead("GET /api/v1/user-skills/{id}", s.getIn(st.userSk, "User skill"))
	s.handle("DELETE /api/v1/user-skills/{id}", st.deleteUserSkill)
	s.handle("PUT /api/v1/user-restrictions", st.setRestriction)
	s.handleRead("GET /api/v1/user-restrictions", s.findIn(restrictionSearch, st.restrictions, ""))
	s.handleRead("GET /api/v1/user-restrictions/{id}", s.getIn(st.restrictions, "User restriction"))
	s.handle("DELETE /api/v1/user-restrictions/{id}", st.deleteRestriction)
	s.handle("POST /api/v1/user-bonuses", st.createItems(kindBonus))
	s.handleRead("GET /api/v1/user-bonuses", s.findIn(bonusSearch, st.bonuses, ""))
	s.handleRead("GET /api/v1/user-bonuses/{id}", s.getIn(st.bonuses, "User bonus"))

	s.handle("POST /api/v1/message-threads/compose", st.composeThread)
	s.handleRead("GET /api/v1/message-threads", s.findIn(threadSearch, st.threads, ""))
	s.handle("POST /api/v1/message-threads/{id}/reply", st.replyThread)
	s.handle("POST /api/v1/message-threads/{id}/add-to-folders", st.threadFolders(true))
	s.handle("POST /api/v1/message-threads/{id}/remove-from-folders", st.threadFolders(false))

	s.handle("PUT /api/v1/webhook-subscriptions", st.upsertWebhooks)
	s.handleRead("GET /api/v1/webhook-subscriptions", s.findIn(webhookSearch, st.webhooks, ""))
	s.handleRead("GET /api/v1/webhook-subscriptions/{id}", s.getIn(st.webhooks, "Webhook subscription"))
	s.handle("DELETE /api/v1/webhook-subscriptions/{id}", s.deleteIn(st.webhooks, "Webhook subscription"))

	s.handle("POST /api/v1/aggregated-solutions/aggregate-by-pool", st.aggregateByPool)
	s.handle("POST /api/v1/aggregated-solutions/aggregate-by-task", st.aggregateByTask)
	s.handle("GET /api/v1/aggregated-solutions/{id}", st.findAggregated)
	s.handle("POST /api/staging/analytics-2", st.analytics)

	s.appRoutes()

	// The emulator's own, beside Toloka's: the hidden truth of a pool's tasks.
	s.handle("GET /api/emulator/pools/{id}/truth", st.poolTruth)
}

// getIn answers GET of one object by its {id}.
func (s *Server) getIn(c *collection, what string) handlerFunc {
	return func(r apiRequest) (int, any, *apiError) {
		id := r.id
		e, ok := c.stored(id)
		if !ok {
			return 0, nil, notFound(what, id)
		}
		return 200, storedObject{e}, nil
	}
}

func (s *Server) deleteIn(c *collection, what string) handlerFunc {
	return func(r apiRequest) (int, any, *apiError) {
		id := r.id
		if _, ok := c.get(id); !ok {
			return 0, nil, notFound(what, id)
		}
		c.remove(id)
		return http.StatusNoContent, nil, nil
	}
}

// locked runs h with the state locked and encodes its answer: an answer of
// stored objects (storedPage, storedObject) takes their kept encodings under
// the lock and is joined after it is released; any other is encoded before
// the lock is released (the objects may change as soon as it is). A panic
// becomes a 500 with Toloka's error body rather than a dead server.
func (s *Server) locked(h handlerFunc, r *http.Request, readOnly bool) (status int, data []byte, err *apiError) {
	status, parts, stored, data, err := s.underLock(h, r, readOnly)
	if stored {
		data = parts.join()
	}
	return status, data, err
}

func (s *Server) underLock(h handlerFunc, r *http.Request, readOnly bool) (status int, parts encodedParts, stored bool, data []byte, err *apiError) {
	in := newAPIRequest(r)
	if readOnly {
		s.mu.RLock()
		defer s.mu.RUnlock()
	} else {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("emulator handler panicked", "path", r.URL.Path, "panic", fmt.Sprint(p))
			status, stored, data, err = 0, false, nil, &apiError{Status: 500, Code: "INTERNAL_ERROR", Message: fmt.Sprintf("emulator failure: %v", p)}
		}
	}()
	status, body, err := h(in)
	if err == nil && body != nil && status != http.StatusNoContent {
		if parts, stored = takeEncodings(body); stored {
			return status, parts, true, nil, nil
		}
		data = encodeJSON(body)
	}
	return status, parts, false, data, err
}
