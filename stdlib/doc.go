// Package stdlib will hold the JavaScript modules written in Go: DataFrame,
// fs, csv and compress. It is not built yet: see the open issue "DataFrames and files".
package stdlib
