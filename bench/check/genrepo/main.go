// Command genrepo writes a `git fast-import` stream for the release-guard
// benchmark: a first commit with many tracked files, a long linear history
// touching one file, and annotated tags spread over it. Every tagged
// commit bumps the version files that follow the releases (package.json,
// three workspace packages, VERSION) and the changelog, as a real project
// does, so that discovery reads them at the previous release's tag; a UI
// package on its own scheme and test fixtures are left alone. The HEAD
// commit is ready to release the version after the highest tag.
//
//	go run ./bench/check/genrepo -commits 100000 -tags 5000 -files 20000 | git fast-import
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
)

func main() {
	commits := flag.Int("commits", 100000, "number of commits")
	tags := flag.Int("tags", 5000, "number of annotated tags")
	files := flag.Int("files", 20000, "number of tracked files")
	flag.Parse()
	if *commits < 2 || *tags < 1 || *tags > *commits-1 || *files < 1 {
		fmt.Fprintln(os.Stderr, "genrepo: need commits >= 2, 1 <= tags < commits and files >= 1")
		os.Exit(2)
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()

	const when = 1700000000
	data := func(s string) { fmt.Fprintf(w, "data %d\n%s\n", len(s), s) }
	commit := func(mark, at int, msg string) {
		fmt.Fprintf(w, "commit refs/heads/main\nmark :%d\n", mark)
		fmt.Fprintf(w, "author Bench <bench@example.com> %d +0000\n", when+at)
		fmt.Fprintf(w, "committer Bench <bench@example.com> %d +0000\n", when+at)
		data(msg)
	}

	// bump writes the files that follow the releases.
	bump := func(v, prev string) {
		for _, p := range []string{"package.json", "packages/api/package.json", "packages/web/package.json", "packages/cli/package.json"} {
			fmt.Fprintf(w, "M 100644 inline %s\n", p)
			data(fmt.Sprintf("{\n  \"name\": %q,\n  \"version\": %q,\n  \"private\": true\n}\n", p, v))
		}
		w.WriteString("M 100644 inline VERSION\n")
		data(v + "\n")
		w.WriteString("M 100644 inline CHANGELOG.md\n")
		log := fmt.Sprintf("# Changelog\n\n## [%s] - 2025-01-27\n\n- Benchmark release.\n", v)
		if prev != "" {
			log += fmt.Sprintf("\n## [%s]\n\n- Previous.\n", prev)
		}
		data(log)
	}

	// Commit 1: the tree. Files are spread over 200 directories the way
	// a monorepo's sources are.
	commit(1, 0, "initial import")
	for i := range *files {
		fmt.Fprintf(w, "M 100644 inline src/pkg%03d/file%05d.go\n", i%200, i)
		data(fmt.Sprintf("package pkg%03d\n\nconst N%d = %d\n", i%200, i, i))
	}
	w.WriteString("M 100644 inline web/ui/package.json\n")
	data("{\"name\": \"ui\", \"version\": \"0.1.0\"}\n")
	w.WriteString("M 100644 inline src/pkg000/testdata/package.json\n")
	data("{\"name\": \"fixture\", \"version\": \"0.0.1\"}\n")
	w.WriteString("M 100644 inline pnpm-workspace.yaml\n")
	data("packages:\n  - packages/*\n")
	w.WriteString("\n")

	// Commits 2..N touch one file; every step-th commit gets the next tag.
	step := (*commits - 1) / *tags
	tagged := 0
	version := func(k int) string { return fmt.Sprintf("0.%d.%d", k/100, k%100) }
	highest := version(*tags - 1)
	next := fmt.Sprintf("0.%d.0", (*tags-1)/100+1)
	for c := 2; c <= *commits; c++ {
		commit(c, c, fmt.Sprintf("change %d", c))
		w.WriteString("M 100644 inline src/counter.txt\n")
		data(fmt.Sprint(c))
		willTag := tagged < *tags && (c-1)%step == 0 && c != *commits
		switch {
		case c == *commits:
			bump(next, highest)
		case willTag:
			prev := ""
			if tagged > 0 {
				prev = version(tagged - 1)
			}
			bump(version(tagged), prev)
		}
		w.WriteString("\n")
		if willTag {
			fmt.Fprintf(w, "tag v%s\nfrom :%d\n", version(tagged), c)
			fmt.Fprintf(w, "tagger Bench <bench@example.com> %d +0000\n", when+c)
			data("release v" + version(tagged))
			tagged++
		}
	}
	// The script reads the version to check from here.
	fmt.Fprintf(os.Stderr, "next=%s\n", next)
}
