package emulator

import "strconv"

// Message threads and webhook subscriptions.

func (st *state) composeThread(r apiRequest) (int, any, *apiError) {
	b, err := bodyObject(r)
	if err != nil {
		return 0, nil, err
	}
	fe := fieldErrors{}
	composeForm.check(fe, b, "")
	sel := str(b["recipients_select_type"])
	switch {
	case sel == "DIRECT" && len(asList(b["recipients_ids"])) == 0:
		fe.add("recipients_ids", "VALUE_REQUIRED", "DIRECT messages need recipients_ids")
	case sel == "FILTER" && b["recipients_filter"] == nil:
		fe.add("recipients_filter", "VALUE_REQUIRED", "FILTER messages need recipients_filter")
	}
	if e := fe.err(); e != nil {
		return 0, nil, e
	}
	composeForm.fill(b)
	me := object{"id": st.requester["id"], "role": "REQUESTER", "myself": true}
	t := object{"id": st.numericID("thread"), "topic": b["topic"], "answerable": b["answerable"], "folders": []any{"OUTBOX"},
		"interlocutors_inlined": true, "interlocutors": []any{me}, "messages_inlined": true,
		"messages":        []any{object{"text": b["text"], "from": me, "created": st.now()}},
		"meta":            object{},
		"compose_details": object{"recipients_select_type": sel, "recipients_ids": b["recipients_ids"], "recipients_filter": b["recipients_filter"]},
		"created":         st.now()}
	st.threads.add(t)
	return 201, t, nil
}

func (st *state) replyThread(r apiRequest) (int, any, *apiError) {
	t, b, err := bodyFor(r, st.threads, "Message thread")
	if err != nil {
		return 0, nil, err
	}
	if e := replyForm.validate(b); e != nil {
		return 0, nil, e
	}
	me := object{"id": st.requester["id"], "role": "REQUESTER", "myself": true}
	t["messages"] = append(asList(t["messages"]), object{"text": b["text"], "from": me, "created": st.now()})
	var kept []any // a thread is unread until the first reply
	for _, f := range asList(t["folders"]) {
		if f != "UNREAD" {
			kept = append(kept, f)
		}
	}
	t["folders"] = orEmpty(kept)
	return 200, t, nil
}

var folders = map[string]bool{"INBOX": true, "OUTBOX": true, "AUTOMATIC_NOTIFICATION": true, "IMPORTANT": true, "UNREAD": true}

func (st *state) threadFolders(add bool) handlerFunc {
	return func(r apiRequest) (int, any, *apiError) {
		t, b, err := bodyFor(r, st.threads, "Message thread")
		if err != nil {
			return 0, nil, err
		}
		if e := foldersForm.validate(b); e != nil {
			return 0, nil, e
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

// upsertWebhooks creates subscriptions, or updates the one for the same pool and event.
func (st *state) upsertWebhooks(r apiRequest) (int, any, *apiError) {
	var list []any
	if e := decodeBody(r, &list); e != nil {
		return 0, nil, e
	}
	items, errs := object{}, object{}
	for i, x := range list {
		idx := strconv.Itoa(i)
		b, _ := x.(map[string]any)
		fe := fieldErrors{}
		webhookForm.check(fe, b, "")
		if _, ok := st.pools.get(str(b["pool_id"])); !ok && b["pool_id"] != nil {
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
	return 201, res, nil
}
