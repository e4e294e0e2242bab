package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Sentinels for errors.Is: every *APIError matches the sentinel of its code's class.
var (
	ErrValidation               = errors.New("validation error")
	ErrAuthentication           = errors.New("authentication error")
	ErrAccessDenied             = errors.New("access denied")
	ErrNotFound                 = errors.New("does not exist")
	ErrConflict                 = errors.New("conflict state")
	ErrTooManyRequests          = errors.New("too many requests")
	ErrInternal                 = errors.New("internal error")
	ErrRemoteServiceUnavailable = errors.New("remote service unavailable")
	ErrIncorrectAction          = errors.New("incorrect action")
)

var codeClass = map[string]error{
	"VALIDATION_ERROR":           ErrValidation,
	"AUTHENTICATION_ERROR":       ErrAuthentication,
	"ACCESS_DENIED":              ErrAccessDenied,
	"DOES_NOT_EXIST":             ErrNotFound,
	"CONFLICT_STATE":             ErrConflict,
	"TOO_MANY_REQUESTS":          ErrTooManyRequests,
	"INTERNAL_ERROR":             ErrInternal,
	"REMOTE_SERVICE_UNAVAILABLE": ErrRemoteServiceUnavailable,
}

// incorrectActionCodes are the business-rule codes toloka-kit maps to IncorrectActionsApiError.
var incorrectActionCodes = strings.Fields(`ACCOUNT_ALREADY_USED ACCOUNT_MUST_BE_IDENTIFIED ADJUSTER_NOT_FOUND
ALL_ASSIGNMENTS_EXHAUSTED ASSIGNMENTS_AGGREGATION_DENIED ASSIGNMENTS_COUNT_CONFLICT BATCH_INITIALIZATION_ERROR
BATCH_REJECTED BILLING_NOT_SYNCHRONIZED CAPTCHA_REQUIRED DELETE_ALL_TASKS_CONFLICT EMPTY_POOL INAPPROPRIATE_STATUS
INCORRECT_RECIPIENTS INVALID_OPERATION_TYPE INVALID_REFERRAL_CODE INVALID_WORKER_STATUS_ERROR MIXER_CONFIG_REQUIRED
NEED_PHONE_CONFIRMATION NOT_ENOUGH_BALANCE OAUTH_AUTHENTICATION_ERROR OPERATION_ALREADY_EXISTS
OPERATION_EXECUTION_ERROR OPERATION_LOGS_ARCHIVED PAYONEER_ACCOUNT_NOT_ACTIVE PAYPAL_AUTH_CODE_INVALID
PAYPAL_UNVERIFIED_USER POOL_ASSIGNMENTS_COUNT_EXCEEDED POOL_ASSIGNMENTS_EXHAUSTED POOL_INAPPROPRIATE_STATUS
POOL_INVALID_FILTER_FOR_MAP_ISSUING POOL_IS_TRAINING POOL_LOCKED_BY_ANOTHER_OPERATION POOL_TASKS_COUNT_EXCEEDED
POOL_TASK_SUITES_COUNT_EXCEEDED POOL_TASK_TYPE_CONFLICT PROJECT_INAPPROPRIATE_STATUS RESULTS_EXPIRED
SECURE_PHONE_DUPLICATION SECURE_PHONE_MISSING SECURE_PHONE_WAS_CHANGED SKILL_IS_TRAINING SKILL_IS_USED
SKILL_IS_USED_BY_PROJECTS SKILL_REMOVED SUBMITTED_ASSIGNMENTS_CONFLICT SYNC_POOL_CLONE_ERROR
SYSTEM_SCOPE_MODIFICATION TASK_VALIDATION_ERROR THERE_IS_ACTIVE_ASSIGNMENT THERE_IS_REJECTED_ASSIGNMENT
TOO_MANY_ACTIVE_ASSIGNMENTS TRAINING_ARCHIVE_CONFLICT UNABLE_TO_UPLOAD_FILE UNARCHIVED_POOLS_CONFLICT
UNSUPPORTED_ALGORITHM UNSUPPORTED_REGION USER_ALREADY_REGISTERED USER_HAS_PDD_ALIAS
WITHDRAWAL_TRANSACTION_CANNOT_BE_CANCELLED WITHDRAWAL_TRANSACTION_CANNOT_BE_CANCELLED_DUE_TO_TIME_LIMIT
WORKER_SKILL_EXISTS WRONG_FILE_FORMAT WRONG_REVISION`)

func init() {
	for _, code := range incorrectActionCodes {
		codeClass[code] = ErrIncorrectAction
	}
}

// APIError is an error answer of the Toloka API (or a client-side error of the same shape).
type APIError struct {
	Status    int             // HTTP status; 0 for an error built by the client
	Code      string          // VALIDATION_ERROR, DOES_NOT_EXIST, EMPTY_POOL, …
	Message   string          // the server's message
	Payload   json.RawMessage // details: field errors, quota interval, …
	RequestID string          // quote it to Toloka support
	Method    string          // toloka-kit name of the method that failed
	Verb      string          // the HTTP verb of its request: GET, POST, …
	Path      string          // the path of its request
	// Quota is the exceeded quota window (MIN, HOUR, DAY) of a TOO_MANY_REQUESTS answer.
	Quota Quota
}

func (e *APIError) Error() string {
	var b strings.Builder
	if e.Method != "" {
		b.WriteString(e.Method + ": ")
	}
	code := e.Code
	if code == "" {
		code = "HTTP error"
	}
	b.WriteString(code)
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d", e.Status)
		if e.Verb != "" {
			fmt.Fprintf(&b, " on %s %s", e.Verb, e.Path)
		}
		b.WriteString(")")
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Quota != "" {
		fmt.Fprintf(&b, " [quota %s]", e.Quota)
	}
	if fields := e.InvalidFields(); len(fields) > 0 {
		b.WriteString(" [invalid fields: " + strings.Join(fields, ", ") + "]")
	}
	if e.RequestID != "" {
		b.WriteString(" (request id " + e.RequestID + ")")
	}
	return b.String()
}

// Is matches the sentinel of the error's code class.
func (e *APIError) Is(target error) bool {
	if class, ok := codeClass[e.Code]; ok && class == target {
		return true
	}
	return false
}

// InvalidFields lists the field paths of a validation error's payload, sorted.
func (e *APIError) InvalidFields() []string {
	if e.Code != "VALIDATION_ERROR" || len(e.Payload) == 0 {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(e.Payload, &m) != nil {
		return nil
	}
	fields := make([]string, 0, len(m))
	for k, v := range m {
		// A batch create keys its errors by the item's index, then by field:
		// {"0": {"pool_id": {...}}} names "0.pool_id", so the field shows.
		var inner map[string]json.RawMessage
		if _, err := strconv.Atoi(k); err == nil && json.Unmarshal(v, &inner) == nil && len(inner) > 0 && !hasKey(inner, "code") {
			for f := range inner {
				fields = append(fields, k+"."+f)
			}
			continue
		}
		fields = append(fields, k)
	}
	sort.Strings(fields)
	return fields
}

func hasKey(m map[string]json.RawMessage, k string) bool { _, ok := m[k]; return ok }

// Retryable reports whether the status is one the default policy retries.
func (e *APIError) retryableStatus() bool {
	return slices.Contains([]int{408, 429, 500, 502, 503, 504}, e.Status)
}

// DecodeError reports an answer that could not be decoded.
type DecodeError struct {
	Method string
	Err    error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s: decoding the answer: %v", e.Method, e.Err)
}
func (e *DecodeError) Unwrap() error { return e.Err }

// ArgError reports a bad argument found before any request was sent.
type ArgError struct {
	Method string // toloka-kit name of the method
	Param  string // the argument or option, or a field path inside it
	Want   string // what was expected
	Got    string // what was given
	Hint   string // "did you mean pool_id?", when one is close
}

func (e *ArgError) Error() string { return e.Method + ": " + e.Detail() }

// Detail is the error without the method's name: "argument status: expected
// a string, got a number", or "unknown option pool; did you mean pool_id?".
func (e *ArgError) Detail() string {
	if e.Got == "an unknown option" {
		msg := "unknown option " + e.Param
		if e.Hint != "" {
			return msg + "; " + e.Hint
		}
		return msg + " (" + e.Want + ")"
	}
	msg := fmt.Sprintf("argument %s: expected %s, got %s", e.Param, e.Want, e.Got)
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

// OperationFailedError is returned when a waited operation ends with status FAIL.
type OperationFailedError struct {
	Method    string
	Operation *Operation
}

func (e *OperationFailedError) Error() string {
	msg := fmt.Sprintf("operation %s (%s) failed", e.Operation.ID, e.Operation.Type)
	if d := e.Operation.Details; d != nil {
		if b, err := json.Marshal(d); err == nil && string(b) != "{}" {
			msg += ": details " + string(b)
		}
	}
	if e.Method != "" {
		msg = e.Method + ": " + msg
	}
	return msg
}

// WaitTimeoutError is returned when an operation did not end within the wait's limit.
// The operation goes on on the server.
type WaitTimeoutError struct {
	Operation *Operation
	Timeout   string
}

func (e *WaitTimeoutError) Error() string {
	return fmt.Sprintf("operation %s (%s) still %s after %s; it goes on on the server: check it with get_operation(%q)",
		e.Operation.ID, e.Operation.Type, e.Operation.Status, e.Timeout, e.Operation.ID)
}
