package client

import "strings"

// Behaviour says in sentences what the method does beyond sending its
// route, from the row's fields: help(), the TypeScript declarations and the
// typed Go methods' docs show them, so what a row does can be read wherever
// the method is.
func (e *Endpoint) Behaviour() []string {
	var out []string
	if e.Kind == KindIterator {
		out = append(out, "Pages with "+e.Find+", sorted by "+e.Cursor+": each page asks for the items after the last one ("+e.Cursor+"_gt).")
	}
	if e.Async != "" {
		out = append(out, "Sends the request of "+e.Async+", waits for its operation and fails if the operation fails.")
	}
	if c := e.Create; c != nil {
		out = append(out, "Idempotent: it carries an operation_id (a fresh one unless given), and carries on with the operation "+
			"of that id when a retried request finds it already started (OPERATION_ALREADY_EXISTS).")
		if e.Kind == KindSync {
			out = append(out, "Sends async_mode=true, waits for its "+c.Operation+" operation and reads what it made back with "+c.ReadBack+
				" (async_mode: false sends one synchronous request instead).")
		}
	}
	if e.Run != nil && e.Run.Does != "" {
		out = append(out, strings.ToUpper(e.Run.Does[:1])+e.Run.Does[1:]+".")
	}
	if rb := e.ReadBack; rb != nil {
		where := rb.ID
		if from, name, inOp := strings.Cut(rb.ID, "."); inOp {
			where = "the operation's " + rb.ID
			if from == "parameters" {
				where += ", or " + name + " when there was nothing to do"
			}
		}
		out = append(out, "Then reads the result with "+rb.Method+"("+where+").")
	}
	switch {
	case e.Resend == ResendAlways:
		out = append(out, "Resent after a failure that may have reached the server: doing it twice does what doing it once does.")
	case !e.SafeToResend():
		out = append(out, "Not resent blindly after a failure that may have reached the server; a 429 or a refused connection, "+
			"which the server did not act on, are retried.")
	}
	return out
}
