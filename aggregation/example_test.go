package aggregation_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/tolokash/tolokash/aggregation"
)

// The toy dataset of crowd-kit's tests: five workers, five yes/no tasks.
var (
	workers = []string{"w1", "w1", "w1", "w1", "w1", "w2", "w2", "w2", "w2", "w2", "w3", "w3", "w3", "w3",
		"w4", "w4", "w4", "w4", "w4", "w5", "w5", "w5", "w5", "w5"}
	tasks = []string{"t1", "t2", "t3", "t4", "t5", "t1", "t2", "t3", "t4", "t5", "t2", "t3", "t4", "t5",
		"t1", "t2", "t3", "t4", "t5", "t1", "t2", "t3", "t4", "t5"}
	labels = []string{"no", "yes", "yes", "yes", "yes", "yes", "yes", "no", "yes", "no", "yes", "no", "yes", "no",
		"yes", "no", "yes", "yes", "no", "no", "no", "no", "yes", "no"}
)

func ExampleDawidSkene() {
	answers, names, err := aggregation.FromStrings(tasks, workers, labels)
	if err != nil {
		panic(err)
	}
	ds := aggregation.NewDawidSkene()
	ds.NIter = 10
	if err := ds.Fit(context.Background(), answers, nil, nil); err != nil {
		panic(err)
	}
	var out []string
	for t, l := range ds.Labels {
		out = append(out, names.Tasks[t]+"="+names.Labels[l])
	}
	fmt.Println(strings.Join(out, " "))
	fmt.Printf("%d iterations, priors %.3f\n", len(ds.LossHistory), ds.Priors)
	// w1 answers yes where the truth is no: its error matrix shows it.
	fmt.Printf("w1 says yes to a no: %.2f\n", ds.Errors.Row(ds.Errors.Find(0, 1))[0])
	// Output:
	// t1=yes t2=yes t3=no t4=yes t5=no
	// 6 iterations, priors [0.400 0.600]
	// w1 says yes to a no: 1.00
}

func ExampleMajorityVote() {
	answers, names, _ := aggregation.FromStrings(tasks, workers, labels)
	mv := aggregation.NewMajorityVote()
	if err := mv.Fit(context.Background(), answers, nil); err != nil {
		panic(err)
	}
	// t1 has two votes each: the tie goes to the label that sorts first.
	fmt.Println(names.Labels[mv.Labels[0]], mv.Probas.Row(0))
	for w, s := range mv.Skills {
		fmt.Printf("%s %.1f\n", names.Workers[w], s)
	}
	// Output:
	// no [0.5 0.5]
	// w1 0.6
	// w2 0.8
	// w3 1.0
	// w4 0.4
	// w5 0.8
}

func ExampleGoldMajorityVote() {
	answers, names, _ := aggregation.FromStrings(tasks, workers, labels)
	// t1 and t2 are golden tasks whose answer is yes (code 1).
	golden := &aggregation.Truth{Task: []int32{0, 1}, Label: []int32{1, 1}}
	var g aggregation.GoldMajorityVote
	if err := g.FitPredict(context.Background(), answers, golden); err != nil {
		panic(err)
	}
	var out []string
	for t, l := range g.Labels {
		out = append(out, names.Tasks[t]+"="+names.Labels[l])
	}
	fmt.Println(strings.Join(out, " "))
	fmt.Println("skills", g.Skills)
	// Output:
	// t1=yes t2=yes t3=no t4=yes t5=no
	// skills [0.5 1 1 0.5 0]
}

func ExampleAccuracy() {
	answers, _, _ := aggregation.FromStrings(tasks, workers, labels)
	golden := &aggregation.Truth{Task: []int32{0, 1}, Label: []int32{1, 1}}
	perWorker, total, err := aggregation.Accuracy(answers, golden)
	if err != nil {
		panic(err)
	}
	fmt.Println(perWorker, total)
	// Output:
	// [0.5 1 1 0.5 0] 0.5555555555555556
}

func ExampleBradleyTerry() {
	// Three comparisons: a beats b, b beats c, a beats c.
	items := aggregation.NewCoder[string]()
	p := &aggregation.Pairs{NumWorkers: 1}
	for _, c := range [][3]string{{"a", "b", "a"}, {"b", "c", "b"}, {"c", "a", "a"}} {
		p.Worker = append(p.Worker, 0)
		p.Left = append(p.Left, items.Code(c[0]))
		p.Right = append(p.Right, items.Code(c[1]))
		p.Label = append(p.Label, items.Code(c[2]))
	}
	p.NumItems = items.Len()
	bt := aggregation.NewBradleyTerry(10)
	bt.Tol = 0
	if err := bt.Fit(context.Background(), p); err != nil {
		panic(err)
	}
	for i, s := range bt.Scores {
		fmt.Printf("%s %.3f\n", items.Keys()[i], s)
	}
	// Output:
	// a 0.935
	// b 0.065
	// c 0.000
}

func ExampleCoder() {
	// Code values as they come, then renumber them in sorted order.
	c := aggregation.NewCoder[string]()
	codes := []int32{c.Code("parrot"), c.Code("goose"), c.Code("parrot"), c.Code("chicken")}
	aggregation.Recode(codes, c.Sort(func(a, b string) int {
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}))
	fmt.Println(codes, c.Keys())
	// Output:
	// [2 1 2 0] [chicken goose parrot]
}
