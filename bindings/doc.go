// Package bindings will bind every row of the client's endpoint table to
// JavaScript as the `toloka` global. It is not built yet: see the open issue
// "The JavaScript runtime and the `toloka` global".
package bindings
