package bindings

import (
	_ "embed"
	"sort"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/require"

	"github.com/tolokash/tolokash/internal/schema"
)

// The model classes (require('toloka'), require('toloka/template_builder'),
// toloka.Pool, toloka.filter, …) are built from the schema's description,
// once per VM and each when a script first names it: models.js and
// models_special.js in JavaScript, their hot paths and namespaces in Go
// (models_native.go, models_fast.go, models_namespace.go).

//go:embed models.js
var modelsSrc string

//go:embed models_special.js
var modelsSpecialSrc string

var (
	modelsProgram  = sync.OnceValue(func() *goja.Program { return goja.MustCompile("tolokash/models.js", modelsSrc, true) })
	specialProgram = sync.OnceValue(func() *goja.Program {
		return goja.MustCompile("tolokash/models_special.js", modelsSpecialSrc, true)
	})
)

// modelsKey holds a VM's require('toloka') on its global object. A Go
// symbol, not Symbol.for: toloka.Task reads it on every access.
var modelsKey = goja.NewSymbol("tolokash.models")

// Models returns the root of the model classes in vm (what require('toloka')
// gives), setting it up on first use.
func Models(vm *goja.Runtime) *goja.Object {
	global := vm.GlobalObject()
	if v := global.GetSymbol(modelsKey); v != nil && !goja.IsUndefined(v) {
		return v.(*goja.Object)
	}
	root := newModelSet(vm).start()
	_ = global.DefineDataPropertySymbol(modelsKey, root, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	return root
}

// RegisterModules makes require('toloka') and require('toloka/template_builder')
// return the model classes, and require('toloka/streaming') and
// require('toloka/metrics') toloka-kit's streaming and metrics.
func RegisterModules(reg *require.Registry) {
	reg.RegisterNativeModule("toloka", func(vm *goja.Runtime, module *goja.Object) {
		module.Set("exports", Models(vm))
	})
	reg.RegisterNativeModule("toloka/template_builder", func(vm *goja.Runtime, module *goja.Object) {
		module.Set("exports", Models(vm).Get("project").ToObject(vm).Get("template_builder"))
	})
	registerWorkflowModules(reg) // toloka/streaming, toloka/metrics (streaming.go)
}

// modelRootNames are the members of the model root, known without building it:
// the top-level classes, the module namespaces and unchecked.
var modelRootNames = sync.OnceValue(func() []string {
	s := schema.Load()
	seen := map[string]bool{"unchecked": true, "filter": true, "collectors": true, "conditions": true, "actions": true}
	for _, m := range s.Modules {
		seen[strings.Split(m.Path, ".")[0]] = true
		for _, a := range m.Also {
			seen[strings.Split(a, ".")[0]] = true
		}
	}
	for _, c := range s.Classes {
		if c.Top {
			seen[c.Name] = true
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
})

// modelRoots are modelRootNames written out, so that making a toloka object
// does not parse the description (2.5 ms, more than half of a start-up);
// TestModelRootsAreCurrent holds the two equal.
var modelRoots = []string{
	"AggregatedSolution", "Assignment", "AssignmentPatch", "Attachment", "MessageThread", "MessageThreadCompose",
	"MessageThreadFolders", "MessageThreadReply", "Pool", "PoolPatchRequest", "Project", "SetUserSkillRequest", "Skill",
	"Task", "TaskSuite", "Training", "UserBonus", "UserRestriction", "UserSkill", "WebhookSubscription", "actions",
	"aggregation", "analytics_request", "assignment", "attachment", "collectors", "conditions", "filter",
	"message_thread", "operations", "owner", "pool", "primitives", "project", "quality_control", "skill", "solution",
	"task", "task_distribution_function", "task_suite", "training", "unchecked", "user_bonus", "user_restriction",
	"user_skill", "webhook_subscription",
}
