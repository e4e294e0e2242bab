package emulator

import "net/http"

// Message threads and webhook subscriptions.

func (st *state) composeThread(r *http.Request) (int, any, *apiError) {
	b, err := bodyObject(r)
	if err != nil {
		return 0, nil, err
	}
	fe := fieldErrors{}
	sel := str(b["recipients_select_type"])
	switch sel {
	case "DIRECT":
		if len(asList(b["recipients_ids"])) == 0 {
			fe.add("recipients_ids", "VALUE_REQUIRED", "DIRECT messages need recipients_ids")
		}
	case "FILTER", "ALL":
	default:
		fe.add("recipients_select_type", "UNKNOWN_ENUM_VALUE", "must be DIRECT, FILTER or ALL")
	}
	if b["topic"] == nil {
		fe.add("topic", "VALUE_REQUIRED", "Value must be present and not equal to null")
	}
	if b["text"] == nil {
		fe.add("text", "VALUE_REQUIRED", "Value must be present and not equal to null")
	}
	if e := fe.err(); e != nil {
		return 0, nil, e
	}
	me := object{"id": st.requester["id"], "role": "REQUESTER", "myself": true}
	answerable := true
	if v, ok := b["answerable"].(bool); ok {
		answerable = v
	}
	t := object{"id": st.numericID("thread"), "topic": b["topic"], "answerable": answerable, "folders": []any{"OUTBOX"},
		"interlocutors_inlined": true, "interlocutors": []any{me}, "messages_inlined": true,
		"messages":        []any{object{"text": b["text"], "from": me, "created": st.now()}},
		"meta":            object{},
		"compose_details": object{"recipients_select_type": sel, "recipients_ids": b["recipients_ids"], "recipients_filter": b["recipients_filter"]},
		"created":         st.now()}
	st.threads.add(t)
	return http.StatusCreated, t, nil
}

func (st *state) replyThread(r *http.Request) (int, any, *apiError) {
	id := r.PathValue("id")
	t, ok := st.threads.get(id)
	if !ok {
		return 0, nil, notFound("Message thread", id)
	}
	b, err := bodyObject(r)
	if err != nil {
		return 0, nil, err
	}
	if b["text"] == nil {
		return 0, nil, fieldErrorsOne("text", "VALUE_REQUIRED", "Value must be present and not equal to null")
	}
	me := object{"id": st.requester["id"], "role": "REQUESTER", "myself": true}
	t["messages"] = append(asList(t["messages"]), object{"text": b["text"], "from": me, "created": st.now()})
	return 200, t, nil
}

var folders = map[string]bool{"INBOX": true, "OUTBOX": true, "AUTOMATIC_NOTIFICATION": true, "IMPORTANT": true, "UNREAD": true}

func (st *state) threadFolders(add bool) handlerFunc {
	return func(r *http.Request) (int, any, *apiError) {
		id := r.PathValue("id")
		t, ok := st.threads.get(id)
		if !ok {
			return 0, nil, notFound("Message thread", id)
		}
		b, err := bodyObject(r)
		if err != nil {
			return 0, nil, err
		}
		current := map[string]bool{}
		for _, f := range asList(t["folders"]) {
			current[str(f)] = true
		}
		for _, f := range asList(b["folders"]) {
			if !folders[str(f)] {
				return 0, nil, fieldErrorsOne("folders", "UNKNOWN_ENUM_VALUE", "Unknown folder "+str(f))
			}
			current[str(f)] = add
		}
		var out []any
		for _, f := range sortedKeys(current) {
			if current[f] {
				out = append(out, f)
			}
		}
		if out == nil {
			out = []any{}
		}
		t["folders"] = out
		return 200, t, nil
	}
}

var webhookEvents = map[string]bool{"POOL_CLOSED": true, "DYNAMIC_OVERLAP_COMPLETED": true, "ASSIGNMENT_CREATED": true,
	"ASSIGNMENT_SUBMITTED": true, "ASSIGNMENT_SKIPPED": true, "ASSIGNMENT_EXPIRED": true, "ASSIGNMENT_APPROVED": true, "ASSIGNMENT_REJECTED": true}

// upsertWebhooks creates subscriptions, or updates the one for the same pool and event.
func (st *state) upsertWebhooks(r *http.Request) (int, any, *apiError) {
	var list []any
	if e := decodeBody(r, &list); e != nil {
		return 0, nil, e
	}
	items, errs := object{}, object{}
	for i, x := range list {
		idx := itoa(i)
		b, _ := x.(map[string]any)
		fe := fieldErrors{}
		if str(b["webhook_url"]) == "" {
			fe.add("webhook_url", "VALUE_REQUIRED", "Value must be present and not equal to null")
		}
		if !webhookEvents[str(b["event_type"])] {
			fe.add("event_type", "UNKNOWN_ENUM_VALUE", "Unknown event type")
		}
		if _, ok := st.pools.get(str(b["pool_id"])); !ok {
			fe.add("pool_id", "ENTITY_DOES_NOT_EXIST", "Pool does not exist")
		}
		if len(fe) > 0 {
			errs[idx] = fe
			continue
		}
		var found object
		st.webhooks.each(func(o object) bool {
			if o["pool_id"] == b["pool_id"] && o["event_type"] == b["event_type"] {
				found = o
				return false
			}
			return true
		})
		if found == nil {
			found = object{"id": st.numericID("webhook"), "created": st.now()}
			st.webhooks.add(found)
		}
		for k, v := range b {
			if !readOnly[k] {
				found[k] = v
			}
		}
		items[idx] = found
	}
	res := object{"items": items}
	if len(errs) > 0 {
		res["validation_errors"] = errs
	}
	return http.StatusCreated, res, nil
}

func itoa(i int) string {
	return str(jsonInt(i))
}
