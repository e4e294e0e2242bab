// Package bindings binds the Toloka client to JavaScript as the `toloka` global.
package bindings
