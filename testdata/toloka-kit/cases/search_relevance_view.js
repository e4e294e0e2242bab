// examples/8.search_relevance: a sidebar layout, an alert, an action button
const product_image = tb.ImageViewV1(tb.InputData('imagepath'));
const product_description = tb.MarkdownViewV1(tb.InputData('title'), {label: 'Product title:'});
const request = tb.AlertViewV1(tb.TextViewV1(tb.InputData('query')), {label: 'Search query', theme: 'info'});
const google_link = tb.ActionButtonViewV1(tb.OpenLinkActionV1(tb.InputData('search_url')), {label: 'Search query in Google'});
const divider = tb.DividerViewV1();
const label = tb.RadioGroupFieldV1(
  tb.OutputData('result_class'),
  {
    label: 'Choose relevance class',
    options: [
      tb.GroupFieldOption('relevant', 'Relevant'),
      tb.GroupFieldOption('relevant_minus', 'Slightly relevant'),
      tb.GroupFieldOption('irrelevant', 'Irrelevant'),
    ],
    validation: tb.RequiredConditionV1(),
  },
);
const general_interface = tb.SidebarLayoutV1(
  tb.ListViewV1([product_image, product_description], {direction: 'vertical'}),
  tb.ListViewV1([request, google_link, divider, label], {direction: 'vertical'}),
  {min_width: 400},
);
result = toloka.project.TemplateBuilderViewSpec({
  view: tb.ListViewV1([general_interface]),
  plugins: [tb.TolokaPluginV1({layout: tb.TolokaPluginV1.TolokaPluginLayout({kind: 'scroll', task_width: 600})})],
});
