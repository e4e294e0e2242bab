package client

// UserBonus is money paid to a Toloker beyond the reward.
type UserBonus struct {
	ID             string        `json:"id,omitempty"`
	UserID         string        `json:"user_id,omitempty"`
	Amount         Decimal       `json:"amount,omitzero"`
	PrivateComment string        `json:"private_comment,omitempty"`
	PublicTitle    LocalizedText `json:"public_title,omitempty"`
	PublicMessage  LocalizedText `json:"public_message,omitempty"`
	WithoutMessage *bool         `json:"without_message,omitempty"`
	AssignmentID   string        `json:"assignment_id,omitempty"`
	Created        Timestamp     `json:"created,omitempty"`
	Extra          Extra         `json:"-"`
}

// UserRestriction bars a Toloker from a scope (SYSTEM, ALL_PROJECTS, PROJECT, POOL).
type UserRestriction struct {
	ID             string               `json:"id,omitempty"`
	Scope          UserRestrictionScope `json:"scope,omitempty"`
	UserID         string               `json:"user_id,omitempty"`
	ProjectID      string               `json:"project_id,omitempty"`
	PoolID         string               `json:"pool_id,omitempty"`
	PrivateComment string               `json:"private_comment,omitempty"`
	WillExpire     Timestamp            `json:"will_expire,omitempty"`
	Created        Timestamp            `json:"created,omitempty"`
	Extra          Extra                `json:"-"`
}

// UserSkill is a Toloker's value of a skill.
type UserSkill struct {
	ID         string    `json:"id,omitempty"`
	SkillID    string    `json:"skill_id,omitempty"`
	UserID     string    `json:"user_id,omitempty"`
	Value      *int      `json:"value,omitempty"`
	ExactValue Decimal   `json:"exact_value,omitzero"`
	Created    Timestamp `json:"created,omitempty"`
	Modified   Timestamp `json:"modified,omitempty"`
	Extra      Extra     `json:"-"`
}

// SetUserSkillRequest sets a Toloker's skill value.
type SetUserSkillRequest struct {
	SkillID string  `json:"skill_id,omitempty"`
	UserID  string  `json:"user_id,omitempty"`
	Value   Decimal `json:"value,omitzero"`
	Extra   Extra   `json:"-"`
}

// User is a Toloker's metadata.
type User struct {
	ID           string          `json:"id,omitempty"`
	Country      string          `json:"country,omitempty"`
	Languages    []string        `json:"languages,omitempty"`
	AdultAllowed *bool           `json:"adult_allowed,omitempty"`
	Attributes   *UserAttributes `json:"attributes,omitempty"`
	Extra        Extra           `json:"-"`
}

// UserAttributes are what Toloka tells of a Toloker from their phone
// number, IP address and device.
type UserAttributes struct {
	CountryByPhone  string  `json:"country_by_phone,omitempty"` // two-letter country code
	CountryByIP     string  `json:"country_by_ip,omitempty"`
	ClientType      string  `json:"client_type,omitempty"`     // TOLOKA_APP or BROWSER
	UserAgentType   string  `json:"user_agent_type,omitempty"` // BROWSER, MOBILE_BROWSER or OTHER
	DeviceCategory  string  `json:"device_category,omitempty"` // PERSONAL_COMPUTER, SMARTPHONE, TABLET, WEARABLE_COMPUTER
	OSFamily        string  `json:"os_family,omitempty"`       // ANDROID, IOS, WINDOWS, …
	OSVersion       Decimal `json:"os_version,omitzero"`       // as sent: 10.10 stays 10.10
	OSVersionMajor  *int    `json:"os_version_major,omitempty"`
	OSVersionMinor  *int    `json:"os_version_minor,omitempty"`
	OSVersionBugfix *int    `json:"os_version_bugfix,omitempty"`
	Extra           Extra   `json:"-"`
}

// Requester is your account.
type Requester struct {
	ID         string        `json:"id,omitempty"`
	Balance    Decimal       `json:"balance,omitzero"`
	PublicName LocalizedText `json:"public_name,omitempty"`
	Company    *Company      `json:"company,omitempty"`
	Extra      Extra         `json:"-"`
}

// Company is the company an account belongs to.
type Company struct {
	ID               string `json:"id,omitempty"`
	SuperintendentID string `json:"superintendent_id,omitempty"`
	Extra            Extra  `json:"-"`
}

// MessageThread is a conversation with Tolokers.
type MessageThread struct {
	ID                   string          `json:"id,omitempty"`
	Topic                LocalizedText   `json:"topic,omitempty"`
	InterlocutorsInlined *bool           `json:"interlocutors_inlined,omitempty"`
	Interlocutors        []*Interlocutor `json:"interlocutors,omitempty"`
	MessagesInlined      *bool           `json:"messages_inlined,omitempty"`
	Messages             []*Message      `json:"messages,omitempty"`
	Meta                 *ThreadMeta     `json:"meta,omitempty"`
	Answerable           *bool           `json:"answerable,omitempty"`
	Folders              []Folder        `json:"folders,omitempty"`
	ComposeDetails       *ComposeDetails `json:"compose_details,omitempty"`
	Created              Timestamp       `json:"created,omitempty"`
	Extra                Extra           `json:"-"`
}

// Interlocutor is a participant of a message thread.
type Interlocutor struct {
	ID     string           `json:"id,omitempty"`
	Role   InterlocutorRole `json:"role,omitempty"`
	Myself *bool            `json:"myself,omitempty"`
	Extra  Extra            `json:"-"`
}

// Message is one message of a thread.
type Message struct {
	Text    LocalizedText `json:"text,omitempty"`
	From    *Interlocutor `json:"from,omitempty"`
	Created Timestamp     `json:"created,omitempty"`
	Extra   Extra         `json:"-"`
}

// ThreadMeta is the pool, project or assignment a thread is about.
type ThreadMeta struct {
	PoolID       string `json:"pool_id,omitempty"`
	ProjectID    string `json:"project_id,omitempty"`
	AssignmentID string `json:"assignment_id,omitempty"`
	Extra        Extra  `json:"-"`
}

// ComposeDetails say to whom a thread was sent.
type ComposeDetails struct {
	RecipientsSelectType RecipientsSelectType `json:"recipients_select_type,omitempty"`
	RecipientsIDs        []string             `json:"recipients_ids,omitempty"`
	RecipientsFilter     FilterCondition      `json:"recipients_filter,omitempty"`
	Extra                Extra                `json:"-"`
}

// MessageThreadCompose starts a thread.
type MessageThreadCompose struct {
	RecipientsSelectType RecipientsSelectType `json:"recipients_select_type,omitempty"`
	Topic                LocalizedText        `json:"topic,omitempty"`
	Text                 LocalizedText        `json:"text,omitempty"`
	Answerable           *bool                `json:"answerable,omitempty"`
	RecipientsIDs        []string             `json:"recipients_ids,omitempty"`
	RecipientsFilter     FilterCondition      `json:"recipients_filter,omitempty"`
	Extra                Extra                `json:"-"`
}

// MessageThreadReply answers in a thread.
type MessageThreadReply struct {
	Text  LocalizedText `json:"text,omitempty"`
	Extra Extra         `json:"-"`
}

// WebhookSubscription sends pool events to a URL.
type WebhookSubscription struct {
	ID         string                       `json:"id,omitempty"`
	WebhookURL string                       `json:"webhook_url,omitempty"`
	EventType  WebhookSubscriptionEventType `json:"event_type,omitempty"`
	PoolID     string                       `json:"pool_id,omitempty"`
	SecretKey  string                       `json:"secret_key,omitempty"`
	Created    Timestamp                    `json:"created,omitempty"`
	Extra      Extra                        `json:"-"`
}
