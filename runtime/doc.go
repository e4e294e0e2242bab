// Package runtime will be the embeddable JavaScript runtime (goja) with the
// `toloka` global. It is not built yet: see the open issue "The JavaScript
// runtime and the `toloka` global".
package runtime
