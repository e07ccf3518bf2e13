"""`make bench-web`: page weight and Lighthouse scores of the main pages, as served in production.

Starts the production profile (`scripts/prod.py --ready-file`: nginx in front of the app servers,
hashed and pre-compressed static files) on a free port of 127.0.0.1, in its own var directory so
it never collides with a `make prod` that is already running; runs Lighthouse 12 (installed in
bench/web/node_modules by `npm ci`) on each page with the default mobile settings (Moto G Power
emulation, simulated slow 4G and 4x CPU throttling) and a cold cache; records the performance and
accessibility scores, LCP, the bytes transferred and the JavaScript bytes; stops the profile (also
on error or Ctrl-C).

Lighthouse never leaves the loopback: only the performance and accessibility categories run (the
SEO category would fetch robots.txt, still local, but nothing else is needed), error reporting is
off, Chrome's background networking, component updater, sync and QUIC are off, and its host
resolver maps every name except 127.0.0.1 to "not found", so a stray request fails instead of
reaching the internet.

Each page is measured BENCH_WEB_RUNS times (default 3) and the median run (by performance score)
is kept: simulated throttling is computed from a real trace, and on a small shared machine one run
can catch a busy moment. Targets (printed and recorded, the exit code says whether all were met):
performance >= 95 and accessibility 100 on every page; the home page under 60 KB transferred and
under 20 KB of JavaScript.

Environment: BENCH_WEB_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/kotalive_web),
BENCH_WEB_REDIS_URL (default redis://127.0.0.1:6379/5), BENCH_WEB_RUNS, CHROME_PATH (default
/usr/bin/chromium). Results: bench/results/web-latest.json and web-latest.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "bench" / "web"
RESULTS = ROOT / "bench" / "results"
LIGHTHOUSE = WEB / "node_modules" / "lighthouse" / "cli" / "index.js"
PROD_READY_TIMEOUT = 300.0  # migrate + seed + collectstatic on a fresh database, then readiness
PROD_STOP_TIMEOUT = 40.0  # prod.py's own grace period is 15 s per process group
LIGHTHOUSE_TIMEOUT = 180.0
LIGHTHOUSE_ATTEMPTS = 3

PAGES: list[tuple[str, str]] = [
    ("home", "/"),
    ("catalog: category", "/kategori/kependudukan/"),
    ("catalog: menu", "/layanan/akta-kelahiran-online/"),
    ("sign-in", "/masuk/"),
    # The public LAKSA reports: list and map (Leaflet); a resident's first look at complaints.
    ("LAKSA: public reports", "/laporan/"),
]

CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-default-browser-check",
    # Anything but the loopback fails to resolve: the benchmark must never reach the network.
    '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"',
]

TARGET_PERFORMANCE = 95
TARGET_ACCESSIBILITY = 100
HOME_MAX_BYTES = 60 * 1024
HOME_MAX_JS_BYTES = 20 * 1024


@dataclass
class PageResult:
    page: str
    path: str
    performance: int
    accessibility: int
    lcp_ms: float
    fcp_ms: float
    tbt_ms: float
    cls: float
    transfer_bytes: int
    js_bytes: int
    css_bytes: int
    requests: int
    runs: list[int]  # the performance score of every run, the kept one is the median
    not_passing: list[str]  # accessibility or performance audits and insights that did not pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_prod(var_dir: Path, port: int, ready_file: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env["DATABASE_URL"] = os.environ.get(
        "BENCH_WEB_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kotalive_web"
    )
    env["REDIS_URL"] = os.environ.get("BENCH_WEB_REDIS_URL", "redis://127.0.0.1:6379/5")
    env["CELERY_BROKER_URL"] = env["REDIS_URL"]
    env["KOTALIVE_VAR_DIR"] = str(var_dir)
    env.pop("PORT", None)
    log_path = var_dir / "bench-web-prod.log"
    var_dir.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as out:
        # Its own session, so Ctrl-C at the terminal reaches only us; we stop it with SIGTERM.
        return subprocess.Popen(  # noqa: S603
            [
                str(ROOT / ".venv" / "bin" / "python"),
                str(ROOT / "scripts" / "prod.py"),
                "--port",
                str(port),
                "--workers",
                "1",
                "--ready-file",
                str(ready_file),
            ],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def wait_ready(process: subprocess.Popen[bytes], ready_file: Path, log_path: Path) -> str:
    deadline = time.monotonic() + PROD_READY_TIMEOUT
    while time.monotonic() < deadline:
        if ready_file.exists() and ready_file.stat().st_size:
            return str(json.loads(ready_file.read_text(encoding="utf-8"))["url"])
        if process.poll() is not None:
            raise RuntimeError(f"scripts/prod.py exited with {process.returncode}; see {log_path}")
        time.sleep(0.5)
    raise RuntimeError(
        f"production profile not ready after {PROD_READY_TIMEOUT:.0f} s; see {log_path}"
    )


def stop_prod(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=PROD_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def run_lighthouse(url: str, out_path: Path, chrome_path: str) -> dict[str, Any]:
    command = [
        shutil.which("node") or "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out_path}",
        "--only-categories=performance,accessibility",
        "--no-enable-error-reporting",
        "--disable-full-page-screenshot",
        "--max-wait-for-load=30000",
        "--quiet",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]
    env = dict(os.environ, CHROME_PATH=chrome_path)
    problem = ""
    # Headless Chrome now and then loses a trace (NO_NAVSTART, NO_FCP) on a busy machine: the page
    # is fine and the next attempt records it, so a run is tried a few times before giving up.
    for _attempt in range(LIGHTHOUSE_ATTEMPTS):
        out_path.unlink(missing_ok=True)
        answer = subprocess.run(  # noqa: S603
            command,
            env=env,
            cwd=WEB,
            timeout=LIGHTHOUSE_TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        if answer.returncode == 0 and out_path.exists():
            report: dict[str, Any] = json.loads(out_path.read_text(encoding="utf-8"))
            if not report.get("runtimeError"):
                return report
            problem = str(report["runtimeError"])
        else:
            problem = f"exit code {answer.returncode}"
        print(f"[bench-web] Lighthouse failed on {url} ({problem}); trying again", flush=True)
    raise RuntimeError(f"Lighthouse failed on {url} {LIGHTHOUSE_ATTEMPTS} times: {problem}")


def summarize(page: str, path: str, reports: list[dict[str, Any]]) -> PageResult:
    def score(report: dict[str, Any], category: str) -> int:
        return round(float(report["categories"][category]["score"] or 0) * 100)

    ordered = sorted(reports, key=lambda r: score(r, "performance"))
    report = ordered[len(ordered) // 2]
    audits = report["audits"]
    by_type = {
        item["resourceType"]: item for item in audits["resource-summary"]["details"]["items"]
    }
    failed = sorted(
        ref["id"]
        for category in ("performance", "accessibility")
        for ref in report["categories"][category]["auditRefs"]
        # Weighted audits and the unweighted insights (render-blocking requests...), which say
        # where the next milliseconds are; the metrics themselves are recorded above.
        if audits[ref["id"]]["score"] is not None
        and audits[ref["id"]]["scoreDisplayMode"] in {"binary", "numeric", "metricSavings"}
        and audits[ref["id"]]["score"] < 1
        and ref["group"] != "metrics"
    )
    return PageResult(
        page=page,
        path=path,
        performance=score(report, "performance"),
        accessibility=score(report, "accessibility"),
        lcp_ms=round(audits["largest-contentful-paint"]["numericValue"], 1),
        fcp_ms=round(audits["first-contentful-paint"]["numericValue"], 1),
        tbt_ms=round(audits["total-blocking-time"]["numericValue"], 1),
        cls=round(audits["cumulative-layout-shift"]["numericValue"], 4),
        transfer_bytes=int(audits["total-byte-weight"]["numericValue"]),
        js_bytes=int(by_type.get("script", {}).get("transferSize", 0)),
        css_bytes=int(by_type.get("stylesheet", {}).get("transferSize", 0)),
        requests=int(by_type.get("total", {}).get("requestCount", 0)),
        runs=[score(r, "performance") for r in reports],
        not_passing=failed,
    )


def check_targets(results: list[PageResult]) -> list[str]:
    misses = []
    for result in results:
        if result.performance < TARGET_PERFORMANCE:
            misses.append(f"{result.path}: performance {result.performance} < {TARGET_PERFORMANCE}")
        if result.accessibility < TARGET_ACCESSIBILITY:
            misses.append(
                f"{result.path}: accessibility {result.accessibility} < {TARGET_ACCESSIBILITY}"
            )
        if result.path == "/":
            if result.transfer_bytes >= HOME_MAX_BYTES:
                misses.append(f"/: {result.transfer_bytes} bytes transferred >= {HOME_MAX_BYTES}")
            if result.js_bytes >= HOME_MAX_JS_BYTES:
                misses.append(f"/: {result.js_bytes} bytes of JavaScript >= {HOME_MAX_JS_BYTES}")
    return misses


def kib(value: int) -> str:
    return f"{value / 1024:.1f} KB"


def write_results(results: list[PageResult], misses: list[str], meta: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {**meta, "targets_met": not misses, "misses": misses}
    data["pages"] = [asdict(r) for r in results]
    (RESULTS / "web-latest.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    lines = [
        f"# Page weight and Lighthouse ({meta['finished']})",
        "",
        f"Lighthouse {meta['lighthouse']}, {meta['chrome']}, mobile preset (simulated slow 4G, "
        f"4x CPU), cold cache, production profile through nginx; median of {meta['runs']} runs. "
        f"Machine: {meta['machine']}.",
        "",
        "| page | path | performance | accessibility | LCP | transferred | JavaScript | CSS "
        "| requests |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.page} | `{r.path}` | {r.performance} | {r.accessibility} | "
            f"{r.lcp_ms / 1000:.2f} s | {kib(r.transfer_bytes)} | {kib(r.js_bytes)} | "
            f"{kib(r.css_bytes)} | {r.requests} |"
        )
    lines += [
        "",
        "Targets: performance >= 95 and accessibility 100 on every page; home page under 60 KB "
        "transferred and under 20 KB of JavaScript. "
        + ("All met." if not misses else "Missed: " + "; ".join(misses) + "."),
        "",
    ]
    if any(r.not_passing for r in results):
        lines += ["Not passing (weighted audits and unweighted insights):", ""]
        lines += [
            f"- `{r.path}`: " + ", ".join(f"`{name}`" for name in r.not_passing)
            for r in results
            if r.not_passing
        ]
        lines.append("")
    (RESULTS / "web-latest.md").write_text("\n".join(lines), encoding="utf-8")


def chrome_version(chrome_path: str) -> str:
    try:
        answer = subprocess.run(  # noqa: S603
            [chrome_path, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return "Chromium (unknown version)"
    return answer.stdout.strip() or "Chromium (unknown version)"


def main() -> int:
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `make bench-web` (npm ci in bench/web)", flush=True)
        return 2
    chrome_path = os.environ.get("CHROME_PATH") or "/usr/bin/chromium"
    runs = max(1, int(os.environ.get("BENCH_WEB_RUNS", "3")))
    var_dir = ROOT / "var" / "bench-web"
    port = free_port()
    results: list[PageResult] = []
    with tempfile.TemporaryDirectory(prefix="kotalive-bench-web-") as tmp_name:
        tmp = Path(tmp_name)
        ready_file = tmp / "ready.json"
        process = start_prod(var_dir, port, ready_file)
        try:
            base = wait_ready(process, ready_file, var_dir / "bench-web-prod.log").rstrip("/")
            print(f"[bench-web] production profile on {base}/", flush=True)
            for page, path in PAGES:
                # One unmeasured request first, so the app servers' first-request work (imports,
                # template compilation, connections) does not land in a measured run.
                run_lighthouse(base + path, tmp / "warm.json", chrome_path)
                reports = [
                    run_lighthouse(base + path, tmp / f"run{index}.json", chrome_path)
                    for index in range(runs)
                ]
                result = summarize(page, path, reports)
                results.append(result)
                print(
                    f"[bench-web] {path}: performance {result.performance} (runs {result.runs}), "
                    f"accessibility {result.accessibility}, LCP {result.lcp_ms:.0f} ms, "
                    f"{kib(result.transfer_bytes)} transferred, {kib(result.js_bytes)} JS"
                    + (
                        f"; not passing: {', '.join(result.not_passing)}"
                        if result.not_passing
                        else ""
                    ),
                    flush=True,
                )
        finally:
            stop_prod(process)
    lighthouse_version = json.loads(
        (WEB / "node_modules" / "lighthouse" / "package.json").read_text(encoding="utf-8")
    )["version"]
    meta = {
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "lighthouse": lighthouse_version,
        "chrome": chrome_version(chrome_path),
        "node": subprocess.run(  # noqa: S603
            [shutil.which("node") or "node", "--version"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout.strip(),
        "runs": runs,
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "settings": "mobile form factor, simulated throttling, cold cache",
    }
    misses = check_targets(results)
    write_results(results, misses, meta)
    print(f"[bench-web] wrote {RESULTS / 'web-latest.md'}", flush=True)
    for miss in misses:
        print(f"[bench-web] target missed: {miss}", flush=True)
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
