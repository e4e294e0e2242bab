package stdlib_test

import (
	"context"
	"fmt"
	"os"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/runtime"
	"github.com/tolokash/tolokash/stdlib"
)

// Every runtime has the stdlib: a script works on a DataFrame, and the Go
// program gets the frame it returns as records (what its toJSON gives).
func Example() {
	rt, err := runtime.New(runtime.Options{Stdout: os.Stdout})
	if err != nil {
		panic(err)
	}
	defer rt.Close()
	v, err := rt.Run(context.Background(), `
		const answers = new DataFrame({
			task:  ['t1', 't1', 't1', 't2', 't2', 't2'],
			label: ['cat', 'cat', 'dog', 'dog', 'dog', 'cat'],
		});
		answers.groupBy('task').agg({label: 'mode'})`)
	if err != nil {
		panic(err)
	}
	for _, row := range v.([]any) {
		fmt.Println(row.(map[string]any)["task"], row.(map[string]any)["label"])
	}
	// Output:
	// t1 cat
	// t2 dog
}

// On a goja VM of one's own (without the runtime), Register installs the
// DataFrame class and the sleep and env globals; RegisterModules adds fs,
// csv, compress and toloka/aggregation to a require registry.
func ExampleRegister() {
	vm := goja.New()
	if err := stdlib.Register(vm, stdlib.Options{Stdout: os.Stdout, NoFiles: true, NoEnv: true}); err != nil {
		panic(err)
	}
	v, err := vm.RunString(`new DataFrame({n: [1, 2, 3]}).get('n').reduce((a, b) => a + b)`)
	fmt.Println(v, err)
	// Output:
	// 6 <nil>
}
