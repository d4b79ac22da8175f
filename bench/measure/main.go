// Command measure runs a command several times and prints its median wall
// time and peak resident set size, for relguard's benchmark scripts.
//
// Usage:
//
//	go run ./bench/measure [-runs N] [-allow-exit 0,1] [-warmup] -- command [args...]
//
// It prints one line:
//
//	runs=5 median=1.234s min=1.200s max=1.300s maxrss=123MB
//
// maxrss is the largest peak RSS of any single run, where a run's peak is
// that of the largest process in its tree (the command or a child it
// waited for, such as the go list that go/packages starts). The command's
// output is discarded; a run that exits with a code not in -allow-exit
// stops the measurement with exit code 1, and its stderr is shown.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("measure", flag.ContinueOnError)
	fs.SetOutput(stderr)
	runs := fs.Int("runs", 5, "number of measured `runs`")
	allow := fs.String("allow-exit", "0", "comma-separated exit `codes` that count as success")
	warmup := fs.Bool("warmup", false, "run the command once, unmeasured, before the measured runs")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: measure [-runs N] [-allow-exit 0,1] [-warmup] -- command [args...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cmdline := fs.Args()
	if len(cmdline) == 0 || *runs < 1 {
		fs.Usage()
		return 2
	}
	allowed := map[int]bool{}
	for _, s := range strings.Split(*allow, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			fmt.Fprintf(stderr, "measure: -allow-exit %q: want comma-separated integers\n", *allow)
			return 2
		}
		allowed[n] = true
	}

	if *warmup {
		if _, _, err := once(cmdline, allowed); err != nil {
			fmt.Fprintf(stderr, "measure: warm-up run: %v\n", err)
			return 1
		}
	}
	var walls []time.Duration
	var maxRSS int64
	for i := 0; i < *runs; i++ {
		wall, rss, err := once(cmdline, allowed)
		if err != nil {
			fmt.Fprintf(stderr, "measure: run %d: %v\n", i+1, err)
			return 1
		}
		walls = append(walls, wall)
		maxRSS = max(maxRSS, rss)
	}
	slices.Sort(walls)
	fmt.Fprintf(stdout, "runs=%d median=%.3fs min=%.3fs max=%.3fs maxrss=%dMB\n",
		len(walls), median(walls).Seconds(), walls[0].Seconds(), walls[len(walls)-1].Seconds(), maxRSS>>20)
	return 0
}

// once runs the command and returns its wall time and peak RSS in bytes.
func once(cmdline []string, allowed map[int]bool) (time.Duration, int64, error) {
	cmd := exec.Command(cmdline[0], cmdline[1:]...)
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return 0, 0, err
	}
	if code := cmd.ProcessState.ExitCode(); !allowed[code] {
		return 0, 0, fmt.Errorf("%s exited with %d:\n%s", strings.Join(cmdline, " "), code, tail(errBuf.String(), 20))
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss * 1024 // Linux reports kilobytes
	}
	return wall, rss, nil
}

func median(sorted []time.Duration) time.Duration {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func tail(s string, lines int) string {
	all := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}
