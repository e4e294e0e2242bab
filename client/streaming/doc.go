// Package streaming runs requester automation that goes on for hours, as
// toloka-kit's toloka.streaming does: a Pipeline calls observers once a
// period; an AssignmentsObserver hands a pool's assignment events
// (submitted, accepted, …) to handlers in time order, reading them with a
// Cursor that stays a lag behind the present so that none is missed; a
// PoolStatusObserver reports a pool opening or closing. With a Storage
// (JSONLocalStorage) the cursors are saved after every batch, and a stopped
// pipeline resumes where it stopped.
//
// The JavaScript runtime binds the package as require('toloka/streaming').
package streaming
