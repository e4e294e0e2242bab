package tb_test

import (
	"fmt"

	"github.com/tolokash/tolokash/client/tb"
)

// The interface of toloka-kit's "learn the basics" notebook: an image and a
// choice of two, built as Toloka takes it.
func ExampleViewSpec() {
	spec, err := tb.ViewSpec{
		View: tb.ListViewV1{Items: []tb.Component{
			tb.ImageViewV1{URL: tb.InputData{Path: "image"}, Ratio: []any{1, 1}},
			tb.RadioGroupFieldV1{Data: tb.OutputData{Path: "result"},
				Options:    []any{tb.GroupFieldOption{Value: "cat", Label: "Cat"}, tb.GroupFieldOption{Value: "dog", Label: "Dog"}},
				Validation: tb.RequiredConditionV1{}},
		}},
		Plugins: []tb.Component{tb.TolokaPluginV1{Layout: tb.TolokaPluginLayout{Kind: tb.TolokaPluginLayoutKindScroll, TaskWidth: 400}}},
	}.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(spec.Type, spec.Lock)
	// Output: tb map[condition.required:1.0.0 core:1.0.0 field.radio-group:1.0.0 plugin.toloka:1.0.0 view.image:1.0.0 view.list:1.0.0]
}

// A mistake is an error naming the component and the field.
func ExampleViewSpec_error() {
	_, err := tb.ViewSpec{View: tb.ImageViewV1{URL: tb.InputData{Path: "image"}, Ratio: "1:1"}}.Build()
	fmt.Println(err)
	// Output: tb.ViewSpec: tb.TemplateBuilder.view: tb.ImageViewV1.ratio: expected a Template Builder component or a slice of Template Builder components or numbers, got a string "1:1"
}
