package main

import (
	"encoding/json"
	"reflect"
	"testing"
)

const description = `
openapi: 3.0.1
servers:
  - url: 'https://sandbox.toloka.dev/api/v1'
    description: Toloka sandbox server URL.
info:
  title: Toloka API
  version: '1.0'
  description:
    $ref: './parts/api/info-description.md'
tags:
  - name: pool
paths:
  /pools/{id}:
    summary: a pool
    parameters:
      - name: id
        in: path
        required: true
    get:
      operationId: getPool
      summary: Get pool
      parameters:
        - name: fields
          in: query
          description: which fields
          schema:
            type: string
      responses:
        '200':
          description: OK
    delete: {summary: Delete pool}
  /pools:
    post:
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/PoolFormV1'}}}
      x-code-samples:
        $ref: ./code-samples/api/post-pools.yaml
components:
  schemas:
    PoolFormV1:
      type: object
      description: a pool
      required: [project_id, private_name]
      properties:
        project_id: {type: string, description: the project}
        priority: {type: integer, default: 0}
        status: {type: string, enum: [OPEN, CLOSED], example: OPEN}
        tags: {type: array, items: {type: string, enum: [a, b]}}
    Empty: {type: object, description: nothing kept but the name}
`

func TestTrimKeepsRoutesParameterNamesAndSchemaRules(t *testing.T) {
	out, err := trimmed([]byte(description), source{Commit: "c0ffee", Path: "fullApi.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	var got any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var want any
	json.Unmarshal([]byte(`{
		"openapi": "3.0.1",
		"servers": [{"url": "https://sandbox.toloka.dev/api/v1"}],
		"info": {"title": "Toloka API", "version": "1.0"},
		"paths": {
			"/pools/{id}": {
				"parameters": [{"name": "id", "in": "path"}],
				"get": {"operationId": "getPool", "parameters": [{"name": "fields", "in": "query", "description": "which fields"}]},
				"delete": {}
			},
			"/pools": {"post": {}}
		},
		"components": {"schemas": {
			"PoolFormV1": {
				"required": ["project_id", "private_name"],
				"properties": {
					"priority": {"default": 0},
					"status": {"enum": ["OPEN", "CLOSED"]},
					"tags": {"items": {"enum": ["a", "b"]}}
				}
			},
			"Empty": {}
		}},
		"x-source": {"repository": "", "commit": "c0ffee", "path": "fullApi.yaml", "sha256": ""}
	}`), &want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("trimmed:\n%s", out)
	}
}

func TestTrimRefusesWhatIsNotADescription(t *testing.T) {
	for _, src := range []string{"", "a: [", "openapi: 3.0.1\ninfo: {title: x}\n"} {
		if out, err := trimmed([]byte(src), source{}); err == nil {
			t.Errorf("%q: no error, got %s", src, out)
		}
	}
}

func TestRuleSegments(t *testing.T) {
	for _, c := range []struct {
		rule, at []string
		want     bool
	}{
		{[]string{"paths", "*", methods}, []string{"paths", "/pools", "get"}, true},
		{[]string{"paths", "*", methods}, []string{"paths", "/pools", "summary"}, false},
		{[]string{"info", "title|version"}, []string{"info", "version"}, true},
		{[]string{"info", "title|version"}, []string{"info", "description"}, false},
		{[]string{"servers", "*", "url"}, []string{"servers", "0", "url"}, true},
		{[]string{"servers", "*", "url"}, []string{"servers", "0"}, false},
	} {
		if got := matchesAny([][]string{c.rule}, c.at); got != c.want {
			t.Errorf("%q at %q: %v, want %v", c.rule, c.at, got, c.want)
		}
	}
}
