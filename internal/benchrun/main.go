// Command benchrun runs a command several times and prints the median wall
// time, the median CPU time (user + system, from the kernel's accounting of
// the child) and the largest peak resident set size, on one line that
// scripts/bench reads:
//
//	benchrun -n 5 -- rampart lint dir
//	wall=0.412 cpu=0.731 rss_mb=61.2 exit=1 runs=5
//
// CPU time is reported beside wall time because the benchmark machine is
// shared: when other processes compete for the cores, wall time grows but
// the CPU a run needs does not. The command's output goes to /dev/null.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	runs := flag.Int("n", 1, "number of runs")
	okCodes := flag.String("ok", "0,1", "exit codes that count as success, comma-separated")
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 || *runs < 1 {
		fmt.Fprintln(os.Stderr, "usage: benchrun [-n runs] [-ok 0,1] -- command [args...]")
		os.Exit(2)
	}
	ok := map[int]bool{}
	for _, s := range strings.Split(*okCodes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			fmt.Fprintf(os.Stderr, "benchrun: -ok: %v\n", err)
			os.Exit(2)
		}
		ok[n] = true
	}
	var walls, cpus []float64
	var rss int64
	code := 0
	for i := 0; i < *runs; i++ {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Stderr = os.Stderr
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		var exitErr *exec.ExitError
		if err != nil && !errors.As(err, &exitErr) {
			fmt.Fprintf(os.Stderr, "benchrun: %v\n", err)
			os.Exit(2)
		}
		code = cmd.ProcessState.ExitCode()
		if !ok[code] {
			fmt.Fprintf(os.Stderr, "benchrun: %s exited with status %d\n", args[0], code)
			os.Exit(2)
		}
		ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		if ru == nil {
			fmt.Fprintln(os.Stderr, "benchrun: no resource usage on this system")
			os.Exit(2)
		}
		walls = append(walls, wall.Seconds())
		cpus = append(cpus, (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds())
		rss = max(rss, maxRSSBytes(ru))
	}
	fmt.Printf("wall=%.4f cpu=%.4f rss_mb=%.1f exit=%d runs=%d\n", median(walls), median(cpus), float64(rss)/(1<<20), code, *runs)
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
