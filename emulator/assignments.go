package emulator

import (
	"fmt"
	"strings"
)

// accept moves a submitted assignment to ACCEPTED and pays its reward.
func (st *state) accept(a object, comment string) {
	a["status"] = "ACCEPTED"
	a["accepted"] = st.now()
	if comment != "" {
		a["public_comment"] = comment
	}
	if r, ok := ratOf(a["reward"]); ok {
		st.balance.Sub(st.balance, r)
	}
}

func (st *state) patchAssignment(r apiRequest) (int, any, *apiError) {
	id := r.id
	a, p, err := bodyFor(r, st.assignments, "Assignment")
	if err != nil {
		return 0, nil, err
	}
	status := str(p["status"])
	comment := str(p["public_comment"])
	switch status {
	case "ACCEPTED", "REJECTED":
		// A rejection may be turned into an acceptance (ACCEPT_AFTER_REJECT).
		if a["status"] != "SUBMITTED" && !(a["status"] == "REJECTED" && status == "ACCEPTED") {
			return 0, nil, conflict("INAPPROPRIATE_STATUS", fmt.Sprintf("Assignment %s is %s; only SUBMITTED assignments can be %s", id, a["status"], strings.ToLower(status)))
		}
		if status == "REJECTED" && comment == "" {
			return 0, nil, fieldErrorsOne("public_comment", "VALUE_REQUIRED", "A rejection needs a comment")
		}
		st.review(a, status, comment)
	case "":
		if comment != "" {
			a["public_comment"] = comment
		}
	default:
		return 0, nil, fieldErrorsOne("status", "VALUE_NOT_ALLOWED", "status must be ACCEPTED or REJECTED")
	}
	return 200, a, nil
}

func (st *state) requesterJSON() object {
	r := clone(st.requester)
	r["balance"] = money(st.balance)
	return r
}
