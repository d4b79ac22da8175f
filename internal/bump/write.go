package bump

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/relguard/relguard/internal/replacefile"
	"github.com/relguard/relguard/internal/unifieddiff"
)

// Write writes the files under root all or nothing, as far as a file
// system allows (see replacefile.All).
func Write(root string, files []File) error {
	targets := make([]replacefile.File, len(files))
	for i, f := range files {
		targets[i] = replacefile.File{Path: filepath.Join(root, filepath.FromSlash(f.Path)), Name: f.Path, Data: f.Data, Create: f.Created}
	}
	return replacefile.All(targets)
}

// WriteDiff prints the files' changes as a unified diff with a/ and b/
// prefixes, which `git apply` and `patch -p1` accept.
func WriteDiff(w io.Writer, files []File) error {
	for _, f := range files {
		before, after := string(f.Original), string(f.Data)
		oldLabel := "a/" + f.Path
		if f.Created {
			oldLabel = "/dev/null"
			if _, err := fmt.Fprintf(w, "diff --git a/%s b/%s\nnew file mode 100644\n", f.Path, f.Path); err != nil {
				return err
			}
		}
		if err := unifieddiff.Write(w, oldLabel, "b/"+f.Path, before, after); err != nil {
			return err
		}
	}
	return nil
}
