//go:build !unix

package stdlib

import "os"

func umask() os.FileMode { return 0o022 }
