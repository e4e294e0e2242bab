package client_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

// TestErrorsNameTheMethodCalled: an error names the method the caller
// called, not the row whose request failed inside it (accept_assignment
// sends patch_assignment's request; open_pool the request of open_pool_async).
func TestErrorsNameTheMethodCalled(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{})
	c := fastClient(t, em.URL)
	ctx := context.Background()
	for _, tc := range []struct {
		method string
		call   func() error
	}{
		{"accept_assignment", func() error { _, err := c.AcceptAssignment(ctx, "nope", ""); return err }},
		{"reject_assignment", func() error { _, err := c.RejectAssignment(ctx, "nope", "bad"); return err }},
		{"open_pool", func() error { _, err := c.OpenPool(ctx, "123456789"); return err }},
		{"archive_project", func() error { _, err := c.ArchiveProject(ctx, "123456789"); return err }},
		{"get_pool", func() error { _, err := c.GetPool(ctx, "123456789"); return err }},
	} {
		err := tc.call()
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || !errors.Is(err, client.ErrNotFound) {
			t.Errorf("%s: %v, want a DOES_NOT_EXIST *APIError", tc.method, err)
			continue
		}
		if apiErr.Method != tc.method || !strings.HasPrefix(err.Error(), tc.method+": DOES_NOT_EXIST") {
			t.Errorf("%s: the error names %q: %v", tc.method, apiErr.Method, err)
		}
	}
}
