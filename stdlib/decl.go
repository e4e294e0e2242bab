package stdlib

import "github.com/tolokash/tolokash/internal/decl"

// Declarations describe stdlib's part of the script environment — DataFrame,
// require('fs'), require('csv'), require('compress'), sleep and env — for
// TypeScript, help() and completion.
func Declarations() []decl.Section {
	p := func(name, typ, doc string) decl.Param { return decl.Param{Name: name, Type: typ, Doc: doc} }
	opt := func(name, typ, doc string) decl.Param {
		return decl.Param{Name: name, Type: typ, Optional: true, Doc: doc}
	}
	m := func(name, ret, doc string, params ...decl.Param) decl.Member {
		return decl.Member{Name: name, Returns: ret, Doc: doc, Params: params}
	}
	static := func(mm decl.Member) decl.Member { mm.Static = true; return mm }
	prop := func(name, typ, doc string) decl.Member {
		return decl.Member{Name: name, Property: true, Readonly: true, Returns: typ, Doc: doc}
	}
	cols := p("columns", "string | string[]", "a column name or a list of them")
	readOpts := opt("options", "ReadOptions", "header (default true), names, delimiter")
	df := decl.Type{Name: "DataFrame", Kind: decl.Class, Global: "DataFrame",
		Doc: "A table of rows and named columns, in memory: toloka.getAssignmentsDf(…) returns one, DataFrame.readCSV(path) reads one.\nMethods return new frames; values are strings, numbers, booleans, null, or lists and objects.",
		Members: []decl.Member{
			{Name: "constructor", Params: []decl.Param{opt("columns", "Record<string, any[]>", "column name → its values, all of one length")},
				Doc: "A frame from columns: new DataFrame({a: [1, 2], b: ['x', 'y']})."},
			static(m("fromRecords", "DataFrame", "A frame from objects (an array or any iterable, a lazy iterator too): one row each; nested fields become dotted columns.",
				p("records", "Iterable<Record<string, any>>", ""))),
			static(m("readCSV", "DataFrame", "Reads a CSV file (.gz and .zst are decompressed): the first row names the columns unless header is false.",
				p("path", "string", ""), readOpts)),
			static(m("readTSV", "DataFrame", "Reads a TSV file, as readCSV.", p("path", "string", ""), readOpts)),
			static(decl.Member{Name: "concat", Returns: "DataFrame", Doc: "Rows of every frame, one after the other; a column missing from one is null there.",
				Params: []decl.Param{{Name: "frames", Type: "DataFrame[] | DataFrame", Rest: true}},
				TS:     "static concat(frames: DataFrame[]): DataFrame;\nstatic concat(...frames: DataFrame[]): DataFrame;"}),
			prop("columns", "string[]", "The column names, in order."),
			prop("length", "number", "How many rows."),
			prop("shape", "[number, number]", "[rows, columns]"),
			prop("dtypes", "Record<string, string>", "Each column's type: number, string, boolean, object or mixed."),
			m("head", "DataFrame", "The first n rows (default 5).", opt("n", "number", "default 5")),
			m("tail", "DataFrame", "The last n rows (default 5).", opt("n", "number", "default 5")),
			m("sample", "DataFrame", "n rows drawn at random, without repeats (all of them when n is larger); seed makes the draw repeatable.",
				p("n", "number", ""), opt("options", "{ seed?: number }", "")),
			m("select", "DataFrame", "Only these columns, in this order.", cols),
			m("drop", "DataFrame", "Without these columns.", cols),
			m("rename", "DataFrame", "Columns renamed: {old: 'new'}.", p("mapping", "Record<string, string>", "")),
			m("filter", "DataFrame", "The rows fn keeps.", p("fn", "(row: Record<string, any>, index: number) => boolean", "")),
			m("withColumn", "DataFrame", "A column added (or replaced) with fn's value for each row.", p("name", "string", ""),
				p("fn", "(row: Record<string, any>, index: number) => any", "")),
			m("sort", "DataFrame", "Rows sorted by these columns; desc: true for largest first; nulls last.", cols,
				opt("options", "{ desc?: boolean }", "")),
			m("unique", "any[]", "A column's distinct values, in order of first appearance.", p("column", "string", "")),
			m("dropDuplicates", "DataFrame", "Rows with the same values in these columns (default all) kept once.",
				decl.Param{Name: "columns", Type: "string | string[]", Optional: true}),
			m("valueCounts", "DataFrame", "How often each value of a column occurs, most frequent first.", p("column", "string", "")),
			m("groupBy", "GroupBy", "Rows grouped by these columns: .count() or .agg({column: how}).", cols),
			m("join", "DataFrame", "Rows matched on columns with another frame; how: inner (default), left, right or outer.",
				p("other", "DataFrame", ""), p("on", "string | string[]", ""), opt("options", "{ how?: 'inner' | 'left' | 'right' | 'outer' }", "")),
			{Name: "concat", Returns: "DataFrame", Doc: "This frame's rows, then the others'.",
				Params: []decl.Param{{Name: "others", Type: "DataFrame[] | DataFrame", Rest: true}},
				TS:     "concat(others: DataFrame[]): DataFrame;\nconcat(...others: DataFrame[]): DataFrame;"},
			m("get", "any[]", "A column's values.", p("column", "string", "")),
			m("row", "Record<string, any>", "Row i as an object.", p("i", "number", "")),
			m("toRecords", "Record<string, any>[]", "Every row as an object."),
			m("describe", "DataFrame", "count, mean, std, min and max of each numeric column."),
			m("toCSV", "string", "Writes CSV to path (compressed by extension: .gz, .zst; atomically), or returns it without a path.",
				opt("path", "string", "")),
			m("toTSV", "string", "Writes TSV to path, or returns it, as toCSV.", opt("path", "string", "")),
			m("toJSON", "any", "Writes the rows as JSON to a .json path, or returns them as objects.", opt("path", "string", "")),
			m("print", "void", "Prints the frame as a table fitted to the terminal's width; maxRows rows at most (default 20: the first and last 10).",
				opt("options", "{ width?: number; maxRows?: number }", "")),
			m("toString", "string", "The table print shows.", opt("options", "{ width?: number; maxRows?: number }", "")),
		}}
	groupBy := decl.Type{Name: "GroupBy", Kind: decl.Interface, Doc: "Rows of a DataFrame grouped by columns (df.groupBy(…)).",
		Members: []decl.Member{
			m("count", "DataFrame", "One row per group with the group's size in count."),
			m("agg", "DataFrame", "One row per group, each column reduced: count, sum, mean, min, max, first, mode (the most frequent value) or list.",
				p("spec", "Record<string, 'count' | 'sum' | 'mean' | 'min' | 'max' | 'first' | 'mode' | 'list'>", "")),
		}}
	lines := decl.Type{Name: "Lines", Kind: decl.Interface, Extends: "IterableIterator<T>", Generic: "<T>",
		Doc: "A file read lazily, one item at a time: memory stays flat whatever its size.",
		Members: []decl.Member{
			m("next", "IteratorResult<T>", "The next item: {value, done}."),
			{Name: "return", Params: []decl.Param{opt("value", "any", "")}, Returns: "IteratorResult<T>", Doc: "Stops reading and closes the file."},
		}}
	fs := decl.Type{Name: "fs", Kind: decl.Module, Doc: "Files: read and write text, JSON and lines; writes are atomic (a temporary file renamed).",
		Members: []decl.Member{
			{Name: "readFile", Returns: "string", Doc: "A file's text; with encoding null, its bytes as a Buffer.",
				Params: []decl.Param{p("path", "string", ""), opt("options", "string | null | { encoding?: string | null }", "'utf8' (default) or null")},
				TS:     "export function readFile(path: string, options?: 'utf8' | { encoding?: 'utf8' }): string;\nexport function readFile(path: string, options: null | { encoding: null }): Buffer;"},
			m("writeFile", "void", "Writes text or bytes to a file, atomically.", p("path", "string", ""), p("data", "string | Uint8Array", "")),
			m("readJSON", "any", "A JSON file, parsed.", p("path", "string", "")),
			m("writeJSON", "void", "Writes a value as JSON (indented by 2 unless told), atomically.", p("path", "string", ""), p("value", "any", ""),
				opt("options", "{ indent?: number | string }", "")),
			m("readLines", "Lines<string>", "A file's lines, read lazily (.gz and .zst decompressed).", p("path", "string", "")),
			m("exists", "boolean", "Whether a file or directory exists.", p("path", "string", "")),
			m("mkdir", "void", "Makes a directory and its parents.", p("path", "string", "")),
			m("readdir", "string[]", "The names in a directory.", p("path", "string", "")),
			m("remove", "void", "Removes a file or a directory with everything in it.", p("path", "string", "")),
		}}
	csvMod := decl.Type{Name: "csv", Kind: decl.Module, Doc: "CSV and TSV files too big for a DataFrame, read and written a row at a time.",
		Members: []decl.Member{
			m("reader", "Lines<Record<string, any>>", "The rows of a file (the first row names the columns) as objects, lazily; TSV by the file's name.",
				p("path", "string", ""), opt("options", "{ delimiter?: string }", "")),
			m("writer", "CSVWriter", "Writes rows to a file (atomically, on close); the columns must be given.",
				p("path", "string", ""), p("options", "{ columns: string[]; delimiter?: string }", "")),
		}}
	writer := decl.Type{Name: "CSVWriter", Kind: decl.Interface, Doc: "A CSV file being written (csv.writer(…)).",
		Members: []decl.Member{
			m("write", "void", "Writes one row: the values of the columns, by name.", p("row", "Record<string, any>", "")),
			m("close", "void", "Finishes the file: until then nothing is in place."),
		}}
	compress := decl.Type{Name: "compress", Kind: decl.Module, Doc: "gzip and zstd, in memory and between files.",
		Members: []decl.Member{
			m("gzip", "Buffer", "Compresses with gzip.", p("data", "string | Uint8Array", "")),
			m("gunzip", "Buffer", "Decompresses gzip.", p("data", "Uint8Array", "")),
			m("zstd", "Buffer", "Compresses with zstd.", p("data", "string | Uint8Array", "")),
			m("unzstd", "Buffer", "Decompresses zstd.", p("data", "Uint8Array", "")),
			m("compressFile", "void", "Copies a file, compressed (or decompressed) by the names' extensions.", p("from", "string", ""), p("to", "string", "")),
		}}
	globals := decl.Type{Name: "stdlib", Kind: decl.Functions, Doc: "Globals",
		Members: []decl.Member{
			m("sleep", "void", "Waits ms milliseconds (Ctrl-C ends the wait).", p("ms", "number", "")),
			{Name: "env", Property: true, Readonly: true, Returns: "Record<string, string>", Doc: "The environment variables."},
		}}
	readOptions := decl.Type{Name: "ReadOptions", Kind: decl.Interface, Doc: "How DataFrame.readCSV and readTSV read a file.",
		Members: []decl.Member{
			{Name: "header", Property: true, Optional: true, Returns: "boolean", Doc: "The first row names the columns (default true)."},
			{Name: "names", Property: true, Optional: true, Returns: "string[]", Doc: "The column names (with header: false, or to rename)."},
			{Name: "delimiter", Property: true, Optional: true, Returns: "string", Doc: "One character; by default , for CSV and a tab for TSV."},
		}}
	return []decl.Section{{Name: "DataFrame, fs, csv, compress", Types: []decl.Type{df, groupBy, readOptions, lines, fs, csvMod, writer, compress, globals}},
		{Name: "require('toloka/aggregation'): crowd-kit's aggregation", Types: aggregationTypes()}}
}
