package emulator

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// The assignments TSV export (ENDPOINTS.md §5): one row per (assignment, task),
// columns INPUT:, OUTPUT:, GOLDEN:, HINT:, ACCEPT: and the ASSIGNMENT: ones asked for.

var exportFields = map[string]bool{"ASSIGNMENT:link": true, "ASSIGNMENT:assignment_id": true, "ASSIGNMENT:task_id": true,
	"ASSIGNMENT:task_suite_id": true, "ASSIGNMENT:worker_id": true, "ASSIGNMENT:status": true, "ASSIGNMENT:started": true,
	"ASSIGNMENT:submitted": true, "ASSIGNMENT:accepted": true, "ASSIGNMENT:rejected": true, "ASSIGNMENT:skipped": true,
	"ASSIGNMENT:expired": true, "ASSIGNMENT:reward": true}

// exportStatus maps API statuses to the export's names.
var exportStatus = map[string]string{"ACCEPTED": "APPROVED"}

func (s *Server) exportTSV(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	id := r.PathValue("id")
	pool, ok := st.pools.get(id)
	if !ok {
		writeError(w, notFound("Pool", id))
		return
	}
	q := r.URL.Query()
	statuses := map[string]bool{"APPROVED": true}
	if v := q.Get("status"); v != "" {
		fe := fieldErrors{}
		if checkEnum(fe, "status", v, exportStatuses, true); len(fe) > 0 {
			writeError(w, fe.errNaming())
			return
		}
		statuses = map[string]bool{}
		for _, x := range strings.Split(v, ",") {
			statuses[strings.TrimSpace(x)] = true
		}
	}
	fields := []string{"ASSIGNMENT:link", "ASSIGNMENT:assignment_id", "ASSIGNMENT:worker_id", "ASSIGNMENT:status", "ASSIGNMENT:started"}
	if v := q.Get("field"); v != "" {
		fields = strings.Split(v, ",")
	}
	var from, to string
	for _, bound := range []struct {
		name string
		time *string
	}{{"startTimeFrom", &from}, {"startTimeTo", &to}} {
		if v := q.Get(bound.name); v != "" {
			t, ok := parseTime(v)
			if !ok {
				writeError(w, fieldErrorsOne(bound.name, "INVALID_DATE_TIME_SYNTAX", "Value must be a date-time"))
				return
			}
			*bound.time = t
		}
	}
	excludeBanned := queryBool(q, "excludeBanned")
	project, _ := st.projects.get(str(pool["project_id"]))
	inputs := sortedKeys(specOf(project, "input_spec"))
	outputs := sortedKeys(specOf(project, "output_spec"))
	var header []string
	for _, f := range inputs {
		header = append(header, "INPUT:"+f)
	}
	for _, f := range outputs {
		header = append(header, "OUTPUT:"+f)
	}
	for _, f := range outputs {
		header = append(header, "GOLDEN:"+f)
	}
	header = append(header, "HINT:text", "HINT:default_language", "ACCEPT:verdict", "ACCEPT:comment")
	header = append(header, fields...)

	w.Header().Set("Content-Type", "text/tab-separated-values; charset=utf-8")
	w.WriteHeader(200)
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	writeRow(bw, header)
	for _, aid := range st.assignments.index["pool_id"][id] {
		a, _ := st.assignments.peek(aid) // read only: the export changes nothing
		status := str(a["status"])
		if e, ok := exportStatus[status]; ok {
			status = e
		}
		if !statuses[status] {
			continue
		}
		created := str(a["created"])
		if from != "" && created < from || to != "" && created > to {
			continue
		}
		if excludeBanned {
			if w := st.workerByID(str(a["user_id"])); w != nil && st.restricted(w, pool) {
				continue
			}
		}
		for i, t := range asList(a["tasks"]) {
			tm, _ := t.(map[string]any)
			iv, _ := tm["input_values"].(map[string]any)
			sol, _ := item(a["solutions"], i).(map[string]any) // an ACTIVE assignment has none yet
			ov, _ := sol["output_values"].(map[string]any)
			var golden map[string]any
			if ks := asList(tm["known_solutions"]); len(ks) > 0 {
				k, _ := ks[0].(map[string]any)
				golden, _ = k["output_values"].(map[string]any)
			}
			var row []string
			for _, f := range inputs {
				row = append(row, cell(iv[f]))
			}
			for _, f := range outputs {
				row = append(row, cell(ov[f]))
			}
			for _, f := range outputs {
				row = append(row, cell(golden[f]))
			}
			verdict := ""
			switch a["status"] {
			case "ACCEPTED":
				verdict = "+"
			case "REJECTED":
				verdict = "-"
			}
			row = append(row, cell(tm["message_on_unknown_solution"]), "", verdict, cell(a["public_comment"]))
			for _, f := range fields {
				row = append(row, cell(st.assignmentField(a, status, str(tm["id"]), f)))
			}
			writeRow(bw, row)
		}
	}
}

func (st *state) workerByID(id string) *worker {
	for _, w := range st.workers {
		if w.ID == id {
			return w
		}
	}
	return nil
}

func (st *state) assignmentField(a object, status, taskID, field string) any {
	name := strings.TrimPrefix(field, "ASSIGNMENT:")
	switch name {
	case "link":
		return fmt.Sprintf("https://platform.toloka.ai/task/%s/%s", a["pool_id"], a["task_suite_id"])
	case "assignment_id":
		return a["id"]
	case "task_id":
		return taskID
	case "worker_id":
		return a["user_id"]
	case "status":
		return status
	case "started":
		return a["created"]
	}
	return a[name]
}

// cell renders a value: strings as they are, other values as JSON, missing as empty.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// writeRow writes tab-separated cells, quoting CSV-style those with tabs, quotes or newlines.
func writeRow(w *bufio.Writer, cells []string) {
	for i, c := range cells {
		if i > 0 {
			w.WriteByte('\t')
		}
		if strings.ContainsAny(c, "\t\"\n\r") {
			w.WriteByte('"')
			w.WriteString(strings.ReplaceAll(c, `"`, `""`))
			w.WriteByte('"')
		} else {
			w.WriteString(c)
		}
	}
	w.WriteByte('\n')
}

func (s *Server) downloadAttachment(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	id := r.PathValue("id")
	a, ok := s.st.attachments.get(id)
	data := s.st.files[id]
	s.mu.Unlock()
	if !ok {
		writeError(w, notFound("Attachment", id))
		return
	}
	w.Header().Set("Content-Type", str(a["media_type"]))
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", str(a["name"])))
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.Write(data)
}
