// Package client is a Go client of the Toloka requester API.
//
// Every method of toloka-kit's TolokaClient is one row of the endpoint table
// (see Endpoints). The typed methods (GetPool, Assignments, CreateTasks, …) are
// thin wrappers over Invoke, the generic entry point that the JavaScript
// bindings use too, so no method can be forgotten by either.
package client
