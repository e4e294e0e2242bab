package client

import "encoding/json"

// App is a ready-made Toloka solution.
type App struct {
	ID                     string                `json:"id,omitempty"`
	Name                   string                `json:"name,omitempty"`
	Image                  string                `json:"image,omitempty"`
	Description            string                `json:"description,omitempty"`
	DefaultItemPrice       Decimal               `json:"default_item_price,omitzero"`
	Examples               json.RawMessage       `json:"examples,omitempty"` // any JSON: toloka-kit and the API description give it no type
	ConstraintsDescription string                `json:"constraints_description,omitempty"`
	ParamSpec              Values                `json:"param_spec,omitempty"`
	InputSpec              map[string]*FieldSpec `json:"input_spec,omitempty"`
	OutputSpec             map[string]*FieldSpec `json:"output_spec,omitempty"`
	InputFormatInfo        Values                `json:"input_format_info,omitempty"`
	Extra                  Extra                 `json:"-"`
}

// AppProject is an App set up for your data.
type AppProject struct {
	ID                 string             `json:"id,omitempty"`
	AppID              string             `json:"app_id,omitempty"`
	ParentAppProjectID *string            `json:"parent_app_project_id,omitempty"`
	Name               string             `json:"name,omitempty"`
	Parameters         Values             `json:"parameters,omitempty"`
	Status             string             `json:"status,omitempty"`
	Created            Timestamp          `json:"created,omitempty"`
	ItemPrice          Decimal            `json:"item_price,omitzero"`
	Errors             []*AppError        `json:"errors,omitempty"`
	ReadOnly           *bool              `json:"read_only,omitempty"`
	App                *AppLightestResult `json:"app,omitempty"`
	Extra              Extra              `json:"-"`
}

// AppItem is one item of an App project.
type AppItem struct {
	ID           string      `json:"id,omitempty"`
	AppProjectID string      `json:"app_project_id,omitempty"`
	BatchID      string      `json:"batch_id,omitempty"`
	InputData    Values      `json:"input_data,omitempty"`
	Status       string      `json:"status,omitempty"`
	OutputData   Values      `json:"output_data,omitempty"`
	Errors       []*AppError `json:"errors,omitempty"`
	CreatedAt    Timestamp   `json:"created_at,omitempty"`
	StartedAt    Timestamp   `json:"started_at,omitempty"`
	FinishedAt   Timestamp   `json:"finished_at,omitempty"`
	Extra        Extra       `json:"-"`
}

// AppBatch is a batch of App items.
type AppBatch struct {
	ID                  string         `json:"id,omitempty"`
	AppProjectID        string         `json:"app_project_id,omitempty"`
	Name                string         `json:"name,omitempty"`
	Status              string         `json:"status,omitempty"`
	ItemsCount          *int           `json:"items_count,omitempty"`
	ItemPrice           Decimal        `json:"item_price,omitzero"`
	Cost                Decimal        `json:"cost,omitzero"`
	CostOfProcessed     Decimal        `json:"cost_of_processed,omitzero"`
	CreatedAt           Timestamp      `json:"created_at,omitempty"`
	StartedAt           Timestamp      `json:"started_at,omitempty"`
	FinishedAt          Timestamp      `json:"finished_at,omitempty"`
	ReadOnly            *bool          `json:"read_only,omitempty"`
	PriorityOrder       string         `json:"priority_order,omitempty"`
	LastItemsImport     *AppItemImport `json:"last_items_import,omitempty"`
	ConfidenceAvg       *float64       `json:"confidence_avg,omitempty"`
	ItemsProcessedCount *int           `json:"items_processed_count,omitempty"`
	ETA                 Timestamp      `json:"eta,omitempty"`
	ETD                 Timestamp      `json:"etd,omitempty"`
	AppProjectETA       Timestamp      `json:"app_project_eta,omitempty"`
	ItemsPerState       Values         `json:"items_per_state,omitempty"`
	CurrentTime         Timestamp      `json:"current_time,omitempty"`
	Extra               Extra          `json:"-"`
}

// AppError is an error of an App project or item.
type AppError struct {
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	Payload Values `json:"payload,omitempty"`
	Extra   Extra  `json:"-"`
}

// AppLightestResult names the App of an App project.
type AppLightestResult struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name,omitempty"`
	Extra Extra  `json:"-"`
}

// AppItemImport is how the last import of items into an App batch went.
type AppItemImport struct {
	ID               string `json:"id,omitempty"`
	RecordsCount     *int   `json:"records_count,omitempty"`
	RecordsProcessed *int   `json:"records_processed,omitempty"`
	RecordsSkipped   *int   `json:"records_skipped,omitempty"`
	Errors           Values `json:"errors,omitempty"`
	Extra            Extra  `json:"-"`
}

// AppItemsCreateRequest adds items in bulk.
type AppItemsCreateRequest struct {
	BatchID          string   `json:"batch_id,omitempty"`
	Items            []Values `json:"items"`
	ForceNewOriginal *bool    `json:"force_new_original,omitempty"`
	IgnoreErrors     *bool    `json:"ignore_errors,omitempty"`
	Extra            Extra    `json:"-"`
}

// AppBatchCreateRequest creates a batch with its items.
type AppBatchCreateRequest struct {
	Name             string   `json:"name,omitempty"`
	Items            []Values `json:"items"`
	PriorityOrder    string   `json:"priority_order,omitempty"`
	ForceNewOriginal *bool    `json:"force_new_original,omitempty"`
	IgnoreErrors     *bool    `json:"ignore_errors,omitempty"`
	Extra            Extra    `json:"-"`
}

// SyncBatchCreateRequest processes a batch synchronously.
type SyncBatchCreateRequest struct {
	Name  string   `json:"name,omitempty"`
	Items []Values `json:"items"`
	Extra Extra    `json:"-"`
}

// AppBatchPatch renames or reprioritises a batch.
type AppBatchPatch struct {
	Name          string `json:"name,omitempty"`
	PriorityOrder string `json:"priority_order,omitempty"`
	Extra         Extra  `json:"-"`
}
